"""Keyword in context: every match of a pattern with its surrounding normalised text."""

from __future__ import annotations

import bisect
import re

import pandas as pd

from cityreports.errors import ParameterError
from cityreports.records import check_roles, corpus_documents

KWIC_COLUMNS = [
    "doc_id", "year", "block_id", "sentence_id", "start", "end", "norm_start", "norm_end",
    "left", "match", "right",
]


def compile_pattern(pattern: str, *, regex: bool = False) -> re.Pattern[str]:
    """The pattern as a compiled regex (escaped unless ``regex``); errors name the parameter."""
    if not isinstance(pattern, str) or not pattern:
        raise ParameterError("pattern", "must be a non-empty string")
    if not regex:
        return re.compile(re.escape(pattern))
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ParameterError("pattern", f"invalid regular expression: {exc}") from exc


def kwic(
    corpus, pattern: str, *, window: int = 20, regex: bool = False, roles=("body",)
) -> pd.DataFrame:
    """Concordance of ``pattern`` in the blocks with ``roles``.

    The pattern is matched on the normalised (simplified) text of each block, so a match never
    spans two blocks. ``start``/``end`` are raw offsets of the match; ``left``/``right`` are up
    to ``window`` normalised characters on either side, taken from the same document only
    (they may reach into neighbouring blocks of any role; line breaks are kept). Empty matches
    of a regex are skipped. Sorted by doc_id and position.
    """
    if not isinstance(window, int) or window < 0:
        raise ParameterError("window", f"must be an integer >= 0, got {window!r}")
    roles = check_roles(roles)
    compiled = compile_pattern(pattern, regex=regex)
    rows = []
    for doc in corpus_documents(corpus):
        text = doc.norm.text
        sents = sorted(doc.sentences, key=lambda s: s.norm_start)
        starts = [s.norm_start for s in sents]
        for block in doc.blocks:
            if block.role not in roles:
                continue
            for m in compiled.finditer(text, block.norm_start, block.norm_end):
                a, b = m.span()
                if a == b:
                    continue
                i = bisect.bisect_right(starts, a) - 1
                sid = sents[i].sentence_id if i >= 0 and a < sents[i].norm_end else pd.NA
                start, end = doc.norm.raw_span(a, b)
                rows.append(
                    (doc.doc_id, doc.meta.year, block.block_id, sid, start, end, a, b,
                     text[max(0, a - window):a], text[a:b], text[b:b + window])
                )
    frame = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    frame = frame.astype(
        {"year": "Int64", "block_id": "int64", "sentence_id": "Int64", "start": "int64",
         "end": "int64", "norm_start": "int64", "norm_end": "int64"}
    )
    return frame.sort_values(["doc_id", "norm_start"], ignore_index=True)
