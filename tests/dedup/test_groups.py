"""Tests for cityreports.dedup.groups: duplicate and event groups of corpora."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.dedup.fingerprints import document_fingerprint, text_fingerprint
from cityreports.dedup.groups import (
    PAIR_COLUMNS,
    band_keys,
    corpus_groups,
    duplicate_groups,
    find_groups,
    find_near_duplicates,
    group_fingerprints,
    groups_from_pairs,
    lsh_parameters,
    near_duplicate_pairs,
    text_groups,
)
from cityreports.errors import ParameterError

from ..conftest import DEVCORPUS
from . import cases as c
from .texts import edit, parse_text, parsed, random_text

H = c.HANGZHOU


def partition(groups: dict[str, str]) -> set[frozenset[str]]:
    """The groups of two or more documents."""
    members: dict[str, set[str]] = {}
    for doc_id, group in groups.items():
        members.setdefault(group, set()).add(doc_id)
    return {frozenset(m) for m in members.values() if len(m) > 1}


# ---------------------------------------------------------------- texts written for the tests

CORPORA = {
    "reposts of one article": (
        {"a": c.join(H), "b": c.traditional(c.join(H)), "c": c.join(c.reordered(H)),
         "d": c.join(c.HEADER_B + H + c.FOOTER_B), "e": c.join(H[:2] + H[3:]),
         "x": c.WORK_REPORT_2022},
        {frozenset("abcde")},
    ),
    "a release series of one bureau": (
        {"mar": c.STATS_MARCH, "jun": c.STATS_JUNE, "sep": c.STATS_SEPTEMBER,
         "w12": c.AIR_WEEK_12, "w13": c.AIR_WEEK_13},
        set(),
    ),
    "two years of a work report, and a repost of one": (
        {"r2022": c.WORK_REPORT_2022, "r2023": c.WORK_REPORT_2023,
         "r2023tw": c.traditional(c.WORK_REPORT_2023, "s2twp")},
        {frozenset({"r2023", "r2023tw"})},
    ),
    "one site: front matter and footer shared, articles not": (
        {"hk1": c.HK_ARTICLE_1, "hk2": c.HK_ARTICLE_2, "hk1b": c.HK_ARTICLE_1},
        {frozenset({"hk1", "hk1b"})},
    ),
    "a short text inside a long one": (
        {"notice": c.NOTICE, "report": c.LONG_REPORT,
         "excerpt": c.join(H[:4]), "article": c.join(H)},
        {frozenset({"excerpt", "article"})},
    ),
}  # fmt: skip


@pytest.mark.parametrize(("texts", "expected"), CORPORA.values(), ids=list(CORPORA))
def test_groups_of_written_corpora(texts, expected):
    docs = [parse_text(doc_id, text) for doc_id, text in texts.items()]
    result = corpus_groups(docs)
    assert partition(result.duplicate) == expected
    assert set(result.duplicate) == set(texts)
    for group in expected:  # every group is named by its smallest doc_id
        assert {result.duplicate[d] for d in group} == {min(group)}


# ---------------------------------------------------------------- real corpora


def _manifest() -> dict[str, dict[str, str]]:
    with (DEVCORPUS / "MANIFEST.csv").open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def dev_corpus():
    from cityreports.pipeline.corpus import parse_corpus

    return parse_corpus(DEVCORPUS / "docs")


def test_dev_corpus_groups_exactly_the_labelled_pairs(dev_corpus):
    manifest = _manifest()
    files = {doc.doc_id: Path(doc.raw.path).name for doc in dev_corpus}
    expected = {frozenset({f, row["duplicate_of"]}) for f, row in manifest.items()
                if row["duplicate_of"] and f in files.values()
                and row["duplicate_of"] in files.values()}  # fmt: skip
    # one text in two formats (the DOCX a TXT was converted from) is a copy too, if both are read
    stems: dict[str, set[str]] = {}
    for name in files.values():
        stems.setdefault(Path(name).stem, set()).add(name)
    expected |= {frozenset(names) for names in stems.values() if len(names) > 1}
    assert len(expected) >= 3
    found = {frozenset(files[d] for d in group) for group in partition(dev_corpus.duplicate_group)}
    assert found == expected


def test_dev_corpus_groups_are_the_same_for_another_order_of_fingerprints(dev_corpus):
    docs = list(dev_corpus.documents)
    fps = [document_fingerprint(d) for d in docs]
    backwards = group_fingerprints(reversed(fps))
    assert backwards.duplicate == dict(dev_corpus.duplicate_group)
    assert backwards.event == dict(dev_corpus.event_group)


def test_national_report_series_forms_no_group(dev_corpus):
    national = {f for f, row in _manifest().items() if row["kind"] == "gov_work_report_national"}
    docs = [d for d in dev_corpus if Path(d.raw.path).name in national]
    assert len(docs) == len(national) == 31
    result = corpus_groups(docs)
    assert partition(result.duplicate) == set() and partition(result.event) == set()
    assert result.pairs.empty


def test_bundled_corpus_has_no_copies_and_one_event_group(bundled_corpus, gold_documents):
    """The gold says 000 and 001 report one expo in different words: one event, not a copy."""
    for row in gold_documents.itertuples():
        assert bundled_corpus.duplicate_group[row.doc] == row.doc
        partner = row.same_event_as or row.doc
        assert bundled_corpus.event_group[row.doc] == min(row.doc, partner)
    pairs = near_duplicate_pairs(list(bundled_corpus.documents))
    assert pairs["reason"].tolist() == ["same_event"]


# ---------------------------------------------------------------- invariants


_VARIANTS = [c.join(H), c.traditional(c.join(H)), c.join(c.reordered(H)), c.join(H[:2] + H[3:]),
             c.STATS_MARCH, c.STATS_JUNE, c.WORK_REPORT_2022, c.WORK_REPORT_2023,
             c.HK_ARTICLE_1, c.HK_ARTICLE_2, c.NOTICE, c.LONG_REPORT, c.AIR_WEEK_12]  # fmt: skip


@pytest.fixture(scope="module")
def variant_fingerprints():
    return [document_fingerprint(parse_text(f"v{i:02d}", t)) for i, t in enumerate(_VARIANTS)]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_groups_do_not_depend_on_document_order(variant_fingerprints, data):
    chosen = data.draw(st.lists(st.sampled_from(variant_fingerprints), min_size=1,
                                max_size=len(variant_fingerprints), unique_by=lambda f: f.doc_id))
    order = data.draw(st.permutations(chosen))
    first, second = group_fingerprints(chosen), group_fingerprints(order)
    assert first.duplicate == second.duplicate
    assert first.event == second.event
    assert first.pairs.equals(second.pairs)


def test_a_repost_cut_off_joins_its_original_however_short():
    # the cut copy keeps a fifth of the text: too little for the MinHash bands to find it,
    # so it is found by the line it opens with
    extra = [line for line in c.LONG_REPORT.strip().split("\n") if len(line) > 60]
    texts = {"long": "\n".join(H[1:] + extra * 3), "cut": "\n".join([*H[1:3], H[3][:20] + "……"])}
    result = text_groups(texts)
    assert result.duplicate["cut"] == result.duplicate["long"]
    links = result.pairs[result.pairs["reason"] != "same_event"]
    assert links["reason"].tolist() == ["truncated"]
    assert float(links["length_ratio"].iloc[0]) < 0.3


def test_groups_are_tight_around_their_representative():
    """A chain of texts, each a paragraph longer: members are copies of the first, and the
    chain does not carry on to texts that are not."""
    extra = [line for line in c.LONG_REPORT.strip().split("\n") if len(line) > 60]
    texts = {f"chain{i}": "\n".join(H[1:] + extra[:i]) for i in range(len(extra) + 1)}
    result = text_groups(texts)
    rep = result.duplicate["chain0"]
    members = {d for d, g in result.duplicate.items() if g == rep}
    assert {"chain0", "chain1"} <= members and f"chain{len(extra)}" not in members
    links = result.pairs[result.pairs["reason"] != "same_event"]
    assert set(links["doc_a"]) <= {rep}  # every link is to the representative
    assert (links["containment"] >= 0.9).all()


@pytest.mark.parametrize("max_postings", [1, 2, 50])
def test_many_copies_form_one_group_in_linear_work(max_postings):
    texts = {f"c{i:03d}": c.join(H) for i in range(150)}
    texts |= {f"e{i:03d}": edit(c.join(H), seed=i, n=3) for i in range(50)}
    groups = find_groups(texts, max_postings=max_postings)
    assert set(groups.values()) == {"c000"}


def test_bucket_cap_bounds_comparisons_but_keeps_strangers_apart():
    texts = {f"s{i:02d}": random_text(i, 600) for i in range(30)}
    for max_postings in (1, 3, 50):
        assert partition(find_groups(texts, max_postings=max_postings)) == set()


# ---------------------------------------------------------------- event groups


def _expo_docs():
    quote = random_text(30, 200)
    return [
        parsed("a", random_text(31, 900) + quote, event="2020（第六届）中国智慧城市博览会",
               year=2020),
        parsed("b", quote + random_text(32, 900), event="2020第六届中国智慧城市博览会"),
        parsed("c", random_text(33, 900), event="2021中国智慧城市博览会"),
        parsed("d", random_text(34, 900), event="2020中国智慧城市博览会"),  # shares no passage
        parsed("e", random_text(35, 900) + quote),  # shares a passage, but names no event
    ]


@pytest.mark.parametrize(
    ("threshold", "event_groups"),
    [(0.005, {frozenset("ab")}), (0.0, {frozenset("abd")})],
)
def test_same_event_is_an_event_group_not_a_duplicate_group(threshold, event_groups):
    result = corpus_groups(_expo_docs(), event_threshold=threshold)
    assert partition(result.event) == event_groups
    assert partition(result.duplicate) == set()
    assert set(result.pairs["reason"]) == {"same_event"}


def test_duplicate_groups_lie_inside_event_groups():
    base = c.join(H)
    docs = [parsed("a", base, event="2023杭州数字治理大会", year=2023), parsed("b", base),
            parsed("c", random_text(5), event="2023杭州数字治理大会", year=2023)]
    result = corpus_groups(docs, event_threshold=0.0)
    assert partition(result.duplicate) == {frozenset("ab")}
    assert partition(result.event) == {frozenset("abc")}


# ---------------------------------------------------------------- entry points and options


def test_pairs_table():
    texts = {"a": c.join(H), "b": c.join(H), "c": c.join(c.reordered(H)),
             "d": c.join(H[:2] + H[3:])}
    pairs = find_near_duplicates(texts)
    assert tuple(pairs.columns) == PAIR_COLUMNS
    assert pairs[["doc_a", "doc_b", "reason"]].values.tolist() == [
        ["a", "b", "exact"], ["a", "c", "near_copy"], ["a", "d", "contained"]]  # fmt: skip
    assert pairs["resemblance"].between(0, 1).all()


def test_fingerprints_made_elsewhere_are_used_when_their_options_match():
    docs = [parse_text(f"d{i}", t) for i, t in enumerate(_VARIANTS[:6])]
    made = {d.doc_id: document_fingerprint(d) for d in docs}
    expected = corpus_groups(docs)
    got = corpus_groups(docs, fingerprints=made)
    assert got.duplicate == expected.duplicate and got.pairs.equals(expected.pairs)
    # fingerprints of other texts under the same ids: used when the options match, else not
    wrong = {d: text_fingerprint(d, ["同一段文字。"]) for d in made}
    assert len(set(corpus_groups(docs, fingerprints=wrong).duplicate.values())) == 1
    other = {d: text_fingerprint(d, ["同一段文字。"], num_perm=16) for d in made}
    assert corpus_groups(docs, fingerprints=other).duplicate == expected.duplicate
    assert duplicate_groups(docs) == expected.duplicate


@pytest.mark.parametrize(
    ("options", "name"),
    [({"bogus": 1}, "bogus"), ({"resemblance": 2.0}, "resemblance"), ({"shingle": 0}, "shingle")],
)
def test_unknown_or_bad_options_are_refused(options, name):
    with pytest.raises(ParameterError, match=name):
        find_groups({"a": "文本"}, **options)


def test_fingerprints_of_different_options_or_ids_are_refused():
    a, b = text_fingerprint("a", ["文本"]), text_fingerprint("b", ["文本"], num_perm=16)
    with pytest.raises(ParameterError, match="options"):
        group_fingerprints([a, b])
    with pytest.raises(ParameterError, match="doc_id"):
        group_fingerprints([a, a])


def test_empty_corpus():
    result = corpus_groups([])
    assert result.duplicate == {} and result.event == {} and result.pairs.empty


# ---------------------------------------------------------------- LSH and union-find


@pytest.mark.parametrize(("num_perm", "threshold"), [(128, 0.5), (128, 0.8), (64, 0.3),
                                                     (256, 0.9)])  # fmt: skip
def test_lsh_parameters_fit_and_favour_recall(num_perm, threshold):
    bands, rows = lsh_parameters(num_perm, threshold)
    assert bands * rows <= num_perm
    assert (1 / bands) ** (1 / rows) <= threshold
    with pytest.raises(ParameterError):
        lsh_parameters(num_perm, 0.0)


def test_band_keys_agree_for_copies_and_rarely_for_strangers():
    base = random_text(6)
    sigs = [text_fingerprint(d, [t]).signature for d, t in
            [("a", base), ("b", edit(base, seed=1, n=5)), ("c", random_text(7))]]  # fmt: skip
    keys = [set(band_keys(s, bands=42, rows=3)) for s in sigs]
    assert len(keys[0] & keys[1]) > 10 and not keys[0] & keys[2]
    assert all(len(k) == 42 for k in keys)
    assert band_keys(np.full(128, 2**64 - 1, dtype=np.uint64), bands=42, rows=3) == []


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
def test_groups_from_pairs_is_a_partition_labelled_by_minimum(edges):
    ids = [f"d{i}" for i in range(10)]
    groups = groups_from_pairs(ids, [(f"d{a}", f"d{b}") for a, b in edges])
    for a, b in edges:
        assert groups[f"d{a}"] == groups[f"d{b}"]
    for doc, group in groups.items():
        assert group <= doc and groups[group] == group
