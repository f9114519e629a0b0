"""Tests for cityreports.dedup.groups: MinHash, LSH, passage overlap, event keys, groups."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.dedup.groups import (
    PAIR_COLUMNS,
    document_fingerprint,
    duplicate_groups,
    estimated_jaccard,
    event_key,
    find_groups,
    find_near_duplicates,
    groups_from_pairs,
    lsh_candidate_pairs,
    lsh_parameters,
    minhash_signatures,
    near_duplicate_pairs,
    passage_overlaps,
    shingle_hashes,
)
from cityreports.errors import ParameterError
from cityreports.records import Block, DocumentMeta, NormalizedText, ParsedDocument, RawDocument

_HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def random_text(seed: int, length: int = 800) -> str:
    """Deterministic pseudo-Chinese text with sentence punctuation."""
    rng = random.Random(seed)
    chars = [rng.choice(_HAN) if rng.random() > 0.05 else "，" for _ in range(length)]
    return "".join(chars) + "。"


def edit(text: str, *, seed: int, n: int) -> str:
    """``n`` random single-character substitutions."""
    rng = random.Random(seed)
    chars = list(text)
    for _ in range(n):
        chars[rng.randrange(len(chars))] = rng.choice(_HAN)
    return "".join(chars)


def parsed(doc_id: str, text: str, *, event: str = "", year: int | None = None) -> ParsedDocument:
    idx = np.arange(len(text))
    norm = NormalizedText(text, idx, idx + 1, len(text), "simplified")
    block = Block(0, "body", 0, len(text), 0, len(text), text)
    raw = RawDocument(doc_id, f"{doc_id}.txt", "txt", "utf-8", "", text)
    meta = DocumentMeta(event=event, year=year, year_source="explicit" if year else "unknown")
    return ParsedDocument(raw, norm, (block,), (), meta)


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


@pytest.mark.parametrize(("num_perm", "threshold"), [(128, 0.5), (128, 0.8), (64, 0.3),
                                                     (256, 0.9)])  # fmt: skip
def test_lsh_parameters_fit_and_favour_recall(num_perm, threshold):
    bands, rows = lsh_parameters(num_perm, threshold)
    assert bands * rows <= num_perm
    assert (1 / bands) ** (1 / rows) <= threshold
    with pytest.raises(ParameterError):
        lsh_parameters(num_perm, 0.0)


def test_lsh_finds_copies_not_strangers():
    base = random_text(6)
    texts = {"a": base, "b": edit(base, seed=1, n=5), "c": random_text(7), "d": random_text(8)}
    sigs = minhash_signatures(texts)
    bands, rows = lsh_parameters(128, 0.5)
    assert lsh_candidate_pairs(sigs, bands=bands, rows=rows) == {("a", "b")}


# ---------------------------------------------------------------- passages and event keys


def test_passage_overlaps_counts_shared_passages_and_drops_common_ones():
    shared = random_text(9, 300)
    texts = {"a": random_text(10) + shared, "b": shared + random_text(11), "c": random_text(12)}
    counts, sizes = passage_overlaps(texts, sample=1)
    assert set(counts) == {("a", "b")}
    assert counts[("a", "b")] >= len(shared) - 12
    assert sizes["c"] > 0
    everywhere = {k: v + shared for k, v in texts.items()}
    counts, _ = passage_overlaps(everywhere, sample=1, max_df=2)
    assert counts.get(("a", "c"), 0) == 0


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


# ---------------------------------------------------------------- pairs and groups


def test_reposts_grouped_and_strangers_not():
    base = random_text(20)
    docs = [
        parsed("d1", base),
        parsed("d2", edit(base, seed=2, n=8)),  # a copy with small edits
        parsed("d3", "（转载）" + base[:600]),  # an excerpt repost
        parsed("d4", random_text(21)),
        parsed("d5", random_text(22)),
    ]
    groups = duplicate_groups(docs)
    assert groups == {"d1": "d1", "d2": "d1", "d3": "d1", "d4": "d4", "d5": "d5"}
    pairs = near_duplicate_pairs(docs)
    assert tuple(pairs.columns) == PAIR_COLUMNS
    assert set(pairs["reason"]) == {"repost"}
    assert pairs[["doc_a", "doc_b"]].apply(tuple, axis=1).tolist() == [
        ("d1", "d2"), ("d1", "d3"), ("d2", "d3")]  # fmt: skip


def test_shared_passages_and_same_event():
    quote = random_text(30, 200)
    a, b = random_text(31, 900) + quote, quote + random_text(32, 900)
    texts = {"a": a, "b": b, "c": random_text(33)}
    pairs = find_near_duplicates(texts, sample=1)
    assert pairs[["doc_a", "doc_b", "reason"]].values.tolist() == [["a", "b", "shared_passages"]]
    assert 0.1 < pairs["containment"].iloc[0] < 0.3
    # a small overlap alone is not enough; with the same event key it is
    small = {"a": random_text(34) + quote[:40], "b": quote[:40] + random_text(35)}
    assert find_near_duplicates(small, sample=1).empty
    keys = {"a": "2020|中国智慧城市博览会", "b": "2020|中国智慧城市博览会"}
    linked = find_near_duplicates(small, sample=1, event_keys=keys)
    assert linked["reason"].tolist() == ["same_event"]
    other = {"a": "2020|中国智慧城市博览会", "b": "2021|中国智慧城市博览会"}
    assert find_near_duplicates(small, sample=1, event_keys=other).empty
    alone = {"x": random_text(36), "y": random_text(37)}
    keys_alone = {"x": "2020|某论坛名称", "y": "2020|某论坛名称"}
    assert find_near_duplicates(alone, event_keys=keys_alone).empty
    assert len(find_near_duplicates(alone, event_keys=keys_alone, event_threshold=0)) == 1


@pytest.mark.parametrize(
    ("ids", "pairs", "groups"),
    [(["a", "b", "c"], [], {"a": "a", "b": "b", "c": "c"}),
     (["c", "b", "a"], [("b", "c")], {"a": "a", "b": "b", "c": "b"}),
     (["a", "b", "c", "d"], [("c", "d"), ("b", "d"), ("a", "b")],
      {"a": "a", "b": "a", "c": "a", "d": "a"})],
)  # fmt: skip
def test_groups_from_pairs(ids, pairs, groups):
    assert groups_from_pairs(ids, pairs) == groups


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=15))
def test_groups_are_a_partition_labelled_by_minimum(edges):
    ids = [f"d{i}" for i in range(10)]
    groups = groups_from_pairs(ids, [(f"d{a}", f"d{b}") for a, b in edges])
    for a, b in edges:
        assert groups[f"d{a}"] == groups[f"d{b}"]
    for doc, group in groups.items():
        assert group <= doc and groups[group] == group


def test_near_duplicates_are_deterministic():
    base = random_text(40)
    texts = {f"d{i}": edit(base, seed=i, n=3 * i) for i in range(6)} | {"x": random_text(41)}
    first = find_near_duplicates(texts)
    assert first.equals(find_near_duplicates(dict(sorted(texts.items(), reverse=True))))
    assert "x" not in set(first["doc_a"]) | set(first["doc_b"])


# ---------------------------------------------------------------- bundled corpus


def test_bundled_corpus_groups_only_the_two_expo_reports(gold_documents):
    from pathlib import Path

    from cityreports.text.normalize import normalize

    raw_dir = Path(__file__).resolve().parents[1] / "src/cityreports/resources/corpus/raw"
    texts = {
        path.stem: normalize(path.read_text(encoding="utf-8")).text
        for path in sorted(raw_dir.glob("*.txt"))
    }
    pairs = find_near_duplicates(texts)
    expected = {
        tuple(sorted((row.doc, row.same_event_as)))
        for row in gold_documents.itertuples()
        if row.same_event_as
    }
    assert set(zip(pairs["doc_a"], pairs["doc_b"], strict=True)) == expected
    assert (pairs["jaccard"] < 0.5).all()  # different articles, not reposts


def test_bundled_corpus_groups_match_gold(bundled_corpus, gold_documents):
    groups = bundled_corpus.duplicate_group
    for row in gold_documents.itertuples():
        partner = row.same_event_as or row.doc
        assert groups[row.doc] == min(row.doc, partner)


# ---------------------------------------------------------------- fast paths = plain definitions


def _plain_shingle_hashes(text: str, size: int) -> np.ndarray:
    """The definition: polynomial hash of each ``size``-gram, splitmix64-mixed, unique."""
    from cityreports.dedup.groups import _PRIME, _splitmix64

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
    from cityreports.dedup.groups import _EMPTY, _MinHasher, _perm_seeds, _splitmix64

    hashes = np.array(sorted(values), dtype=np.uint64)
    seeds = _perm_seeds(16, 3)
    expected = [_splitmix64(hashes ^ s).min() if len(hashes) else _EMPTY for s in seeds]
    assert np.array_equal(_MinHasher(seeds)(hashes), np.array(expected, dtype=np.uint64))


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=40))
def test_min_xorshift_handles_shared_top_bits(seed, width):
    from cityreports.dedup.groups import _min_xorshift31

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


# ---------------------------------------------------------------- fingerprints


def _fingerprint_docs() -> list[ParsedDocument]:
    base, quote = random_text(40), random_text(41, 200)
    return [
        parsed("d1", base, event="2020（第六届）中国智慧城市博览会", year=2020),
        parsed("d2", edit(base, seed=3, n=8)),
        parsed("d3", random_text(42) + quote, event="2020中国智慧城市博览会", year=2020),
        parsed("d4", quote + random_text(43)),
        parsed("d5", random_text(44)),
    ]


def test_fingerprints_give_the_same_pairs_and_groups():
    docs = _fingerprint_docs()
    fingerprints = {d.doc_id: document_fingerprint(d) for d in docs}
    expected = near_duplicate_pairs(docs, sample=4)
    got = near_duplicate_pairs(docs, fingerprints=fingerprints)
    assert got.equals(expected)
    assert duplicate_groups(docs, fingerprints=fingerprints) == duplicate_groups(docs)
    partial = {d: f for d, f in fingerprints.items() if d in ("d2", "d4")}
    assert near_duplicate_pairs(docs, fingerprints=partial).equals(expected)


def test_fingerprints_made_with_other_options_are_not_used():
    docs = _fingerprint_docs()
    other = {d.doc_id: document_fingerprint(d, num_perm=16, seed=7) for d in docs}
    assert near_duplicate_pairs(docs, fingerprints=other).equals(near_duplicate_pairs(docs))
    matching = {d.doc_id: document_fingerprint(d, sample=1) for d in docs}
    assert near_duplicate_pairs(docs, sample=1, fingerprints=matching).equals(
        near_duplicate_pairs(docs, sample=1)
    )


def test_fingerprint_defaults_are_find_near_duplicates_defaults():
    import inspect

    from cityreports.dedup.groups import _FINGERPRINT_OPTIONS

    params = inspect.signature(find_near_duplicates).parameters
    assert {k: params[k].default for k in _FINGERPRINT_OPTIONS} == _FINGERPRINT_OPTIONS


_BASE_TEXTS = [
    "智慧城市建设要坚持以人民为中心，推动数据共享和业务协同，提升城市治理水平。" * 3,
    "数字孪生城市正在兴起，算力成为新型基础设施的核心，大模型进入政务服务场景。" * 3,
    "国土空间规划一张图建设加快推进，生态保护红线和城镇开发边界得到落实。" * 3,
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_BASE_TEXTS) - 1), st.integers(0, 40), st.booleans()),
        min_size=1,
        max_size=14,
    ),
    st.sampled_from([None, "2020|中国智慧城市博览会"]),
)
def test_find_groups_equals_the_components_of_the_linked_pairs(variants, key):
    """Skipping pairs already in one group never changes the groups."""
    texts, keys = {}, {}
    for i, (base, cut, edit) in enumerate(variants):
        text = _BASE_TEXTS[base][cut:]
        if edit:
            text = text.replace("城市", "城区", 1) + "新增一句不同的话。"
        texts[f"d{i:02d}"] = text
        if key and i % 3 == 0:
            keys[f"d{i:02d}"] = key
    pairs = find_near_duplicates(texts, event_keys=keys)
    expected = groups_from_pairs(texts, zip(pairs["doc_a"], pairs["doc_b"], strict=True))
    assert find_groups(texts, event_keys=keys) == expected


def test_find_groups_is_linear_in_copies():
    """Many copies of one text form one group (judged once per document, not per pair)."""
    texts = {f"c{i:03d}": _BASE_TEXTS[0] for i in range(200)}
    groups = find_groups(texts)
    assert set(groups.values()) == {"c000"}


def test_find_groups_rejects_unknown_options():
    with pytest.raises(ParameterError, match="bogus"):
        find_groups({"a": "文本"}, bogus=1)
