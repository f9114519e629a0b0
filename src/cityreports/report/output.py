"""Writing outputs so that an interrupted run never leaves a torn set of files.

* :class:`StagedFolder`: a set of files (``extract``'s tables) is written into a temporary
  folder beside the target, which then replaces the target in one rename; until then the old
  set is untouched, and a killed run leaves only a hidden ``.<name>.partial-<pid>-*`` folder
  (removed by the next run once its process is gone).
* :func:`write_atomic`: one file, through a temporary file in the same folder.
* :func:`publish_files`: a staged tree of files copied into place one file at a time, the
  files named ``last`` at the very end (``cityreports run``: figures, then MANIFEST.csv).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from cityreports.errors import ParameterError

#: Marker in the names of temporary folders and files.
PARTIAL = ".partial-"


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still exists (a zombie counts as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        status = Path(f"/proc/{pid}/stat").read_text()
        return status.rpartition(")")[2].split()[0] != "Z"
    return True


def _owner_pid(name: str, prefix: str) -> int | None:
    rest = name[len(prefix):]
    digits = rest.split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def remove_stale(folder: Path, prefix: str) -> list[Path]:
    """Remove entries of ``folder`` named ``<prefix><pid>-...`` whose process has ended."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            pid = _owner_pid(entry.name, prefix) if entry.name.startswith(prefix) else None
            if pid is None or pid_alive(pid):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()
            removed.append(entry)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step (Linux ``renameat2(RENAME_EXCHANGE)``).

    False when the system or the file system cannot.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _writable_parent(target: Path, *, name: str) -> Path:
    """The folder ``target`` will be written in, made if missing; a problem raises."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ParameterError(name, f"{parent} is not a folder") from None
    except OSError as exc:
        raise ParameterError(name, f"cannot make {parent}: {exc.strerror or exc}") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ParameterError(name, f"cannot write in {parent}: permission denied")
    return parent


class StagedFolder:
    """A folder of outputs written elsewhere first and put in place in one rename.

    ``target`` may not exist, or be a folder ``replaceable`` accepts (e.g. a previous set of
    tables); anything else raises ParameterError (``name``: the option, e.g. ``out``) at
    once, before any work. Write into :attr:`path`, then :meth:`commit`; leaving the ``with``
    block without committing removes :attr:`path` and leaves ``target`` as it was.
    """

    def __init__(
        self, target: str | os.PathLike[str], *, name: str = "out",
        replaceable: Callable[[Path], bool] = lambda folder: not any(folder.iterdir()),
    ) -> None:
        if not str(target).strip():
            raise ParameterError(name, "is empty; give an output folder")
        self.target = Path(os.path.realpath(target))
        if self.target.exists() and not self.target.is_dir():
            raise ParameterError(name, f"{self.target} exists and is not a folder")
        if self.target.parent == self.target:
            raise ParameterError(name, f"{self.target} is a file system root")
        if self.target.is_dir() and not replaceable(self.target):
            raise ParameterError(name, f"{self.target} holds files this run did not write; "
                                 "give a new or empty folder")
        parent = _writable_parent(self.target, name=name)
        self.prefix = f".{self.target.name}{PARTIAL}"
        remove_stale(parent, self.prefix)
        try:
            self.path = Path(tempfile.mkdtemp(prefix=f"{self.prefix}{os.getpid()}-", dir=parent))
        except OSError as exc:
            raise ParameterError(name, f"cannot write in {parent}: {exc.strerror or exc}") from None
        self.committed = False

    def __enter__(self) -> StagedFolder:
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()

    def discard(self) -> None:
        """Remove the staged folder unless it was committed (``target`` stays as it was)."""
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)

    def commit(self) -> Path:
        """Put the staged folder in place of ``target`` (the old one is removed)."""
        os.chmod(self.path, 0o777 & ~_umask())  # mkdtemp made it private
        if not self.target.exists():
            os.rename(self.path, self.target)
        elif _exchange(self.path, self.target):
            shutil.rmtree(self.path, ignore_errors=True)  # now the old set
        else:
            old = Path(tempfile.mkdtemp(prefix=f"{self.prefix}{os.getpid()}-",
                                        dir=self.target.parent))
            os.rename(self.target, old / "old")
            try:
                os.rename(self.path, self.target)
            except BaseException:
                os.rename(old / "old", self.target)
                raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
        self.committed = True
        return self.target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}{PARTIAL}{os.getpid()}-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def write_if_changed(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` with :func:`write_atomic` unless the file already holds
    exactly these bytes (then it is left alone, its time stamp too)."""
    path = Path(path)
    if not (path.is_file() and path.read_bytes() == data):
        write_atomic(path, data)
    return path


def publish_files(staged: Path, target: Path, *, last: Sequence[str] = ()) -> list[Path]:
    """Copy every file under ``staged`` to the same place under ``target`` (atomically per
    file, only when its bytes differ), the relative paths in ``last`` at the end, in order."""
    files = sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file())
    ordered = [f for f in files if f not in last] + [f for f in last if f in files]
    written = []
    for rel in ordered:
        data = (staged / rel).read_bytes()
        dest = target / rel
        if dest.is_file() and not dest.is_symlink() and dest.read_bytes() == data:
            continue
        written.append(write_atomic(dest, data))
    return written
