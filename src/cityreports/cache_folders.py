"""Private per-user cache folders (jieba's dictionary, the OpenCC script tables) and the
key-checked, atomically written array files kept in them.

A cache in a shared folder is an attack surface: another user can plant one that changes every
token or every script decision. A cache folder is therefore ``$XDG_CACHE_HOME/cityreports/<name>``
(else ``~/.cache/cityreports/<name>``), made with mode 0700 and used only when it is private (see
:func:`is_private`); otherwise a fresh private temporary folder, removed when the process ends.
Caches hold plain arrays (NumPy ``.npz``, read with ``allow_pickle=False``), never pickles:
:func:`write_arrays` stores them under a key (a digest of what they were derived from) and
:func:`read_arrays` returns them only for that key, so a stale, damaged or planted file is
rebuilt, never trusted.
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

if TYPE_CHECKING:
    import numpy as np

__all__ = ["is_private", "private_cache_dir", "read_arrays", "write_arrays"]


def is_private(folder: Path) -> bool:
    """A real folder (no symlink) owned by this user that nobody else can write, inside a
    folder nobody else can rename it from (not writable by others, or sticky like /tmp)."""
    if not hasattr(os, "getuid"):
        return folder.is_dir()
    try:
        own, parent = folder.lstat(), folder.parent.lstat()
    except OSError:
        return False
    uid = os.getuid()
    return (stat.S_ISDIR(own.st_mode) and own.st_uid == uid and not own.st_mode & 0o077
            and parent.st_uid in (uid, 0)
            and (not parent.st_mode & 0o022 or bool(parent.st_mode & stat.S_ISVTX)))


def private_cache_dir(name: str) -> Path:
    """The private cache folder ``name`` of this user (see the module docstring)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "cityreports" / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not folder.is_symlink() and folder.stat().st_uid == getattr(os, "getuid", int)():
            folder.chmod(0o700)
    except OSError:
        pass
    if is_private(folder):
        return folder
    fresh = Path(tempfile.mkdtemp(prefix=f"cityreports-{name}-"))  # mode 0700
    atexit.register(shutil.rmtree, fresh, ignore_errors=True)
    return fresh


def write_arrays(path: Path, key: str, arrays: Mapping[str, object]) -> bool:
    """Store ``arrays`` (NumPy arrays, or what :func:`numpy.asarray` makes one of) at ``path``
    under the ASCII ``key``, atomically: written to a temporary file in the same folder, then
    renamed over ``path``. False if it could not be written (a cache that cannot be written is
    only slower)."""
    import numpy as np

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, key=np.frombuffer(key.encode("ascii"), dtype=np.uint8), **arrays)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def read_arrays(path: Path, key: str, names: Sequence[str]) -> dict[str, np.ndarray] | None:
    """The arrays ``names`` stored at ``path`` under ``key`` (read with ``allow_pickle=False``);
    None if the file is missing, damaged, of another key, or lacks one of them."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            # a member that is not an .npy file comes back as bytes, not as an array
            found = {name: data[name] for name in ("key", *names)}
    except (OSError, EOFError, BadZipFile, KeyError, ValueError):
        return None  # missing, damaged, or not ours: rebuilt
    if not all(isinstance(array, np.ndarray) for array in found.values()):
        return None
    if found.pop("key").tobytes() != key.encode("ascii"):
        return None
    return found
