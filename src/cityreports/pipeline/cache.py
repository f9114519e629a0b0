"""The parsed-corpus cache: notebooks share one parse instead of re-parsing the corpus."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from cityreports.ingest.manifest import read_corpus
from cityreports.pipeline.corpus import corpus_sha256, default_corpus_path, parse_corpus
from cityreports.records import Corpus

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the installed cityreports package


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
    """Like :func:`~cityreports.pipeline.corpus.parse_corpus`, cached on disk by corpus
    content and package source.

    Reading the files again is cheap; parsing is what the cache saves. The key combines the
    corpus sha256 (every file's bytes), the read options and :func:`code_fingerprint`.
    """
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
