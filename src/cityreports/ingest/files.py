"""Read a file's bytes safely: regular files only, never more than a size limit.

A symlink to ``/dev/zero``, a FIFO, a socket or a device in a corpus folder must not hang a run
or fill the memory; each gets a one-line :class:`~cityreports.errors.InputError` instead. The
file type is checked before opening (so no device is opened) and again on the open descriptor
(so a file swapped in between is caught too); a FIFO is opened non-blocking.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cityreports.errors import InputError, ParameterError

__all__ = ["DEFAULT_MAX_BYTES", "check_max_bytes", "read_bytes"]

#: Largest file read by default (200 MB): far above any report, far below the memory of a laptop.
DEFAULT_MAX_BYTES = 200_000_000

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block open()
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def check_max_bytes(max_bytes: object) -> int:
    """``max_bytes`` if it is a positive integer, else :class:`ParameterError`."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ParameterError("max_bytes", f"must be a positive integer, got {max_bytes!r}")
    return max_bytes


def _kind(mode: int) -> str:
    """What a non-regular file is, for the skip message."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> InputError:
    return InputError(str(path), f"not a regular file ({_kind(mode)}), not read")


def _too_large(path: Path, size: int, max_bytes: int) -> InputError:
    return InputError(
        str(path), f"file too large ({size:,} bytes > max_bytes {max_bytes:,}), not read"
    )


def read_bytes(
    path: str | os.PathLike[str], *, max_bytes: int, prefix: int | None = None
) -> bytes:
    """The bytes of the regular file ``path`` (following symlinks).

    With ``prefix``, only its first ``prefix`` bytes (for sniffing a file's format). Raises
    :class:`InputError` for a missing file, a broken symlink, a non-regular file (FIFO,
    socket, device, folder), a file over ``max_bytes`` or any read error.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        problem = "broken symbolic link" if os.path.islink(path) else "no such file"
        raise InputError(str(path), problem) from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, info.st_mode)
    if info.st_size > max_bytes:
        raise _too_large(path, info.st_size, max_bytes)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        limit = max_bytes + 1 if prefix is None else min(prefix, max_bytes + 1)
        try:
            data = handle.read(limit)
        except OSError as exc:
            raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # the file grew after it was checked
        raise _too_large(path, len(data), max_bytes)
    return data
