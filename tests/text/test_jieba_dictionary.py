"""The segmenter's dictionary kept as arrays in the private cache (text.jieba_dictionary)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from cityreports.text import jieba_dictionary
from cityreports.text.jieba_dictionary import dictionary_key, read_dictionary, write_dictionary
from cityreports.text.tokens import Segmenter, jieba_cache_dir

TEXTS = [
    "各地推进新型智慧城市建设取得成效",
    "推动互联网+政务服务，研考會-智慧發展中心",
    "十四五期间建成5G基站",
]


def test_round_trip(tmp_path):
    path = tmp_path / "d.npz"
    write_dictionary(path, "k" * 64, ["智慧", "智", "城市"], [120, 0, 50], 171)
    assert read_dictionary(path, "k" * 64) == (["智慧", "智", "城市"], [120, 0, 50], 171)
    assert read_dictionary(path, "j" * 64) is None  # another key: not this dictionary


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a zip file", b"PK\x03\x04" + b"\x00" * 40],
)
def test_a_damaged_file_is_not_read(tmp_path, damage):
    path = tmp_path / "d.npz"
    path.write_bytes(damage)
    assert read_dictionary(path, "k" * 64) is None


def test_arrays_that_disagree_are_not_read(tmp_path):
    path = tmp_path / "d.npz"
    key = "k" * 64
    np.savez(
        path,
        key=np.frombuffer(key.encode(), dtype=np.uint8),
        words=np.frombuffer("智慧\n城市".encode(), dtype=np.uint8),
        freqs=np.asarray([1], dtype=np.int64),
        total=np.asarray([1], dtype=np.int64),
    )
    assert read_dictionary(path, key) is None


def test_the_key_follows_the_added_words():
    entries = [("智慧城市", 1000, "nz")]
    assert dictionary_key(entries) == dictionary_key(list(entries))
    assert dictionary_key(entries) != dictionary_key([("智慧城市", 999, "nz")])
    assert dictionary_key(entries) != dictionary_key([*entries, ("数字孪生", 1000, "nz")])


def test_a_second_segmenter_reads_the_cache_not_jieba(cache_home):
    first = Segmenter(user_words=["研考會"])
    expected = [first.tokens(t) for t in TEXTS]
    assert first._tokenizer is not None  # built from jieba, then stored
    assert len(list(jieba_cache_dir().glob("dictionary-*.npz"))) == 1
    second = Segmenter(user_words=["研考會"])
    assert [second.tokens(t) for t in TEXTS] == expected
    assert second._tokenizer is None  # jieba's tokenizer was never loaded
    tokenizer, _ = first._load()
    assert second._dictionary().total == tokenizer.total


def test_a_damaged_cache_is_rebuilt_with_the_same_tokens(cache_home):
    expected = [Segmenter().tokens(t) for t in TEXTS]
    (stored,) = jieba_cache_dir().glob("dictionary-*.npz")
    stored.write_bytes(stored.read_bytes()[:1000])
    again = Segmenter()
    assert [again.tokens(t) for t in TEXTS] == expected
    assert again._tokenizer is not None
    assert read_dictionary(stored, dictionary_key(again._entries())) is not None


def test_old_dictionaries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(jieba_dictionary, "_KEEP", 2)
    for i in range(4):
        write_dictionary(tmp_path / f"dictionary-{i}.npz", f"{i}" * 64, ["智慧"], [1], 1)
    assert sorted(p.name for p in tmp_path.glob("dictionary-*.npz")) == [
        "dictionary-2.npz",
        "dictionary-3.npz",
    ]


def test_jieba_rs_is_loaded_without_its_default_dictionary_and_imports_later():
    # a fresh interpreter: the class comes without the package import (which builds a default
    # jieba-rs), and a later `import rjieba` finds the same compiled module and works
    code = (
        "import sys\n"
        "from cityreports.text.jieba_dictionary import _jieba_rs\n"
        "cls = _jieba_rs()\n"
        "assert 'rjieba' not in sys.modules\n"
        "cutter = cls.empty(); cutter.add_word('智慧城市', 100, None)\n"
        "assert cutter.cut('智慧城市建设', True) == ['智慧城市', '建设']\n"
        "import rjieba\n"
        "assert rjieba.Jieba is cls\n"
        "assert rjieba.cut('智慧城市') == ['智慧', '城市']\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("char", ["智", "城", "数", "5", "A", "〇", "\U0010ffff", "\u0000"])
def test_entries_starting_with_a_character_are_a_slice_of_the_sorted_words(char):
    freq = {"智慧": 120, "智": 0, "智慧城市": 80, "城市": 50, "城": 0, "数据": 30, "数": 0,
            "5G": 10, "A级": 5, "\U0010ffff": 1}
    compiled = jieba_dictionary.CompiledDictionary(*jieba_dictionary.sorted_dictionary(freq, 296))
    expected = {w: f for w, f in freq.items() if w.startswith(char)}
    assert compiled.starting_with(char) == expected
    assert compiled.starting_with(char) is compiled.starting_with(char)  # made once
    assert compiled.frequencies() == freq


def test_a_dictionary_of_unsorted_words_is_refused():
    with pytest.raises(ValueError, match="sorted"):
        jieba_dictionary.CompiledDictionary(["智慧", "城市"], [120, 50], 170)
