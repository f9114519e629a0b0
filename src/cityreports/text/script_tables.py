"""OpenCC converters and the script tables built from them, cached on disk.

The tables say, for every character of the Basic Multilingual Plane, whether ``t2s`` changes it
(a traditional character), whether ``s2t``, ``s2tw`` and ``s2hk`` all change it (a simplified
one), and whether ``hk2s`` converts it differently from ``t2s``. Building them converts every
Han character of the BMP four or five times, about 0.15 s CPU, which every ``extract`` process
and every worker paid; they are built once per installed OpenCC and kept in a private cache
folder (:mod:`cityreports.cache_folders`) as a NumPy ``.npz`` read with ``allow_pickle=False``,
under a key of OpenCC's version and its dictionary files (name, size, modification time), so an
upgrade of OpenCC builds them again. A missing, damaged or foreign file is rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

from cityreports.cache_folders import private_cache_dir, read_arrays, write_arrays

__all__ = ["converter", "hk_table", "script_tables"]

#: The Han blocks of the BMP the tables cover (Extension A, Unified Ideographs, Compatibility).
_HAN_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
_TABLES = ("trad", "simp", "hk")
_BMP = 0x10000


@lru_cache(maxsize=8)
def converter(config: str):
    """OpenCC converter for ``config`` (created on first use)."""
    import opencc

    return opencc.OpenCC(config)


def script_tables() -> tuple[np.ndarray, np.ndarray]:
    """Boolean tables over the BMP: changed by t2s (traditional), changed by s2t, s2tw and s2hk
    alike (simplified). A character that Taiwan's or Hong Kong's standard writes as it is
    (台, 群, 秘, 温, 税) is no evidence of simplified text: a Taiwan paragraph full of 台 was
    read as mixed and left unconverted."""
    tables = _tables()
    return tables["trad"], tables["simp"]


def hk_table() -> np.ndarray:
    """Boolean BMP table: characters that ``hk2s`` converts differently from ``t2s``."""
    return _tables()["hk"]


@lru_cache(maxsize=1)
def _tables() -> dict[str, np.ndarray]:
    key = opencc_key()
    path = private_cache_dir("opencc") / f"script-tables-{key[:32]}.npz"
    stored = read_tables(path, key)
    if stored is None:
        stored = build_tables()
        write_tables(path, key, stored)
    return stored


def build_tables() -> dict[str, np.ndarray]:
    """The three tables, from OpenCC itself."""
    trad, simp, hk = (np.zeros(_BMP, dtype=bool) for _ in _TABLES)
    for lo, hi in _HAN_BLOCKS:
        chars = [chr(c) for c in range(lo, hi)]
        joined = "\n".join(chars)
        trad[lo:hi] = _changed(chars, joined, "t2s")
        simp[lo:hi] = np.logical_and.reduce(
            [_changed(chars, joined, name) for name in ("s2t", "s2tw", "s2hk")])
    chars = [chr(c) for c in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))]
    joined = "\n".join(chars)
    t2s, hk2s = _converted(chars, joined, "t2s"), _converted(chars, joined, "hk2s")
    if len(t2s) == len(hk2s) == len(chars):
        for c, a, b in zip(chars, t2s, hk2s, strict=True):
            hk[ord(c)] = a != b
    return {"trad": trad, "simp": simp, "hk": hk}


def _changed(chars: list[str], joined: str, config: str) -> list[bool]:
    """Whether OpenCC ``config`` changes each of ``chars`` (``joined`` is them, one per line)."""
    return [o != c for c, o in zip(chars, _converted(chars, joined, config), strict=True)]


def _converted(chars: list[str], joined: str, config: str) -> list[str]:
    """What OpenCC ``config`` makes of each of ``chars`` (``joined`` is them, one per line)."""
    out = converter(config).convert(joined).split("\n")
    if len(out) != len(chars):  # pragma: no cover - OpenCC keeps the separators
        out = [converter(config).convert(c) for c in chars]
    return out


def opencc_key() -> str:
    """A hash of OpenCC's version and of the name, size and modification time of every file of
    its installed package (its dictionaries and configurations), found without importing it."""
    h = hashlib.sha256(b"cityreports script tables 1")
    try:
        h.update(importlib.metadata.version("OpenCC").encode())
    except importlib.metadata.PackageNotFoundError:
        h.update(b"no OpenCC distribution")
    spec = importlib.util.find_spec("opencc")
    if spec is not None and spec.origin is not None:
        root = Path(spec.origin).parent
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in
                           p.parts):
            info = path.stat()
            h.update(f"\n{path.relative_to(root)}\t{info.st_size}\t{info.st_mtime_ns}".encode())
    return h.hexdigest()


def read_tables(path: Path, key: str) -> dict[str, np.ndarray] | None:
    """The tables stored at ``path`` under ``key``; None if missing or not a well-formed file
    of this key."""
    tables = read_arrays(path, key, _TABLES)
    if tables is None or any(t.dtype != np.bool_ or t.shape != (_BMP,) for t in tables.values()):
        return None
    return tables


def write_tables(path: Path, key: str, tables: dict[str, np.ndarray]) -> None:
    """Store the tables at ``path`` (atomically: see
    :func:`~cityreports.cache_folders.write_arrays`)."""
    write_arrays(path, key, {name: tables[name] for name in _TABLES})
