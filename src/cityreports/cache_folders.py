"""Private per-user cache folders (jieba's dictionary, the OpenCC script tables).

A cache in a shared folder is an attack surface: another user can plant one that changes every
token or every script decision. A cache folder is therefore ``$XDG_CACHE_HOME/cityreports/<name>``
(else ``~/.cache/cityreports/<name>``), made with mode 0700 and used only when it is private (see
:func:`is_private`); otherwise a fresh private temporary folder, removed when the process ends.
Caches hold plain arrays (NumPy ``.npz``, read with ``allow_pickle=False``), never pickles.
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
from pathlib import Path

__all__ = ["is_private", "private_cache_dir"]


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
