"""Read, parse and group a whole corpus into a :class:`~cityreports.records.Corpus`.

raw file -> ``ingest`` -> ``normalize`` -> ``structure`` -> ``metadata`` (-> tokens, claims and
enumerations) per document, each in isolation (see :mod:`~cityreports.pipeline.parallel`),
then the corpus-level ``dedup`` stage. Files that cannot be read and documents that cannot be
parsed are listed in ``Corpus.skipped``; the others are kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from cityreports.dedup.groups import corpus_groups
from cityreports.errors import ParameterError
from cityreports.ingest.files import DEFAULT_MAX_BYTES, check_max_bytes
from cityreports.ingest.manifest import read_corpus
from cityreports.pipeline.parallel import OnParsed, Parsed, WorkerPool, check_workers, parse_many
from cityreports.pipeline.parse import DEFAULT_TIME_LIMIT, ParseOptions, check_time_limit
from cityreports.records import Corpus, RawDocument, Skipped
from cityreports.resources import bundled_corpus_path


def default_corpus_path() -> Path:
    """The bundled corpus, packaged with cityreports (manifest ``corpus.csv`` and ``raw/``)."""
    return bundled_corpus_path()


def corpus_path(source: str | os.PathLike[str] | None) -> Path:
    """``source`` as a path (the bundled corpus for None); an empty path raises.

    An empty string is refused rather than read as the current folder.
    """
    if source is None:
        return default_corpus_path()
    if not str(source).strip():
        raise ParameterError("corpus", "is empty; give a corpus folder, a manifest or a file")
    return Path(source)


def corpus_sha256(raws: Sequence[RawDocument]) -> str:
    """Hash of the corpus content: every doc_id with the sha256 of its raw bytes."""
    h = hashlib.sha256()
    for raw in sorted(raws, key=lambda r: r.doc_id):
        h.update(f"{raw.doc_id}\t{raw.sha256}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _escaped(text: str) -> str:
    """``text`` with lone surrogates (from file names that are not UTF-8) as ``\\udcxx``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def text_provenance(raw: RawDocument) -> RawDocument:
    """``raw`` with a doc_id and path that are valid text (tables cannot hold lone surrogates,
    which is what a file name that is not UTF-8 decodes to)."""
    doc_id, path = _escaped(raw.doc_id), _escaped(raw.path)
    if (doc_id, path) == (raw.doc_id, raw.path):
        return raw
    return replace(raw, doc_id=doc_id, path=path)


def corpus_from_raws(
    raws: Sequence[RawDocument],
    skipped: Sequence[Skipped],
    *,
    source: str,
    parse: Callable[[Sequence[RawDocument]], Parsed],
) -> Corpus:
    """Parse documents already read (``skipped``: what the reader skipped) and group them.

    ``parse`` parses the documents, given in doc_id order: :func:`parse_many` with its options
    (``functools.partial(parse_many, options=..., workers=...)``). ``corpus.sha256`` covers
    every document read, parsed or not, so that it names the input.
    """
    raws = sorted(map(text_provenance, raws), key=lambda r: r.doc_id)
    parsed = parse(raws)
    docs = parsed.documents
    groups = corpus_groups(docs, fingerprints=parsed.fingerprints) if docs else None
    return Corpus(
        documents=tuple(docs),
        skipped=(*skipped, *parsed.skipped),
        duplicate_group=dict(sorted(groups.duplicate.items())) if groups else {},
        source=source,
        sha256=corpus_sha256(raws),
        event_group=dict(sorted(groups.event.items())) if groups else {},
    )


def parse_corpus(
    source: str | os.PathLike[str] | None = None,
    *,
    workers: int = 1,
    strict: bool = False,
    text_field: str | None = None,
    progress: bool = False,
    segment: bool = False,
    claims: bool = True,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    on_parsed: OnParsed | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_outside: bool = False,
) -> Corpus:
    """Read, parse and group a corpus folder or manifest (default: the bundled corpus).

    ``segment=True`` keeps the jieba tokens of every sentence; ``claims=True`` finds every
    document's claims and enumerations once, while it is parsed (the quant tables reuse them).
    A document over ``time_limit`` seconds (None or 0: no limit) or whose parse raises is
    skipped with the reason; ``strict=True`` raises instead. ``workers`` is capped at the
    number of CPUs. ``on_parsed`` is called with each run of parsed documents, in doc_id
    order, while the workers parse the rest (e.g. to build tables meanwhile). Reading is
    :func:`~cityreports.ingest.manifest.read_corpus`'s: a file over ``max_bytes`` is skipped;
    ``allow_outside=True`` reads manifest paths and symlinks leading outside the corpus folder
    (``extract --max-bytes``, ``--allow-outside``).
    """
    path = corpus_path(source)
    workers = check_workers(workers)
    max_bytes = check_max_bytes(max_bytes)
    options = ParseOptions(segment=segment, claims=claims, fingerprint=True,
                           time_limit=check_time_limit(time_limit))
    # the workers start (and load jieba) while this process reads the files
    pool = WorkerPool(workers, options) if workers > 1 else None
    try:
        raws, skipped = read_corpus(path, text_field=text_field, strict=strict,
                                    max_bytes=max_bytes, allow_outside=allow_outside)
        parse = partial(parse_many, options=options, workers=workers, pool=pool,
                        progress=progress, strict=strict, on_parsed=on_parsed)
        return corpus_from_raws(raws, skipped, source=str(path), parse=parse)
    finally:
        if pool is not None:
            pool.close()
