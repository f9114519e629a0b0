"""Tests for analyses.rhetoric: lexicon matching, exclusions, quotations, the tidy table."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.rhetoric import (
    COLUMNS,
    features_by_doc,
    features_wide,
    load_lexicon,
    parse_lexicon,
    term_hits,
)
from cityreports.errors import ParameterError
from cityreports.text.quotes import quote_spans

from ..factories import make_doc


def count(text: str, feature: str, term: str | None = None) -> int:
    table = features_by_doc([make_doc(text, year=2020)])
    rows = table[table["feature"] == feature]
    if term is not None:
        rows = rows[rows["term"] == term]
    return int(rows["count"].sum())


@pytest.mark.parametrize(
    ("text", "n_yao"),
    [
        ("要加快建设。", 1),
        ("这是重要的主要要素，需要满足要求，摘要如下。", 0),
        ("要坚持人民至上，要强化数据治理。", 2),
        ("只要数据共享，纲要就能落实。", 0),
        ("不要盲目建设。", 1),
    ],
)
def test_imperative_yao_excludes_compounds(text, n_yao):
    assert count(text, "obligation", "要") == n_yao


@pytest.mark.parametrize(
    ("text", "feature", "term", "n"),
    [
        ("应当加强监管，应用场景丰富。", "obligation", "应当", 1),
        ("应当加强监管，应用场景丰富。", "obligation", "应", 0),
        ("必须坚持问题导向。", "obligation", "必须", 1),
        ("必须坚持问题导向。", "obligation", "坚持", 1),
        ("数据孤岛是痛点，也是短板。", "problem", None, 3),
        ("成效显著，取得突破。", "achievement", None, 3),
        ("以人民为中心，服务群众。", "people", "以人民为中心", 1),
        ("以人民为中心，服务群众。", "people", "人民", 0),
        ("人工智能和5G技术", "technology", None, 3),
        ("有望实现，或许可能。", "hedging", None, 3),
        ("必将实现，确保安全。", "certainty", None, 2),
        ("在一定程度上不一定。", "certainty", "一定", 0),
        ("我们一定要做好。", "certainty", "一定", 1),
        ("完成率不足10%。", "problem", "不足", 0),
        ("能力还不足。", "problem", "不足", 1),
    ],
)
def test_lexicon_features(text, feature, term, n):
    assert count(text, feature, term) == n


@pytest.mark.parametrize(
    ("text", "min_chars", "spans"),
    [
        ("他说“智慧”二字。", 10, []),
        ("“数字技术对于国土空间管理起到了赋能作用。”张兵说。", 10, [(1, 21)]),
        ("「繁體引號裡的一段很長的引用內容」", 5, [(1, 16)]),
        ("“没有闭合的引号一直到行尾的内容\n下一行", 5, [(1, 16)]),
        ("", 1, []),
    ],
)
def test_quote_spans(text, min_chars, spans):
    assert quote_spans(text, min_chars=min_chars) == spans


def test_term_hits_longest_wins():
    lex = load_lexicon()
    hits = term_hits("应当并且应该", lex.features["obligation"])
    assert [h[0] for h in hits] == ["应当", "应该"]


def test_reported_speech_needs_a_person():
    text = "京东集团副总裁郑宇表示，平台能力不足。报告指出，数据是要素。"
    assert count(text, "reported_speech", "表示") == 1
    assert count(text, "reported_speech", "指出") == 0


def test_table_is_tidy_and_normalised_by_length():
    docs = [
        make_doc("要加快建设。\n必须确保安全。", doc_id="a", year=2015),
        make_doc("数据平台。", doc_id="b", year=None),
        make_doc("", doc_id="c", year=2020),
    ]
    table = features_by_doc(docs)
    assert list(table.columns) == list(COLUMNS)
    per_doc = table.groupby("doc_id").size()
    assert per_doc.nunique() == 1  # same (feature, term) rows for every document
    a = table[table["doc_id"] == "a"]
    assert (a["n_chars"] == len("要加快建设。必须确保安全。")).all()
    row = a[(a["feature"] == "obligation") & (a["term"] == "必须")].iloc[0]
    assert row["per_10k_chars"] == pytest.approx(row["count"] / row["n_chars"] * 10_000)
    assert table[table["doc_id"] == "c"]["per_10k_chars"].isna().all()
    assert table[table["doc_id"] == "b"]["year"].isna().all()
    assert str(table["year"].dtype) == "Int64"


def test_roles_select_blocks():
    doc = make_doc([("heading", "必须做好。"), ("body", "必须做好。")], year=2020)
    body = features_by_doc([doc])
    both = features_by_doc([doc], roles=("heading", "body"))
    sel = (body["feature"] == "obligation") & (body["term"] == "必须")
    assert int(body[sel]["count"].iloc[0]) == 1
    assert int(both[sel]["count"].iloc[0]) == 2


def test_custom_lexicon_file(tmp_path):
    path = tmp_path / "lex.yml"
    path.write_text("features:\n  smart:\n    terms: [智慧, {term: 智能, exclude: [智能化]}]\n",
                    encoding="utf-8")
    table = features_by_doc([make_doc("智慧城市，智能化，智能。", year=2020)], lexicon=path)
    smart = table[table["feature"] == "smart"].set_index("term")["count"]
    assert smart.to_dict() == {"智慧": 1, "智能": 1}


@pytest.mark.parametrize(
    "data", [{}, {"features": []}, {"features": {"f": {"terms": [{"pattern": "x"}]}}},
             {"features": {"f": {"terms": [{"term": "x", "pattern": "("}]}}}],
)
def test_bad_lexicon_raises_parameter_error(data):
    with pytest.raises(ParameterError):
        parse_lexicon(data)


def test_features_wide():
    docs = [make_doc("要加快建设。必须确保。", doc_id="a", year=2020),
            make_doc("数据。", doc_id="b", year=2020)]
    long = features_by_doc(docs)
    wide = features_wide(long, value="count")
    a = wide.set_index("doc_id").loc["a"]
    assert a["obligation"] == long[(long.doc_id == "a") & (long.feature == "obligation")][
        "count"
    ].sum()
    by_term = features_wide(long, level="term")
    assert "obligation:必须" in by_term.columns
    with pytest.raises(ParameterError):
        features_wide(long, level="x")


def test_bundled_lexicon_loads():
    lex = load_lexicon()
    for feature in ("obligation", "problem", "achievement", "people", "technology",
                    "hedging", "certainty", "enumeration"):
        assert lex.features[feature]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("要重需求一是第，。“”必须数据人民问题成效\n 可能")),
               max_size=60))
def test_counts_nonnegative_and_never_raise(text):
    table = features_by_doc([make_doc(text, year=2020)])
    assert (table["count"] >= 0).all()
    assert isinstance(table, pd.DataFrame)


@pytest.mark.parametrize(
    "docs",
    [[], [make_doc("要以人民为中心。")], [make_doc([("title", "要以人民为中心")], year=2021)],
     [make_doc("要加快建设。", doc_id="a", year=2021),
      make_doc("必须共享数据。", doc_id="b", year=2021)]],
    ids=["no documents", "undated", "title only", "one year"],
)
def test_degenerate_corpora_give_a_table_with_its_columns(docs):
    from cityreports.analyses.trends import TABLE_COLUMNS, fit_trends
    from cityreports.report import figures as F

    table = features_by_doc(docs)
    assert tuple(table.columns) == COLUMNS
    assert table["count"].dtype == "int64" and str(table["year"].dtype) == "Int64"
    assert table["doc_id"].nunique() == len(docs)
    totals = F.feature_totals(table)
    assert {"doc_id", "feature", "term", "year", "count", "n_chars"} <= set(totals.columns)
    assert totals["doc_id"].nunique() == len(docs)
    for frame in (table, totals):
        trends = fit_trends(frame)
        assert tuple(trends.columns) == TABLE_COLUMNS
        assert trends["estimate"].isna().all()  # no year, no text or one year: no trend
