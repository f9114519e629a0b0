"""Tests for cityreports.dedup.groups: LSH, passage overlap, pairs, groups, fingerprint use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.dedup.fingerprints import (
    _FINGERPRINT_OPTIONS,
    document_fingerprint,
    minhash_signatures,
)
from cityreports.dedup.groups import (
    PAIR_COLUMNS,
    duplicate_groups,
    find_groups,
    find_near_duplicates,
    groups_from_pairs,
    lsh_candidate_pairs,
    lsh_parameters,
    near_duplicate_pairs,
    passage_overlaps,
)
from cityreports.errors import ParameterError
from cityreports.records import ParsedDocument

from .texts import edit, parsed, random_text

# ---------------------------------------------------------------- LSH


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

    raw_dir = Path(__file__).resolve().parents[2] / "src/cityreports/resources/corpus/raw"
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
    for i, (base, cut, changed) in enumerate(variants):
        text = _BASE_TEXTS[base][cut:]
        if changed:
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


def test_fingerprint_defaults_are_find_near_duplicates_defaults():
    import inspect

    params = inspect.signature(find_near_duplicates).parameters
    assert {k: params[k].default for k in _FINGERPRINT_OPTIONS} == _FINGERPRINT_OPTIONS
