"""Outputs as a set: a staged folder replaces the target in one step or not at all."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cityreports.errors import ParameterError
from cityreports.report import output
from cityreports.report.output import StagedFolder, publish_files, remove_stale, write_atomic


def _files(folder):
    return {p.name: p.read_text() for p in folder.iterdir()}


@pytest.mark.parametrize("exchange", [True, False])
@pytest.mark.parametrize("existing", [None, {}, {"old.csv": "old", "report.json": "{}"}])
def test_commit_puts_the_new_set_in_place(tmp_path, monkeypatch, exchange, existing):
    if not exchange:  # the two-rename path of systems without renameat2
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    target = tmp_path / "out"
    if existing is not None:
        target.mkdir()
        for name, text in existing.items():
            (target / name).write_text(text)
    with StagedFolder(target, replaceable=lambda folder: True) as staged:
        (staged.path / "new.csv").write_text("new")
        assert target.exists() == (existing is not None)
        if existing is not None:
            assert _files(target) == existing  # untouched until the commit
        staged.commit()
    assert _files(target) == {"new.csv": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o777 & ~umask  # not left private like a temp dir


def test_leaving_without_commit_keeps_the_old_set(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "report.json").write_text("{}")
    with pytest.raises(RuntimeError), StagedFolder(target, replaceable=lambda f: True) as staged:
        (staged.path / "half.csv").write_text("ha")
        raise RuntimeError("interrupted")
    assert _files(target) == {"report.json": "{}"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_that_may_not_be_replaced_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.docx").write_text("years of work")
    with pytest.raises(ParameterError, match="holds files"):
        StagedFolder(tmp_path / "out")
    assert _files(tmp_path / "out") == {"thesis.docx": "years of work"}


def test_a_symlinked_target_replaces_the_folder_it_points_to(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with StagedFolder(tmp_path / "link") as staged:
        (staged.path / "a.csv").write_text("a")
        staged.commit()
    assert (tmp_path / "link").is_symlink() and _files(tmp_path / "real") == {"a.csv": "a"}


def test_leftovers_of_ended_processes_are_removed(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    dead = tmp_path / f".out.partial-{child.pid}-x"
    alive = tmp_path / f".out.partial-{os.getpid()}-y"
    other = tmp_path / ".out.partial-notapid"
    for folder in (dead, alive, other):
        folder.mkdir()
    assert remove_stale(tmp_path, ".out.partial-") == [dead]
    assert alive.exists() and other.exists() and not dead.exists()


def test_write_atomic_and_publish_files(tmp_path):
    staged, target = tmp_path / "staged", tmp_path / "target"
    write_atomic(staged / "tables" / "a.csv", b"a")
    write_atomic(staged / "MANIFEST.csv", b"m")
    write_atomic(target / "same.csv", b"s")
    write_atomic(staged / "same.csv", b"s")
    written = publish_files(staged, target, last=("MANIFEST.csv",))
    assert [p.relative_to(target).as_posix() for p in written] == ["tables/a.csv",
                                                                    "MANIFEST.csv"]
    assert (target / "tables" / "a.csv").read_bytes() == b"a"
    assert not [p for p in target.rglob(".*")]


@pytest.mark.parametrize(("before", "data", "written"), [(None, b"a", True), (b"a", b"b", True),
                                                         (b"a", b"a", False)])
def test_write_if_changed_writes_only_new_bytes(tmp_path, before, data, written):
    path = tmp_path / "sub" / "f.txt"
    if before is not None:
        path.parent.mkdir()
        path.write_bytes(before)
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert output.write_if_changed(path, data) == path
    assert path.read_bytes() == data
    assert (path.stat().st_mtime_ns != 1_000_000_000) is written
    assert [p.name for p in path.parent.iterdir()] == ["f.txt"]
