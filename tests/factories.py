"""Hand-built documents and corpora for tests that do not need the real parsing pipeline.

``make_doc`` builds a :class:`~cityreports.records.ParsedDocument` whose offsets are consistent
the way the pipeline's are: ``raw_text = prefix + normalised text``, so every raw offset is the
normalised offset plus ``len(prefix)`` and ``norm.raw_span(b.norm_start, b.norm_end) ==
(b.start, b.end)`` for every block and sentence. ``make_corpus`` wraps documents in the real
:class:`~cityreports.records.Corpus`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from cityreports.records import (
    Block,
    Corpus,
    DocumentMeta,
    NormalizedText,
    ParsedDocument,
    RawDocument,
    Sentence,
)


def make_doc(
    blocks: str | Sequence[tuple[str, str]],
    *,
    doc_id: str = "d",
    year: int | None = None,
    date: str = "",
    prefix: str = "",
    sentence_end: str = "。！？",
    script: str = "simplified",
    metadata: Mapping[str, str] | None = None,
) -> ParsedDocument:
    """A parsed document built by hand.

    ``blocks`` is either a string (one ``body`` block per non-empty line; the string itself is
    the normalised text) or a sequence of ``(role, text)`` blocks joined by ``"\\n"``; as in the
    pipeline, empty lines/texts make no block, and block ids count the blocks made. The raw
    text is ``prefix`` + the normalised text (as if normalisation had deleted ``prefix``).
    Sentences are cut within each block after every run of ``sentence_end`` characters.
    ``script`` is the normalised text's script and ``metadata`` the raw document's own fields.
    """
    if isinstance(blocks, str):
        blocks = [("body", line) for line in blocks.split("\n")]
    text = "\n".join(t for _, t in blocks)
    pieces, pos = [], 0  # (role, norm_start, text) of every non-empty block
    for role, btext in blocks:
        if btext:
            pieces.append((role, pos, btext))
        pos += len(btext) + 1

    k, n = len(prefix), len(text)
    norm = NormalizedText(text, np.arange(n) + k, np.arange(1, n + 1) + k, n + k, script)
    ends = re.escape(sentence_end)
    sentence_re = re.compile(f"[^{ends}]*[{ends}]+|[^{ends}]+" if sentence_end else ".+", re.S)
    blks: list[Block] = []
    sents: list[Sentence] = []
    for block_id, (role, s, btext) in enumerate(pieces):
        blks.append(Block(block_id, role, s + k, s + len(btext) + k, s, s + len(btext), btext))
        for m in sentence_re.finditer(btext):
            a, b = s + m.start(), s + m.end()
            sents.append(
                Sentence(block_id, role, a + k, b + k, a, b, m.group(), sentence_id=len(sents))
            )
    raw = RawDocument(
        doc_id, f"{doc_id}.txt", "txt", "utf-8", "0" * 64, prefix + text, metadata or {}
    )
    meta = DocumentMeta(year=year, date=date)
    return ParsedDocument(raw, norm, tuple(blks), tuple(sents), meta)


def make_corpus(
    docs: Iterable[ParsedDocument], *, groups: Mapping[str, str] | None = None
) -> Corpus:
    """A real :class:`Corpus` of ``docs`` (kept in the order given).

    Every document is its own duplicate group unless ``groups`` maps its doc_id elsewhere.
    """
    docs = tuple(docs)
    duplicate_group = {d.doc_id: d.doc_id for d in docs}
    duplicate_group.update(groups or {})
    return Corpus(documents=docs, duplicate_group=duplicate_group)
