"""The parsed-corpus cache: notebooks share one parse instead of re-parsing the corpus.

A cache entry is data, never code: gzip-compressed JSON (no pickle), a header line naming the
format, the cache key and the sha256 of the payload, then the payload. An entry that is
truncated, corrupt, of another format or whose payload does not match its hash is ignored
with a warning and rebuilt. Entries are written to a temporary file and renamed into place.
Claims, enumerations and claim diagnostics are cached with the parse (found once per
document).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import fields
from functools import partial
from pathlib import Path

import numpy as np

from cityreports.ingest.files import DEFAULT_MAX_BYTES, check_max_bytes
from cityreports.ingest.manifest import read_corpus
from cityreports.pipeline.corpus import corpus_from_raws, corpus_path, text_provenance
from cityreports.pipeline.parallel import check_workers, parse_many
from cityreports.pipeline.parse import (
    DEFAULT_TIME_LIMIT,
    ParseOptions,
    check_time_limit,
    is_transient,
)
from cityreports.quant.claims import Claim, ClaimDiagnostic
from cityreports.quant.enumerations import Enumeration
from cityreports.records import (
    Anomaly,
    Block,
    Corpus,
    DocumentMeta,
    NormalizedText,
    ParsedDocument,
    RawDocument,
    Repair,
    Sentence,
    Skipped,
)

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the installed cityreports package

#: Name and version of the cache format (a new version is a new key: old entries are unused).
CACHE_FORMAT = "cityreports-corpus-cache"
CACHE_VERSION = 2


class CacheError(ValueError):
    """A cache entry that cannot be used (truncated, corrupt, foreign, wrong hash)."""


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


def cache_key(raws: Sequence[RawDocument], *, text_field: str | None,
              max_bytes: int = DEFAULT_MAX_BYTES, allow_outside: bool = False) -> str:
    """Key of a corpus: every document's provenance and bytes, the read options, the package
    source and the cache format (the skip reasons stored depend on the read options too)."""
    options = "" if (max_bytes, allow_outside) == (DEFAULT_MAX_BYTES, False) else (
        f"|{max_bytes}|{allow_outside}")
    h = hashlib.sha256(f"{text_field}{options}|{code_fingerprint()}|{CACHE_VERSION}\n".encode())
    for raw in sorted(raws, key=lambda r: r.doc_id):
        fields_ = [raw.doc_id, raw.path, raw.format, raw.encoding, raw.sha256,
                   sorted(raw.metadata.items())]
        h.update(json.dumps(fields_, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()[:32]


def cache_file(folder: Path, key: str) -> Path:
    return folder / f"corpus-{key}.json.gz"


# --- encoding --------------------------------------------------------------------------------
#
# A document is stored without its raw text (the files are read anyway to find the key, and
# the key covers every document's provenance and bytes). Offsets are run-length encoded
# differences. Records are stored by column: strings as indices into one table per document,
# and a ``text`` column that is the slice of the normalised text each record spans as "slice".


def _columns(records: Sequence[object], strings: dict[str, int], norm_text: str) -> list:
    """Records of one class as ``[[kind, values], ...]``, one column per field, in order.

    Kinds: ``v`` values as they are, ``s`` strings (indices into ``strings``, None kept),
    ``t`` tuples (as lists), ``slice`` the text each record spans (nothing stored).
    """
    if not records:
        return []
    names = [f.name for f in fields(records[0])]  # type: ignore[arg-type]
    out = []
    for name in names:
        values = [getattr(r, name) for r in records]
        if name == "text" and "norm_start" in names and all(
            v == norm_text[r.norm_start : r.norm_end]  # type: ignore[attr-defined]
            for v, r in zip(values, records, strict=True)
        ):
            out.append(["slice", None])
        elif any(isinstance(v, str) for v in values):
            out.append(["s", [None if v is None else strings.setdefault(v, len(strings))
                              for v in values]])
        elif any(isinstance(v, tuple) for v in values):
            out.append(["t", [list(v) for v in values]])
        else:
            out.append(["v", values])
    return out


def _records(cls: type, columns: object, strings: Sequence[str], norm_text: str) -> tuple:
    """The inverse of :func:`_columns`."""
    names = [f.name for f in fields(cls)]
    if not columns:
        return ()
    if not isinstance(columns, list) or len(columns) != len(names):
        raise CacheError(f"{cls.__name__} records have the wrong shape")
    decoded: dict[str, list] = {}
    for name, (kind, values) in zip(names, columns, strict=True):
        if kind == "slice":
            continue
        if kind == "s":
            values = [None if i is None else strings[i] for i in values]
        elif kind == "t":
            values = [tuple(v) for v in values]
        elif kind != "v":
            raise CacheError(f"unknown column kind {kind!r}")
        decoded[name] = values
    for name, (kind, _) in zip(names, columns, strict=True):
        if kind == "slice":
            spans = zip(decoded["norm_start"], decoded["norm_end"], strict=True)
            decoded[name] = [norm_text[a:b] for a, b in spans]
    lengths = {len(v) for v in decoded.values()}
    if len(lengths) != 1:
        raise CacheError(f"{cls.__name__} columns differ in length")
    return tuple(map(cls, *(decoded[n] for n in names)))


def _runs(values: np.ndarray) -> list[list[int]]:
    """Run-length encoding of an integer array: ``[values, counts]``."""
    if not len(values):
        return [[], []]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(values)) + 1])
    counts = np.diff(np.concatenate([starts, [len(values)]]))
    return [values[starts].tolist(), counts.tolist()]


def _unruns(encoded: object, length: int) -> np.ndarray:
    if not (isinstance(encoded, list) and len(encoded) == 2):
        raise CacheError("offsets are not run-length encoded")
    values, counts = (np.asarray(x, dtype=np.int64) for x in encoded)
    if values.shape != counts.shape or values.ndim != 1 or (counts < 0).any() \
            or int(counts.sum()) != length:
        raise CacheError("offsets do not match the text")
    return np.repeat(values, counts)


def _encode_offsets(norm: NormalizedText) -> list[object]:
    starts = norm.raw_start.astype(np.int64)
    deltas = np.diff(starts, prepend=np.int64(0))
    return [norm.raw_start.dtype.str, _runs(deltas), _runs(norm.raw_end.astype(np.int64) - starts)]


def _decode_offsets(encoded: object, length: int) -> tuple[np.ndarray, np.ndarray]:
    if not (isinstance(encoded, list) and len(encoded) == 3):
        raise CacheError("offsets have the wrong shape")
    dtype = np.dtype(str(encoded[0]))
    if dtype.kind not in "iu":
        raise CacheError(f"offsets of type {dtype} are not integers")
    starts = np.cumsum(_unruns(encoded[1], length))
    ends = starts + _unruns(encoded[2], length)
    return starts.astype(dtype), ends.astype(dtype)


def _encode_document(doc: ParsedDocument) -> dict[str, object]:
    norm = doc.norm
    strings: dict[str, int] = {}

    def rows(records):
        return None if records is None else _columns(records, strings, norm.text)

    encoded = {
        "doc_id": doc.doc_id,
        "norm": [norm.text, _encode_offsets(norm), norm.raw_length, norm.script,
                 rows(norm.repairs), rows(norm.anomalies)],
        "blocks": rows(doc.blocks),
        "sentences": rows(doc.sentences),
        "meta": _columns([doc.meta], strings, ""),
        "tokens": [list(t) for t in doc.tokens],
        "claims": rows(doc.claims),
        "enumerations": rows(doc.enumerations),
        "claim_diagnostics": rows(doc.claim_diagnostics),
    }
    encoded["strings"] = list(strings)
    return encoded


def _decode_document(data: dict, raw: RawDocument) -> ParsedDocument:
    text, offsets, raw_length, script, repairs, anomalies = data["norm"]
    strings = data["strings"]
    if not isinstance(text, str) or not isinstance(strings, list):
        raise CacheError(f"document {raw.doc_id} has the wrong shape")

    def records(cls, rows):
        return None if rows is None else _records(cls, rows, strings, text)

    starts, ends = _decode_offsets(offsets, len(text))
    norm = NormalizedText(text, starts, ends, raw_length, script, records(Repair, repairs),
                          records(Anomaly, anomalies))
    return ParsedDocument(
        raw=raw, norm=norm, blocks=records(Block, data["blocks"]),
        sentences=records(Sentence, data["sentences"]),
        meta=records(DocumentMeta, data["meta"])[0],
        tokens=tuple(tuple(t) for t in data["tokens"]),
        claims=records(Claim, data["claims"]),
        enumerations=records(Enumeration, data["enumerations"]),
        claim_diagnostics=records(ClaimDiagnostic, data["claim_diagnostics"]),
    )


def encode_corpus(corpus: Corpus) -> bytes:
    """``corpus`` as UTF-8 JSON (lone surrogates kept), without the raw documents."""
    payload = {
        "documents": [_encode_document(d) for d in corpus.documents],
        "skipped": [[s.path, s.reason] for s in corpus.skipped],
        "duplicate_group": dict(corpus.duplicate_group),
        "event_group": dict(corpus.event_group),
        "source": corpus.source,
        "sha256": corpus.sha256,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def decode_corpus(data: bytes, raws: Sequence[RawDocument]) -> Corpus:
    """The inverse of :func:`encode_corpus`, given the raw documents of the corpus; a payload
    of the wrong shape raises CacheError."""
    by_id = {raw.doc_id: raw for raw in raws}
    try:
        payload = json.loads(data.decode("utf-8", "surrogatepass"))
        docs = []
        for encoded in payload["documents"]:
            raw = by_id.get(encoded["doc_id"])
            if raw is None:
                raise CacheError(f"document {encoded['doc_id']!r} is not in the corpus")
            docs.append(_decode_document(encoded, raw))
        return Corpus(
            documents=tuple(docs),
            skipped=tuple(Skipped(str(p), str(r)) for p, r in payload["skipped"]),
            duplicate_group={str(k): str(v) for k, v in payload["duplicate_group"].items()},
            event_group={str(k): str(v) for k, v in payload["event_group"].items()},
            source=str(payload["source"]),
            sha256=str(payload["sha256"]),
        )
    except CacheError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise CacheError(f"payload does not hold a corpus ({type(exc).__name__})") from exc


# --- files -----------------------------------------------------------------------------------


def write_cache(path: Path, corpus: Corpus, *, key: str) -> None:
    """Write ``corpus`` as the cache entry ``path`` (temporary file, then one rename)."""
    payload = encode_corpus(corpus)
    header = {"format": CACHE_FORMAT, "version": CACHE_VERSION, "key": key,
              "payload_sha256": hashlib.sha256(payload).hexdigest()}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw_file, gzip.GzipFile(
            fileobj=raw_file, mode="wb", compresslevel=1, mtime=0
        ) as fh:
            fh.write(json.dumps(header).encode("ascii") + b"\n")
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_cache(path: Path, *, key: str, raws: Sequence[RawDocument]) -> Corpus:
    """The corpus of cache entry ``path``; anything wrong with it raises CacheError."""
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError, ValueError) as exc:  # gzip.BadGzipFile is an OSError
        raise CacheError(f"unreadable ({type(exc).__name__}: {exc})") from exc
    header_line, newline, payload = data.partition(b"\n")
    try:
        header = json.loads(header_line.decode("ascii"))
        found = (header["format"], header["version"], header["key"])
        digest = header["payload_sha256"]
    except (ValueError, TypeError, KeyError) as exc:
        raise CacheError("no cityreports cache header") from exc
    if not newline or found != (CACHE_FORMAT, CACHE_VERSION, key):
        raise CacheError("not a cache entry of this corpus and format")
    if hashlib.sha256(payload).hexdigest() != digest:
        raise CacheError("payload does not match its sha256 (truncated or changed)")
    return decode_corpus(payload, raws)


#: A temporary cache file this old is left from a write that was killed.
STALE_SECONDS = 3600


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files of cache writes that did not finish."""
    for tmp in folder.glob(".corpus-*.tmp"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < time.time() - STALE_SECONDS:
                tmp.unlink()


def load_corpus(
    source: str | os.PathLike[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    workers: int = 1,
    text_field: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_outside: bool = False,
) -> Corpus:
    """Like :func:`~cityreports.pipeline.corpus.parse_corpus` (claims included), cached on disk
    by corpus content and package source.

    Reading the files again is cheap; parsing is what the cache saves. The key combines the
    corpus sha256 (every file's bytes), the read options and :func:`code_fingerprint`. A
    cache entry that cannot be used is rebuilt with a warning. A corpus where a document ran
    out of time is not cached (it may parse on another run). ``max_bytes`` and
    ``allow_outside`` are read options, as in ``parse_corpus``.
    """
    path = corpus_path(source)
    options = ParseOptions(claims=True, fingerprint=True, time_limit=check_time_limit(time_limit))
    workers = check_workers(workers)
    raws, skipped = read_corpus(path, text_field=text_field, strict=False,
                                max_bytes=check_max_bytes(max_bytes), allow_outside=allow_outside)
    raws = [text_provenance(raw) for raw in raws]
    key = cache_key(raws, text_field=text_field, max_bytes=max_bytes,
                    allow_outside=allow_outside)
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cached = cache_file(folder, key)
    if cached.is_file():
        try:
            return read_cache(cached, key=key, raws=raws)
        except CacheError as exc:
            warnings.warn(f"ignoring the corpus cache {cached}: {exc}; parsing again",
                          stacklevel=2)
    parse = partial(parse_many, options=options, workers=workers)
    corpus = corpus_from_raws(raws, skipped, source=str(path), parse=parse)
    if any(is_transient(s) for s in corpus.skipped):
        return corpus
    try:
        _remove_stale_temporaries(folder)
        write_cache(cached, corpus, key=key)
    except OSError as exc:
        warnings.warn(f"cannot write the corpus cache {cached}: {exc}", stacklevel=2)
    return corpus
