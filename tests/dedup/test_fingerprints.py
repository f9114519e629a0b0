"""Tests for cityreports.dedup.fingerprints: shingles, MinHash, event keys, content lines,
fingerprints, fast paths."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.dedup.fingerprints import (
    FINGERPRINT_OPTIONS,
    _splitmix64,  # the mixer the definition names
    comparable_line,
    content_lines,
    document_fingerprint,
    ends_cut_off,
    estimated_jaccard,
    event_key,
    fingerprint_options,
    minhash_signatures,
    one_permutation_minhash,
    shingle_hashes,
    text_fingerprint,
)
from cityreports.dedup.groups import band_keys
from cityreports.errors import ParameterError

from .cases import HANGZHOU
from .texts import _HAN, edit, parsed, random_text

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
    assert band_keys(sigs["a"], bands=32, rows=4) == []
    assert len(band_keys(sigs["c"], bands=32, rows=4)) == 32


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


def _plain_one_permutation(hashes: np.ndarray, num_perm: int, seed: int) -> list[int]:
    """The definition of :func:`one_permutation_minhash`, one hash at a time."""
    salt = int(_splitmix64(np.array([seed], dtype=np.uint64))[0])
    bins: dict[int, int] = {}
    for h in hashes.tolist():
        value = int(_splitmix64(np.array([h ^ salt], dtype=np.uint64))[0])
        b = ((h >> 32) * num_perm) >> 32
        bins[b] = min(bins.get(b, value), value)
    if not bins:
        return [2**64 - 1] * num_perm
    out = []
    for i in range(num_perm):
        if i in bins:
            out.append(bins[i])
            continue
        d = next(d for d in range(1, num_perm + 1) if (i + d) % num_perm in bins)
        src = bins[(i + d) % num_perm]
        out.append(int(_splitmix64(np.array([(src + d) % 2**64], dtype=np.uint64))[0]))
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=600, unique=True),
       st.sampled_from([4, 16, 128]), st.integers(min_value=0, max_value=2**32))
def test_one_permutation_minhash_matches_the_definition(values, num_perm, seed):
    hashes = np.array(sorted(values), dtype=np.uint64)
    got = one_permutation_minhash(hashes, num_perm=num_perm, seed=seed)
    assert got.tolist() == _plain_one_permutation(hashes, num_perm, seed)


# ---------------------------------------------------------------- content lines and fingerprints


@pytest.mark.parametrize(
    ("line", "expected"),
    [("智慧城市，建设“数字政府”。", "智慧城市建设数字政府"),
     ("  AI 5G 、 1.2亿条 ", "AI5G12亿条"),
     ("公共资料有序开放，资讯共享", "公共数据有序开放信息共享"),  # regional variants: one form
     ("网际网路与网路安全", "互联网与网络安全"),  # the longer variant first
     ("——", "")],
)  # fmt: skip
def test_comparable_line(line, expected):
    assert comparable_line(line) == expected


@pytest.mark.parametrize(
    ("roles", "kept"),
    [({}, [0, 1, 2, 3]),
     ({0: "title", 3: "credit"}, [1, 2]),
     ({1: "heading", 2: "boilerplate"}, [0, 1, 3]),
     ({0: "caption", 1: "byline", 2: "front_matter", 3: "subtitle"}, [0, 1, 2, 3])],  # no content
)  # fmt: skip
def test_content_lines_are_body_and_headings(roles, kept):
    lines = ["第一行标题", "一、工作回顾", "正文内容段落。", "来源：某报"]
    doc = parsed("d", "\n".join(lines), roles=roles)
    assert content_lines(doc) == [lines[i] for i in kept]


def test_fingerprint_ignores_order_punctuation_and_non_content_blocks():
    text = "\n".join(HANGZHOU)
    plain = document_fingerprint(parsed("a", text))
    shuffled = "\n".join([*HANGZHOU[3:], *HANGZHOU[:3]]).replace("，", ",").replace("。", ".")
    other = document_fingerprint(parsed("b", shuffled + "\n来源：某日报", roles={6: "credit"}))
    assert np.array_equal(np.unique(plain.shingles), np.unique(other.shingles))
    assert np.array_equal(plain.signature, other.signature)
    assert sorted(plain.line_hashes.tolist()) == sorted(other.line_hashes.tolist())
    assert plain.body_hash != other.body_hash  # another order is another text
    assert plain.n_chars == other.n_chars == sum(len(comparable_line(x)) for x in HANGZHOU)


def test_shingles_never_cross_lines_and_short_lines_are_one_shingle():
    one = text_fingerprint("a", ["智慧城市建设"], shingle=3, max_samples=10**6)
    two = text_fingerprint("b", ["智慧城", "市建设"], shingle=3, max_samples=10**6)
    assert len(one.shingles) == 4 and len(two.shingles) == 2
    assert set(two.shingle_lines.tolist()) == {0, 1}
    short = text_fingerprint("c", ["智慧", "智慧"], shingle=5)
    assert len(np.unique(short.shingles)) == 1 and len(short.shingles) == 2  # one per line


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3000), st.sampled_from([64, 256, 1024]))
def test_sampling_keeps_one_in_rate_of_about_max_samples(length, max_samples):
    text = random_text(length, length)
    fp = text_fingerprint("d", [text], max_samples=max_samples)
    full = text_fingerprint("d", [text], max_samples=10**6)
    unique = np.unique(fp.shingles)
    expected = np.unique(full.shingles)
    assert fp.rate & (fp.rate - 1) == 0  # the smallest power of two with n / rate <= max
    assert len(expected) <= fp.rate * max_samples
    assert fp.rate == 1 or len(expected) > fp.rate // 2 * max_samples
    assert np.array_equal(unique, expected[(expected % np.uint64(fp.rate)) == 0])
    assert np.array_equal(fp.signature, full.signature)  # MinHash sees every shingle


@pytest.mark.parametrize(
    ("lines", "numbers"),
    [(["增长6.5%，达到1200万人"], {"6.5", "1200"}),
     (["第1季度", "第1季度增长2%"], {"1", "2"}),
     (["没有数字的句子"], set())],
)  # fmt: skip
def test_numbers_are_hashed_per_line(lines, numbers):
    from cityreports.dedup.fingerprints import _text_hash

    fp = text_fingerprint("d", lines)
    assert set(fp.numbers.tolist()) == {_text_hash(n) for n in numbers}
    assert len(fp.numbers) == len(fp.number_lines)


@pytest.mark.parametrize(
    ("options", "name"),
    [({"bogus": 1}, "bogus"), ({"shingle": 0}, "shingle"), ({"num_perm": 0}, "num_perm"),
     ({"max_samples": 1.5}, "max_samples"), ({"sample": -1}, "sample")],
)  # fmt: skip
def test_fingerprint_options_are_checked(options, name):
    with pytest.raises(ParameterError, match=name):
        fingerprint_options(**options)
    with pytest.raises(ParameterError, match=name):
        text_fingerprint("d", ["文本"], **options)


def test_fingerprint_records_its_options():
    fp = text_fingerprint("d", ["文本内容"], num_perm=16)
    assert dict(fp.options) == {**FINGERPRINT_OPTIONS, "num_perm": 16}
    assert fp.signature.shape == (16,)


def test_document_fingerprint_takes_the_event_key_from_metadata():
    doc = parsed("d", "正文。", event="2020（第六届）中国智慧城市博览会", year=2020)
    assert document_fingerprint(doc).event_key == "2020|中国智慧城市博览会"
    assert document_fingerprint(parsed("e", "正文。")).event_key == ""


@pytest.mark.parametrize("length", [8, 40, 120])
def test_short_texts_with_empty_bins_still_compare(length):
    """A text with fewer shingles than bins leaves bins empty; densified, the signature of a
    copy is the same and that of an unrelated text of the same length shares (almost)
    nothing."""
    a, b = random_text(11, length), random_text(12, length)
    sigs = minhash_signatures({"a": a, "copy": a, "b": b})
    assert estimated_jaccard(sigs["a"], sigs["copy"]) == 1.0
    assert estimated_jaccard(sigs["a"], sigs["b"]) < 0.1


@pytest.mark.parametrize(
    "lines, cut",
    [
        (["第一段。", "第二段说到一半……"], True),
        (["第一段。", "第二段。", "阅读全文"], True),
        (["第一段。", "（未完待续）"], True),
        (["第一段。", "点击查看原文 >>", "责任编辑：王明"], True),
        (["第一段……第二段。", "第三段。", "第四段。"], False),  # an ellipsis inside the text
        (["第一段。", "第二段。"], False),
        ([], False),
    ],
)
def test_ends_cut_off(lines, cut):
    assert ends_cut_off(lines) is cut
