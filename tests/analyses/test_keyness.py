"""Tests for keyness statistics, term counts and TF-IDF top terms."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from cityreports.analyses.keyness import (
    KEYNESS_COLUMNS,
    keyness,
    keyness_between,
    median_split_year,
    since_year,
    term_counts,
    top_terms,
)
from cityreports.errors import ParameterError

from ..factories import make_corpus, make_doc


def hand_g2(a: float, b: float, c: float, d: float) -> float:
    """G2 = 2 * sum O ln(O/E) with E = row total * column total / N, written out."""
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n),
             (c, (c + d) * (a + c) / n), (d, (c + d) * (b + d) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


def hand_chi2(a: float, b: float, c: float, d: float) -> float:
    n = a + b + c + d
    return n * (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))


def williams_q(a: float, b: float, c: float, d: float) -> float:
    n = a + b + c + d
    return 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)


TABLES = [(10, 2, 90, 198), (3, 30, 500, 700), (7, 0, 93, 100), (50, 50, 50, 50), (1, 1, 5, 9)]


@pytest.mark.parametrize(("a", "b", "c", "d"), TABLES)
def test_uncorrected_statistics_match_hand_computation_and_scipy(a, b, c, d):
    frame = keyness({"x": a, "other": c}, {"x": b, "other": d}, measure="lr", correction=None)
    row = frame.set_index("term").loc["x"]
    assert row.g2 == pytest.approx(hand_g2(a, b, c, d))
    assert row.chi2 == pytest.approx(hand_chi2(a, b, c, d))
    table = np.array([[a, b], [c, d]])
    scipy_chi2 = chi2_contingency(table, correction=False).statistic
    scipy_g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood").statistic
    assert row.chi2 == pytest.approx(scipy_chi2)
    assert row.g2 == pytest.approx(scipy_g2)
    n = a + b + c + d
    assert row.expected_target == pytest.approx((a + b) * (a + c) / n)
    assert row.expected_reference == pytest.approx((a + b) * (b + d) / n)
    if row.g2 > 0:
        assert np.sign(row.signed) == (1 if a > (a + b) * (a + c) / n else -1)
    else:
        assert str(row.signed) == "0.0"  # no negative zero
    assert abs(row.signed) == pytest.approx(row.g2)


@pytest.mark.parametrize(("a", "b", "c", "d"), TABLES)
def test_yates_matches_scipy(a, b, c, d):
    frame = keyness({"x": a, "o": c}, {"x": b, "o": d}, measure="chi2", correction="yates")
    row = frame.set_index("term").loc["x"]
    table = np.array([[a, b], [c, d]])
    assert row.chi2 == pytest.approx(chi2_contingency(table, correction=True).statistic)
    assert row.g2 == pytest.approx(
        chi2_contingency(table, correction=True, lambda_="log-likelihood").statistic
    )
    assert abs(row.signed) == pytest.approx(row.chi2)


@pytest.mark.parametrize(("a", "b", "c", "d"), TABLES)
def test_williams_divides_by_q(a, b, c, d):
    row = keyness({"x": a, "o": c}, {"x": b, "o": d}).set_index("term").loc["x"]  # lr default
    q = williams_q(a, b, c, d) if min(a, b, c, d) > 0 else 1.0
    assert row.g2 == pytest.approx(hand_g2(a, b, c, d) / q)
    assert abs(row.signed) == pytest.approx(row.g2)


def test_p_value_and_effect():
    frame = keyness({"x": 40, "o": 60}, {"x": 10, "o": 190}, correction=None)
    row = frame.set_index("term").loc["x"]
    from scipy.stats import chi2

    assert row.p == pytest.approx(chi2.sf(row.g2, 1))
    assert row.effect == pytest.approx(math.log2((40 / 100) / (10 / 200)))
    zero = keyness({"x": 4, "o": 6}, {"o": 10}, correction=None).set_index("term").loc["x"]
    assert zero.effect == pytest.approx(math.log2((4 / 10) / (0.5 / 10)))


def test_sorted_by_signed_statistic():
    tgt = {"up": 30, "same": 10, "down": 1, "other": 59}
    ref = {"up": 3, "same": 10, "down": 30, "other": 57}
    frame = keyness(tgt, ref)
    assert frame.term.tolist()[0] == "up" and frame.term.tolist()[-1] == "down"
    assert frame.signed.is_monotonic_decreasing
    assert frame.set_index("term").loc["down"].signed < 0
    assert frame.equals(keyness(pd.Series(tgt), pd.Series(ref)))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"measure": "pmi"}, "measure"), ({"correction": "bonferroni"}, "correction"),
     ({"target_total": 1}, "target_total")],
)
def test_keyness_bad_options(kwargs, name):
    with pytest.raises(ParameterError) as info:
        keyness({"x": 3}, {"x": 4, "y": 1}, **kwargs)
    assert info.value.name == name


@pytest.mark.parametrize(
    ("tgt", "ref"), [({}, {"x": 1}), ({"x": 1}, {}), ({"x": -1, "y": 3}, {"x": 1})]
)
def test_keyness_bad_counts(tgt, ref):
    with pytest.raises(ParameterError):
        keyness(tgt, ref)


@settings(max_examples=100, deadline=None)
@given(
    a=st.integers(0, 200), b=st.integers(0, 200), c=st.integers(1, 500), d=st.integers(1, 500)
)
def test_statistics_are_non_negative_and_swap_symmetric(a, b, c, d):
    if a + b == 0:
        return
    one = keyness({"x": a, "o": c}, {"x": b, "o": d}, correction=None).set_index("term")
    two = keyness({"x": b, "o": d}, {"x": a, "o": c}, correction=None).set_index("term")
    assert one.loc["x"].g2 >= 0 and one.loc["x"].chi2 >= 0
    assert one.loc["x"].g2 == pytest.approx(two.loc["x"].g2, abs=1e-9)
    assert one.loc["x"].effect == pytest.approx(-two.loc["x"].effect)


# --------------------------------------------------------------------------- corpus helpers


class SpaceSegmenter:
    """Tokens are the space-separated words; '的' is a stop-word."""

    def tokens(self, text: str, *, drop_stopwords: bool = True) -> list[str]:
        toks = re.findall(r"\S+", text)
        return [t for t in toks if t != "的"] if drop_stopwords else toks


CORPUS = make_corpus(
    (
        make_doc("智慧城市 以人为本 智慧城市 的 2015 城 数字城市", doc_id="a", year=2015),
        make_doc("智慧城市 以人民为中心 数据 数据 大数据", doc_id="b", year=2020),
        make_doc("智慧城市 以人民为中心 数据 数据 大数据", doc_id="c", year=2020),
        make_doc("大模型 算力 算力 智慧城市 数据", doc_id="d", year=2023),
        make_doc("大模型 无年份", doc_id="e", year=None),
    ),
    groups={"b": "b", "c": "b"},
)


@pytest.mark.parametrize(
    ("by", "column", "units"),
    [("year", "year", [2015, 2020, 2023]), ("doc", "doc_id", ["a", "b", "c", "d", "e"]),
     ("group", "group", ["a", "b", "d", "e"])],
)
def test_term_counts_units(by, column, units):
    frame = term_counts(CORPUS, segmenter=SpaceSegmenter(), by=by)
    assert frame.columns.tolist() == [column, "term", "count"]
    assert sorted(frame[column].unique().tolist()) == units
    assert not frame.term.isin(["的", "2015", "城"]).any()  # stop-word, number, single char


def test_term_counts_callable_and_collapse():
    frame = term_counts(CORPUS, segmenter=SpaceSegmenter(), by=since_year(2020),
                        collapse_duplicates=True)
    later = frame[frame.group == True].set_index("term")["count"]  # noqa: E712
    assert later["数据"] == 3 and later["智慧城市"] == 2  # b and c counted once; e left out
    full = term_counts(CORPUS, segmenter=SpaceSegmenter(), by=since_year(2020))
    assert full[(full.group == True) & (full.term == "数据")]["count"].item() == 5  # noqa: E712


def test_keyness_between_default_target():
    frame = keyness_between(CORPUS, segmenter=SpaceSegmenter(), min_count=2)
    assert frame.term.iloc[0] in {"数据", "算力", "以人民为中心", "大数据"}
    row = frame.set_index("term").loc["数据"]
    assert (row.target, row.reference) == (3, 0)
    assert "数字城市" not in frame.term.tolist()  # below min_count
    assert frame.set_index("term").loc["智慧城市"].signed < 0


DEGENERATE = {
    "no documents": make_corpus(()),
    "undated": make_corpus((make_doc("数据 数据 算力", doc_id="a"),
                            make_doc("数据 智慧城市", doc_id="b"))),
    "one year": make_corpus((make_doc("数据 数据 算力", doc_id="a", year=2021),
                             make_doc("数据 智慧城市", doc_id="b", year=2021))),
    "single document": make_corpus((make_doc("数据 数据 算力", doc_id="a", year=2021),)),
    "title only": make_corpus((make_doc([("title", "数据 算力")], doc_id="a", year=2015),
                               make_doc([("title", "数据 数据")], doc_id="b", year=2021))),
}


@pytest.mark.parametrize("target", [lambda d: True, since_year(2090), since_year(None), None],
                         ids=["all-target", "after-every-year", "no-split", "default"])
@pytest.mark.parametrize("name", list(DEGENERATE) + ["bundled-like"])
def test_keyness_between_with_one_side_empty_is_an_empty_table(name, target):
    corpus = DEGENERATE.get(name, CORPUS)
    if name == "bundled-like" and target is None:
        return  # the default split has tokens on both sides here
    frame = keyness_between(corpus, segmenter=SpaceSegmenter(), target=target)
    assert frame.empty and list(frame.columns) == KEYNESS_COLUMNS
    assert frame.dtypes["target"] == "int64" and frame.dtypes["signed"] == "float64"


@pytest.mark.parametrize(
    ("years", "split"),
    [([], None), ([None, None], None), ([2021], None), ([2021, 2021, None], None),
     ([2015, 2020, 2020, 2023], 2020), ([2015, 2015, 2015, 2020], 2020),
     ([2015, 2020, 2023, None], 2020), ([2016, 2017], 2017)],
)
def test_median_split_year_leaves_documents_on_both_sides(years, split):
    docs = [make_doc("数据", doc_id=f"d{i}", year=y) for i, y in enumerate(years)]
    assert median_split_year(make_corpus(docs)) == split
    if split is not None:
        dated = [y for y in years if y is not None]
        assert min(dated) < split <= max(dated)


def test_since_year_none_leaves_every_document_out():
    assert all(since_year(None)(d) is None for d in CORPUS.documents)


@pytest.mark.parametrize(("by", "units"), [("doc", 5), ("year", 3)])
def test_top_terms(by, units):
    frame = top_terms(CORPUS, segmenter=SpaceSegmenter(), by=by, n=2)
    column = frame.columns[0]
    assert frame.groupby(column).size().max() <= 2
    assert frame[column].nunique() == units
    assert frame.equals(top_terms(CORPUS, segmenter=SpaceSegmenter(), by=by, n=2))
    for _, group in frame.groupby(column):
        assert group.tfidf.is_monotonic_decreasing and group["rank"].tolist()[0] == 1


def test_top_terms_idf_prefers_distinctive_terms():
    frame = top_terms(CORPUS, segmenter=SpaceSegmenter(), by="year", n=1)
    best = dict(zip(frame.year, frame.term, strict=True))
    assert best[2023] == "算力"  # twice and only in 2023; 智慧城市 is everywhere
    # 2015: 智慧城市 2 x idf 1 beats 以人为本 1 x (ln 2 + 1); 2020: 数据 4 x (ln 4/3 + 1)
    assert best[2015] == "智慧城市" and best[2020] == "数据"


@pytest.mark.parametrize(("kwargs", "name"), [({"by": "month"}, "by"), ({"n": 0}, "n")])
def test_top_terms_bad_options(kwargs, name):
    with pytest.raises(ParameterError) as info:
        top_terms(CORPUS, segmenter=SpaceSegmenter(), **kwargs)
    assert info.value.name == name
