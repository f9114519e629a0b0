"""Tests for cityreports.dedup.fingerprints: shingles, MinHash, event keys, fast paths."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.dedup.fingerprints import (
    estimated_jaccard,
    event_key,
    minhash_signatures,
    shingle_hashes,
)
from cityreports.dedup.groups import lsh_candidate_pairs
from cityreports.errors import ParameterError

from .texts import _HAN, edit, random_text

# ---------------------------------------------------------------- hashing and MinHash


def test_shingle_hashes_ignore_whitespace_and_are_deterministic():
    a = shingle_hashes("智慧城市 建设\n发展", size=3)
    b = shingle_hashes("智慧城市建设发展", size=3)
    assert np.array_equal(a, b)
    assert len(a) == len("智慧城市建设发展") - 2
    assert len(shingle_hashes("智慧", size=5)) == 1
    assert len(shingle_hashes("  ", size=5)) == 0
    with pytest.raises(ParameterError):
        shingle_hashes("abc", size=0)


@pytest.mark.parametrize("seed", [1, 7])
def test_minhash_is_deterministic_and_seed_dependent(seed):
    texts = {"a": random_text(1), "b": random_text(2)}
    first = minhash_signatures(texts, seed=seed)
    second = minhash_signatures(dict(reversed(list(texts.items()))), seed=seed)
    assert all(np.array_equal(first[k], second[k]) for k in texts)
    other = minhash_signatures(texts, seed=seed + 1)
    assert not np.array_equal(first["a"], other["a"])
    assert first["a"].shape == (128,) and first["a"].dtype == np.uint64


@pytest.mark.parametrize(("edits", "low", "high"), [(0, 1.0, 1.0), (10, 0.75, 0.99),
                                                    (400, 0.0, 0.2)])  # fmt: skip
def test_estimated_jaccard_tracks_true_jaccard(edits, low, high):
    base = random_text(3, 1500)
    texts = {"a": base, "b": edit(base, seed=4, n=edits)}
    sigs = minhash_signatures(texts, num_perm=256)
    est = estimated_jaccard(sigs["a"], sigs["b"])
    sa, sb = (set(shingle_hashes(t, size=5).tolist()) for t in texts.values())
    true = len(sa & sb) / len(sa | sb)
    assert low <= est <= high
    assert abs(est - true) < 0.1


def test_empty_texts_match_nothing():
    sigs = minhash_signatures({"a": "", "b": "", "c": random_text(5)})
    assert estimated_jaccard(sigs["a"], sigs["b"]) == 0.0
    assert estimated_jaccard(sigs["a"], sigs["c"]) == 0.0
    assert lsh_candidate_pairs(sigs, bands=32, rows=4) == set()


# ---------------------------------------------------------------- event keys


@pytest.mark.parametrize(
    ("event", "year", "key"),
    [("2020（第六届）中国智慧城市博览会", 2020, "2020|中国智慧城市博览会"),
     ("2020第六届中国智慧城市博览会", None, "2020|中国智慧城市博览会"),
     ("“2015 智慧城市论坛”", 2015, "2015|智慧城市论坛"),
     ("CAICT TALKS 智汇沙龙", 2021, "2021|caicttalks智汇沙龙"),
     ("第二十五届高交会智慧城市展", None, ""),
     ("第二十五屆高交會智慧城市展", 2023, "2023|高交会智慧城市展"),
     ("论坛", 2020, ""), ("", 2020, "")],
)  # fmt: skip
def test_event_key(event, year, key):
    assert event_key(event, year) == key


# ---------------------------------------------------------------- fast paths = plain definitions


def _plain_shingle_hashes(text: str, size: int) -> np.ndarray:
    """The definition: polynomial hash of each ``size``-gram, splitmix64-mixed, unique."""
    from cityreports.dedup.fingerprints import _PRIME, _splitmix64

    codes = [ord(c) for c in text if not c.isspace()]
    if not codes:
        return np.zeros(0, dtype=np.uint64)
    grams = [codes[i : i + size] for i in range(max(len(codes) - size + 1, 1))]
    values = []
    for gram in grams:
        acc = 0
        for code in gram:
            acc = (acc * int(_PRIME) + code + 1) % 2**64
        values.append(acc)
    return np.unique(_splitmix64(np.array(values, dtype=np.uint64)))


@settings(max_examples=100, deadline=None)
@given(
    st.text(st.sampled_from(_HAN[:20] + list(" \n，。ab") + ["\U0001f600"]), max_size=60),
    st.integers(min_value=1, max_value=13),
)
def test_shingle_hashes_match_the_definition(text, size):
    assert np.array_equal(shingle_hashes(text, size=size), _plain_shingle_hashes(text, size))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=3000, unique=True))
def test_minhash_blocks_match_the_definition(values):
    from cityreports.dedup.fingerprints import _EMPTY, _MinHasher, _perm_seeds, _splitmix64

    hashes = np.array(sorted(values), dtype=np.uint64)
    seeds = _perm_seeds(16, 3)
    expected = [_splitmix64(hashes ^ s).min() if len(hashes) else _EMPTY for s in seeds]
    assert np.array_equal(_MinHasher(seeds)(hashes), np.array(expected, dtype=np.uint64))


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=40))
def test_min_xorshift_handles_shared_top_bits(seed, width):
    from cityreports.dedup.fingerprints import _min_xorshift31

    rng = np.random.default_rng(seed)
    z = rng.integers(0, 2**64, size=(6, width), dtype=np.uint64, endpoint=False)
    low33 = np.uint64((1 << 33) - 1)
    z[1] = (z[1] & low33) | (z[1, 0] & ~low33)  # all share their top 31 bits
    z[2] = z[2] >> np.uint64(40)  # all share the top 31 bits (zero)
    z[3, :] = z[3, 0]  # repeated values
    before = z.copy()
    expected = (z ^ (z >> np.uint64(31))).min(axis=1)
    assert np.array_equal(_min_xorshift31(z, np.arange(6)), expected)
    assert np.array_equal(z, before)
