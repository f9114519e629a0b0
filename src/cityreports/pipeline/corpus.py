"""Read, parse and group a whole corpus into a :class:`~cityreports.records.Corpus`.

raw file -> ``ingest`` -> ``normalize`` -> ``structure`` -> ``metadata`` per document (see
:mod:`~cityreports.pipeline.parallel`), then the corpus-level ``dedup`` stage.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from cityreports.dedup.groups import duplicate_groups
from cityreports.ingest.manifest import read_corpus
from cityreports.pipeline.parallel import OnParsed, parse_with_fingerprints, start_pool
from cityreports.records import Corpus, RawDocument
from cityreports.resources import bundled_corpus_path


def default_corpus_path() -> Path:
    """The bundled corpus, packaged with cityreports (manifest ``corpus.csv`` and ``raw/``)."""
    return bundled_corpus_path()


def corpus_sha256(raws: Sequence[RawDocument]) -> str:
    """Hash of the corpus content: every doc_id with the sha256 of its raw bytes."""
    h = hashlib.sha256()
    for raw in sorted(raws, key=lambda r: r.doc_id):
        h.update(f"{raw.doc_id}\t{raw.sha256}\n".encode())
    return h.hexdigest()


def parse_corpus(
    source: str | os.PathLike[str] | None = None,
    *,
    workers: int = 1,
    strict: bool = False,
    text_field: str | None = None,
    progress: bool = False,
    segment: bool = False,
    on_parsed: OnParsed | None = None,
) -> Corpus:
    """Read, parse and group a corpus folder or manifest (default: the bundled corpus).

    ``segment=True`` keeps the jieba tokens of every sentence (see
    :func:`~cityreports.pipeline.parallel.parse_documents`). ``on_parsed`` is called with each
    run of parsed documents, in doc_id order, while the workers parse the rest (e.g. to build
    tables meanwhile).
    """
    path = Path(source) if source is not None else default_corpus_path()
    # the workers start (and load jieba) while this process reads the files
    pool = start_pool(workers, segment) if workers > 1 else None
    try:
        raws, skipped = read_corpus(path, text_field=text_field, strict=strict)
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    raws = sorted(raws, key=lambda r: r.doc_id)
    docs, fingerprints = parse_with_fingerprints(
        raws, workers=workers, progress=progress, segment=segment, fingerprint=True,
        pool=pool, on_parsed=on_parsed,
    )
    groups = duplicate_groups(docs, fingerprints=fingerprints) if docs else {}
    return Corpus(
        documents=tuple(docs),
        skipped=tuple(skipped),
        duplicate_group=dict(sorted(groups.items())),
        source=str(path),
        sha256=corpus_sha256(raws),
    )
