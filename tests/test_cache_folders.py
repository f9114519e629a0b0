"""Key-checked array files: what is written under a key is read back only under that key."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from cityreports.cache_folders import read_arrays, write_arrays

KEY = "a" * 64


def test_arrays_round_trip_under_their_key(tmp_path: Path):
    path = tmp_path / "arrays.npz"
    assert write_arrays(path, KEY, {"flags": np.array([True, False]), "n": [3, 4]})
    found = read_arrays(path, KEY, ("flags", "n"))
    assert found is not None
    assert found["flags"].tolist() == [True, False] and found["n"].tolist() == [3, 4]
    assert read_arrays(path, KEY, ("n",))["n"].dtype.kind == "i"
    assert [p.name for p in tmp_path.iterdir()] == ["arrays.npz"]  # no temporary file left


def _pickled(path: Path) -> None:
    np.savez(path, key=np.frombuffer(KEY.encode(), dtype=np.uint8),
             flags=np.array([{"x": 1}], dtype=object))


def _zip_of_junk(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("key.npy", b"not an array")


@pytest.mark.parametrize(
    ("case", "make", "key", "names"),
    [
        ("missing", None, KEY, ("flags",)),
        ("another key", "good", "b" * 64, ("flags",)),
        ("a name it lacks", "good", KEY, ("flags", "other")),
        ("garbage bytes", lambda p: p.write_bytes(b"\x00garbage"), KEY, ("flags",)),
        ("a pickle", lambda p: p.write_bytes(pickle.dumps({"flags": 1})), KEY, ("flags",)),
        ("an object array", _pickled, KEY, ("flags",)),
        ("a zip of junk", _zip_of_junk, KEY, ("flags",)),
        ("a truncated file", "truncated", KEY, ("flags",)),
    ],
)
def test_anything_but_a_well_formed_file_of_the_key_reads_as_none(tmp_path, case, make, key,
                                                                   names):
    path = tmp_path / "arrays.npz"
    if make in ("good", "truncated"):
        write_arrays(path, KEY, {"flags": np.ones(1000, dtype=bool)})
        if make == "truncated":
            path.write_bytes(path.read_bytes()[:200])
    elif make is not None:
        make(path)
    assert read_arrays(path, key, names) is None, case


def test_a_folder_that_cannot_be_written_is_reported_not_raised(tmp_path: Path):
    missing = tmp_path / "no such folder" / "arrays.npz"
    assert write_arrays(missing, KEY, {"n": [1]}) is False
    assert not missing.parent.exists()
