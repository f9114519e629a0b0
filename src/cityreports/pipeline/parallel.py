"""Parse many documents, in this process or in a pool of worker processes.

The workers send back each document without its raw text (the parent has it), each sentence's
tokens as one string and the dedup fingerprints, so that little crosses the process boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from tqdm.auto import tqdm

from cityreports.dedup.fingerprints import document_fingerprint
from cityreports.errors import ParameterError
from cityreports.pipeline.parse import parse_document
from cityreports.records import ParsedDocument, RawDocument
from cityreports.text.tokens import Segmenter


def _progress(iterable, *, total: int, enabled: bool, desc: str):
    """``iterable`` with a progress bar (a bar to update by hand when ``iterable`` is None)."""
    if not enabled:
        return iterable
    return tqdm(iterable, total=total, desc=desc, unit="doc")


# One Segmenter per worker process, made once by the pool initializer: loading jieba's
# dictionary takes about a second, far too long to repeat for every task.
_worker_segmenter: Segmenter | None = None


def _init_worker(segment: bool) -> None:
    global _worker_segmenter
    if segment:
        _worker_segmenter = Segmenter()


def _pack_tokens(tokens: tuple[str, ...]) -> str | tuple[str, ...]:
    """One sentence's tokens as one string (tokens never hold a space), for a small pickle."""
    joined = " ".join(tokens)
    if not tokens or joined.count(" ") != len(tokens) - 1:
        return tokens  # no tokens, or a token with a space: sent as it is
    return joined


def _unpack_tokens(packed: str | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(packed.split(" ")) if isinstance(packed, str) else packed


def _parse_chunk(raws: Sequence[RawDocument], fingerprint: bool) -> list[tuple]:
    """Parse documents in a worker; what is sent back omits the raw documents (the parent has
    them) and carries each sentence's tokens as one string, plus the dedup fingerprints."""
    out = []
    for raw in raws:
        doc = parse_document(raw, segmenter=_worker_segmenter)
        out.append(
            (
                doc.norm,
                doc.blocks,
                doc.sentences,
                doc.meta,
                tuple(map(_pack_tokens, doc.tokens)),
                document_fingerprint(doc) if fingerprint else None,
            )
        )
    return out


def _unpack_chunk(
    chunk: Sequence[RawDocument], parsed: Sequence[tuple]
) -> tuple[list[ParsedDocument], dict[str, object]]:
    """The documents and fingerprints of one chunk sent back by :func:`_parse_chunk`."""
    docs = []
    fingerprints: dict[str, object] = {}
    for raw, (norm, blocks, sentences, meta, tokens, fp) in zip(chunk, parsed, strict=True):
        docs.append(
            ParsedDocument(
                raw=raw,
                norm=norm,
                blocks=blocks,
                sentences=sentences,
                meta=meta,
                tokens=tuple(map(_unpack_tokens, tokens)),
            )
        )
        if fp is not None:
            fingerprints[raw.doc_id] = fp
    return docs, fingerprints


#: Chunks per worker: small enough that the workers finish close together, large enough that
#: round trips stay few.
CHUNKS_PER_WORKER = 24


def _chunks(raws: Sequence[RawDocument], workers: int) -> list[Sequence[RawDocument]]:
    """Consecutive runs of documents (in order), about :data:`CHUNKS_PER_WORKER` per worker."""
    size = max(1, -(-len(raws) // (workers * CHUNKS_PER_WORKER)))
    return [raws[i : i + size] for i in range(0, len(raws), size)]


def start_pool(workers: int, segment: bool) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, started now so that they load jieba while the caller
    does something else (e.g. reads the files)."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(segment,))
    pool.submit(int)  # the first task launches the worker processes
    return pool


#: Called with each run of parsed documents, in order, as soon as it is parsed.
OnParsed = Callable[[Sequence[ParsedDocument]], None]


def _parse_serially(
    raws: Sequence[RawDocument], *, progress: bool, segment: bool, fingerprint: bool,
    on_parsed: OnParsed | None,
) -> tuple[list[ParsedDocument], dict[str, object]]:
    """:func:`parse_with_fingerprints` in this process."""
    segmenter = Segmenter() if segment else None
    docs: list[ParsedDocument] = []
    fingerprints: dict[str, object] = {}
    for raw in _progress(raws, total=len(raws), enabled=progress, desc="parse"):
        doc = parse_document(raw, segmenter=segmenter)
        docs.append(doc)
        if fingerprint:
            fingerprints[doc.doc_id] = document_fingerprint(doc)
        if on_parsed is not None:
            on_parsed((doc,))
    return docs, fingerprints


def _parse_in_pool(
    raws: Sequence[RawDocument], pool: ProcessPoolExecutor, *, workers: int, progress: bool,
    fingerprint: bool, on_parsed: OnParsed | None,
) -> tuple[list[ParsedDocument], dict[str, object]]:
    """:func:`parse_with_fingerprints` in the processes of ``pool``."""
    chunks = _chunks(raws, workers)
    bar = _progress(None, total=len(raws), enabled=progress, desc="parse") if progress else None
    docs: list[ParsedDocument] = []
    fingerprints: dict[str, object] = {}
    results = pool.map(_parse_chunk, chunks, [fingerprint] * len(chunks))
    for chunk, parsed in zip(chunks, results, strict=True):
        chunk_docs, chunk_fingerprints = _unpack_chunk(chunk, parsed)
        docs.extend(chunk_docs)
        fingerprints.update(chunk_fingerprints)
        if on_parsed is not None:
            on_parsed(chunk_docs)
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    return docs, fingerprints


def parse_with_fingerprints(
    raws: Sequence[RawDocument],
    *,
    workers: int,
    progress: bool,
    segment: bool,
    fingerprint: bool,
    pool: ProcessPoolExecutor | None = None,
    on_parsed: OnParsed | None = None,
) -> tuple[list[ParsedDocument], dict[str, object]]:
    """Parsed documents and (with ``fingerprint``) their :mod:`~cityreports.dedup.groups`
    fingerprints by doc_id, computed where the documents are parsed.

    With ``workers > 1`` the documents are parsed in ``pool`` (from :func:`start_pool`, with
    the same ``workers`` and ``segment``), or in a new pool when it is None. ``on_parsed`` is
    called with each run of parsed documents, in order, while the rest are being parsed.
    """
    if workers < 1:
        raise ParameterError("workers", f"must be >= 1, got {workers}")
    if workers == 1 or (pool is None and len(raws) < 2):
        return _parse_serially(
            raws, progress=progress, segment=segment, fingerprint=fingerprint,
            on_parsed=on_parsed,
        )
    with pool if pool is not None else start_pool(workers, segment) as running:
        return _parse_in_pool(
            raws, running, workers=workers, progress=progress, fingerprint=fingerprint,
            on_parsed=on_parsed,
        )


def parse_documents(
    raws: Sequence[RawDocument],
    *,
    workers: int = 1,
    progress: bool = False,
    segment: bool = False,
) -> list[ParsedDocument]:
    """Parse documents, in ``workers`` processes when more than one is asked for.

    ``segment=True`` also segments every sentence with a :class:`~cityreports.text.tokens.Segmenter`
    (one per process), so segmentation runs in parallel too.
    """
    docs, _ = parse_with_fingerprints(
        raws, workers=workers, progress=progress, segment=segment, fingerprint=False
    )
    return docs
