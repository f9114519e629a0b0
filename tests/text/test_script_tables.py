"""The OpenCC script tables: what they say of characters, and their cache on disk."""

from __future__ import annotations

import numpy as np
import pytest

from cityreports.text import script_tables
from cityreports.text.script_tables import (
    build_tables,
    converter,
    opencc_key,
    read_tables,
    write_tables,
)


@pytest.fixture
def fresh_tables(cache_home):
    """Tables read through a fresh private cache folder."""
    script_tables._tables.cache_clear()
    yield cache_home / "cityreports" / "opencc"
    script_tables._tables.cache_clear()


@pytest.fixture(scope="module")
def built():
    return build_tables()


@pytest.mark.parametrize(
    ("char", "traditional", "simplified"),
    [
        ("國", True, False),  # t2s changes it
        ("国", False, True),  # s2t, s2tw and s2hk all change it
        ("台", False, False),  # Taiwan's standard writes 台 as it is: no evidence of either
        ("的", False, False),  # shared
        ("A", False, False),  # outside the Han blocks
    ],
)
def test_tables_say_which_script_a_character_belongs_to(built, char, traditional, simplified):
    assert bool(built["trad"][ord(char)]) is traditional
    assert bool(built["simp"][ord(char)]) is simplified


def test_tables_agree_with_opencc_character_by_character(built):
    for code in range(0x4E00, 0xA000, 97):  # a sample across the block
        char = chr(code)
        assert bool(built["trad"][code]) == (converter("t2s").convert(char) != char)
        assert bool(built["hk"][code]) == (
            converter("t2s").convert(char) != converter("hk2s").convert(char))


def test_tables_are_built_once_then_read_from_the_cache(fresh_tables, built):
    trad, simp = script_tables.script_tables()
    (stored,) = fresh_tables.glob("script-tables-*.npz")
    assert np.array_equal(trad, built["trad"]) and np.array_equal(simp, built["simp"])
    assert np.array_equal(script_tables.hk_table(), built["hk"])
    again = read_tables(stored, opencc_key())
    assert again is not None and all(np.array_equal(again[k], built[k]) for k in built)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path, key: path.write_bytes(b"not an npz file"),
        lambda path, key: write_tables(path, "another key", build_tables()),
        lambda path, key: np.savez(path.open("wb"), key=np.frombuffer(key.encode(), np.uint8),
                                   trad=np.array([object()]), simp=np.zeros(3), hk=np.zeros(3)),
        lambda path, key: np.savez(path.open("wb"), key=np.frombuffer(key.encode(), np.uint8),
                                   trad=np.zeros(3, bool), simp=np.zeros(3, bool),
                                   hk=np.zeros(3, bool)),
    ],
    ids=["garbage", "foreign key", "pickled objects", "wrong shape"],
)
def test_a_damaged_or_foreign_cache_is_not_used(tmp_path, built, damage):
    path, key = tmp_path / "tables.npz", opencc_key()
    damage(path, key)
    assert read_tables(path, key) is None


def test_a_damaged_cache_is_rebuilt(fresh_tables, built):
    script_tables.script_tables()
    (stored,) = fresh_tables.glob("script-tables-*.npz")
    stored.write_bytes(b"damaged")
    script_tables._tables.cache_clear()
    trad, _ = script_tables.script_tables()
    assert np.array_equal(trad, built["trad"])
    assert read_tables(stored, opencc_key()) is not None  # written again
