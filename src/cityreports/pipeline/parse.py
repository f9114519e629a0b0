"""Run the per-document stages and assemble a :class:`Corpus`.

raw file -> ``io`` -> ``normalize`` -> ``structure`` -> ``metadata`` per document, then the
corpus-level ``dedup`` stage. ``load_corpus`` adds an on-disk cache keyed on the corpus content
and the package source, so notebooks share one parse instead of re-parsing the corpus.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cityreports.errors import ParameterError
from cityreports.ingest.front_matter import front_matter_end
from cityreports.records import ParsedDocument, RawDocument, Skipped
from cityreports.resources import bundled_corpus_path

if TYPE_CHECKING:
    from cityreports.text.tokens import Segmenter

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the installed cityreports package


@dataclass(frozen=True, eq=False)
class Corpus:
    """Parsed documents (sorted by doc_id), the files that were skipped, and duplicate groups."""

    documents: tuple[ParsedDocument, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicate_group: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    sha256: str = ""

    def __iter__(self) -> Iterator[ParsedDocument]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str) -> ParsedDocument:
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(d.doc_id for d in self.documents)


def default_corpus_path() -> Path:
    """The bundled corpus, packaged with cityreports (manifest ``corpus.csv`` and ``raw/``)."""
    return bundled_corpus_path()


def corpus_sha256(raws: Sequence[RawDocument]) -> str:
    """Hash of the corpus content: every doc_id with the sha256 of its raw bytes."""
    h = hashlib.sha256()
    for raw in sorted(raws, key=lambda r: r.doc_id):
        h.update(f"{raw.doc_id}\t{raw.sha256}\n".encode())
    return h.hexdigest()


def parse_document(raw: RawDocument, *, segmenter: Segmenter | None = None) -> ParsedDocument:
    """Normalise one document, cut it into blocks and sentences and read its metadata.

    With a ``segmenter``, the tokens of every sentence are kept too (``ParsedDocument.tokens``).
    """
    from cityreports.metadata.extract import extract_metadata
    from cityreports.text.normalize import normalize
    from cityreports.text.structure import segment_blocks, split_sentences

    norm = normalize(raw.raw_text)
    blocks = segment_blocks(norm, front_matter_end=front_matter_end(raw.metadata))
    sentences = split_sentences(norm, blocks)
    meta = extract_metadata(raw, norm, blocks)
    tokens: tuple[tuple[str, ...], ...] = ()
    if segmenter is not None:
        tokens = tuple(tuple(segmenter.tokens(s.text)) for s in sentences)
    return ParsedDocument(
        raw=raw, norm=norm, blocks=blocks, sentences=sentences, meta=meta, tokens=tokens
    )


def _progress(iterable, *, total: int, enabled: bool, desc: str):
    """``iterable`` with a progress bar (a bar to update by hand when ``iterable`` is None)."""
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="doc")


# One Segmenter per worker process, made once by the pool initializer: loading jieba's
# dictionary takes about a second, far too long to repeat for every task.
_worker_segmenter: Segmenter | None = None


def _init_worker(segment: bool) -> None:
    global _worker_segmenter
    if segment:
        from cityreports.text.tokens import Segmenter

        _worker_segmenter = Segmenter()


def _parse_in_worker(raw: RawDocument) -> ParsedDocument:
    return parse_document(raw, segmenter=_worker_segmenter)


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
    from cityreports.dedup.groups import document_fingerprint

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


def _start_pool(workers: int, segment: bool) -> ProcessPoolExecutor:
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
    """:func:`_parse_with_fingerprints` in this process."""
    from cityreports.dedup.groups import document_fingerprint

    segmenter = None
    if segment:
        from cityreports.text.tokens import Segmenter

        segmenter = Segmenter()
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
    """:func:`_parse_with_fingerprints` in the processes of ``pool``."""
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


def _parse_with_fingerprints(
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

    With ``workers > 1`` the documents are parsed in ``pool`` (from :func:`_start_pool`, with
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
    with pool if pool is not None else _start_pool(workers, segment) as running:
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
    docs, _ = _parse_with_fingerprints(
        raws, workers=workers, progress=progress, segment=segment, fingerprint=False
    )
    return docs


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

    ``segment=True`` keeps the jieba tokens of every sentence (see :func:`parse_documents`).
    ``on_parsed`` is called with each run of parsed documents, in doc_id order, while the
    workers parse the rest (e.g. to build tables meanwhile).
    """
    from cityreports.dedup.groups import duplicate_groups
    from cityreports.ingest.manifest import read_corpus

    path = Path(source) if source is not None else default_corpus_path()
    # the workers start (and load jieba) while this process reads the files
    pool = _start_pool(workers, segment) if workers > 1 else None
    try:
        raws, skipped = read_corpus(path, text_field=text_field, strict=strict)
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    raws = sorted(raws, key=lambda r: r.doc_id)
    docs, fingerprints = _parse_with_fingerprints(
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


def code_fingerprint() -> str:
    """Hash of the package's source and resources: a cache made by other code is not reused."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    """The user's cache folder (``$XDG_CACHE_HOME/cityreports``, else ``~/.cache/cityreports``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cityreports"


def load_corpus(
    source: str | os.PathLike[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int = 1,
    text_field: str | None = None,
) -> Corpus:
    """Like :func:`parse_corpus`, cached on disk by corpus content and package source.

    Reading the files again is cheap; parsing is what the cache saves. The key combines the
    corpus sha256 (every file's bytes), the read options and :func:`code_fingerprint`.
    """
    from cityreports.ingest.manifest import read_corpus

    path = Path(source) if source is not None else default_corpus_path()
    raws, _ = read_corpus(path, text_field=text_field, strict=False)
    key = hashlib.sha256(
        f"{corpus_sha256(raws)}|{text_field}|{code_fingerprint()}".encode()
    ).hexdigest()[:24]
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cached = folder / f"corpus-{key}.pickle"
    if cached.is_file():
        with cached.open("rb") as fh:
            corpus = pickle.load(fh)
        if isinstance(corpus, Corpus):
            return corpus
    corpus = parse_corpus(path, workers=workers, text_field=text_field)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as fh:
        pickle.dump(corpus, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cached)
    return corpus
