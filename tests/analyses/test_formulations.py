"""Tests for formulation timelines/summaries and new-term discovery (hand-built documents)."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.formulations import (
    TIMELINE_COLUMNS,
    char_ngrams,
    formulation_summary,
    formulation_timeline,
    new_terms,
    present_in,
    token_boundaries,
)
from cityreports.codebooks import load_formulations
from cityreports.errors import ParameterError
from cityreports.text.tokens import is_content_token

from ..factories import make_corpus, make_doc


class FakeSegmenter:
    """Longest match against a small vocabulary, single characters otherwise."""

    def __init__(self, vocab: list[str]) -> None:
        alts = "|".join(sorted(map(re.escape, vocab), key=len, reverse=True))
        self.pattern = re.compile(f"(?:{alts})|." if alts else ".", re.S)

    def tokens(self, text: str, *, drop_stopwords: bool = True) -> list[str]:
        toks = [t for t in self.pattern.findall(text) if not t.isspace()]
        return [t for t in toks if t not in {"的", "和"}] if drop_stopwords else toks


CORPUS = make_corpus(
    (
        make_doc("坚持以人民为中心，推进新型智慧城市和以人为本。", doc_id="000", year=2020,
                 date="2020-12-03"),
        make_doc("以人民为中心。新型智慧城市建设。", doc_id="001", year=2020, date="2020-12"),
        make_doc("智慧城市与数字孪生、大数据。", doc_id="002", year=2021),
        make_doc("大模型和算力，算力网络，大模型应用。智慧城市。", doc_id="003", year=2023),
        make_doc("以人为本的智慧城市，智慧城市和大数据。以人为本。", doc_id="004", year=2015,
                 date="2015"),
        make_doc("大模型。", doc_id="005", year=None),
    ),
    groups={"000": "000", "001": "000"},
)


def summary_row(frame: pd.DataFrame, ident: str) -> pd.Series:
    return frame.set_index("formulation").loc[ident]


@pytest.mark.parametrize(
    ("ident", "first", "last", "first_doc", "total"),
    [
        ("people_first", 2015, 2020, "004", 3),
        ("people_centred", 2020, 2020, "000", 1),  # duplicate 001 collapsed into 000
        ("large_model", 2023, 2023, "003", 2),  # the undated doc 005 is left out
        ("computing_power", 2023, 2023, "003", 2),  # 算力网络 still contains 算力
        ("smart_city", 2015, 2023, "004", 4),  # not inside 新型智慧城市
        ("new_smart_city", 2020, 2020, "000", 1),
        ("digital_twin", 2021, 2021, "002", 1),
    ],
)
def test_summary_first_last_and_totals(ident, first, last, first_doc, total):
    frame = formulation_summary(CORPUS, load_formulations())
    row = summary_row(frame, ident)
    assert (row.first_year, row.last_year, row.first_doc, row.total_hits) == (
        first, last, first_doc, total
    )


def test_summary_never_seen_and_rate_columns():
    frame = formulation_summary(CORPUS, load_formulations())
    row = summary_row(frame, "metaverse")
    assert pd.isna(row.first_year) and row.first_doc == "" and row.total_hits == 0
    assert [c for c in frame.columns if c.startswith("rate_")] == [
        "rate_2015", "rate_2020", "rate_2021", "rate_2023"
    ]
    assert row.superseded_by == "" and summary_row(frame, "people_first").family == "people"
    assert frame.formulation.tolist() == list(load_formulations().ids)


@pytest.mark.parametrize(("collapse", "n_docs_2020", "hits_2020"), [(True, 1, 1), (False, 2, 2)])
def test_timeline_collapses_duplicates(collapse, n_docs_2020, hits_2020):
    frame = formulation_timeline(CORPUS, load_formulations(), collapse_duplicates=collapse)
    row = frame[(frame.formulation == "people_centred") & (frame.year == 2020)].iloc[0]
    assert (row.n_docs, row.hits, row.n_docs_with) == (n_docs_2020, hits_2020, n_docs_2020)
    n_chars = sum(len(d.norm.text) for d in CORPUS.documents[: n_docs_2020])
    assert row.n_chars == n_chars
    assert row.rate_per_10k == pytest.approx(hits_2020 / n_chars * 1e4)
    assert len(frame) == 4 * len(load_formulations().formulations)
    assert list(frame.columns) == [
        "formulation", "year", "hits", "n_docs_with", "n_docs", "n_chars", "rate_per_10k"
    ]


def test_timeline_empty_corpus():
    frame = formulation_timeline(make_corpus(()), load_formulations())
    assert frame.empty and "rate_per_10k" in frame.columns


@pytest.mark.parametrize(
    "docs",
    [(), (make_doc("新型智慧城市。", doc_id="a"),),
     (make_doc([("title", "新型智慧城市")], doc_id="a", year=2021),),
     (make_doc("今天天气很好。", doc_id="a", year=2021),
      make_doc("新型智慧城市。", doc_id="b", year=2021))],
    ids=["no documents", "undated", "title only", "one year"],
)
def test_summary_and_timeline_on_degenerate_corpora(docs):
    corpus, book = make_corpus(docs), load_formulations()
    summary = formulation_summary(corpus, book)
    timeline = formulation_timeline(corpus, book)
    assert list(summary["formulation"]) == list(book.ids)
    assert {"first_year", "last_year", "total_hits", "n_docs_with"} <= set(summary.columns)
    assert list(timeline.columns) == TIMELINE_COLUMNS
    dated = {d.meta.year for d in docs} - {None}
    assert set(timeline["year"]) == dated
    assert len(timeline) == len(dated) * len(book.ids)
    assert [c for c in summary.columns if c.startswith("rate_")] == [f"rate_{y}"
                                                                      for y in sorted(dated)]
    if not any(d.meta.year for d in docs):
        assert summary["first_year"].isna().all() and (summary["total_hits"] == 0).all()


def test_wrong_book_type():
    with pytest.raises(ParameterError):
        formulation_timeline(CORPUS, formulations="nope")


@pytest.mark.parametrize(
    ("token", "keep"),
    [("大模型", True), ("AI", True), ("的", False), ("2020", False), ("2020年", False),
     ("30%", False), ("，。", False), ("5G", True), ("十四五", True)],
)
def test_is_content_token(token, keep):
    assert is_content_token(token) is keep


def test_char_ngrams_edges_and_runs():
    grams = char_ngrams("数字孪生的城市，AI大模型", min_n=2, max_n=3)
    assert grams["数字"] == 1 and grams["大模型"] == 1
    assert "生的" not in grams and "的城" not in grams  # particle at an edge
    assert "市大" not in grams and "城市大" not in grams  # never across punctuation/ASCII
    assert char_ngrams("生的", edge_filter=False)["生的"] == 1


def test_ngrams_on_token_boundaries_only():
    text = "高交会智慧城市展"
    bounds = token_boundaries(text, ["高交会", "智慧城市", "展"])
    assert bounds == {0, 3, 7, 8}
    grams = char_ngrams(text, max_n=8, boundaries=bounds)
    assert set(grams) == {"高交会", "智慧城市", "高交会智慧城市", "智慧城市展", text}


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(alphabet="数字城市AI，", max_size=40),
    terms=st.sets(st.text(alphabet="数字城市AI", min_size=1, max_size=4), max_size=8),
)
def test_present_in_is_substring_test(text, terms):
    assert present_in(text, terms) == {t for t in terms if t in text}


def test_new_terms_later_only():
    seg = FakeSegmenter(["大模型", "算力", "算力网络", "智慧城市", "以人为本"])
    frame = new_terms(CORPUS, segmenter=seg, split_year=2023, min_count=2)
    terms = frame.term.tolist()
    assert "大模型" in terms and "算力" in terms
    assert "智慧城市" not in terms  # used before 2023
    row = frame.set_index("term").loc["大模型"]
    assert (row["count"], row.n_docs, row.first_year, row.first_doc) == (2, 1, 2023, "003")
    assert row.source == "both"
    assert (frame["count"] >= 2).all()
    assert frame.equals(new_terms(CORPUS, segmenter=seg, split_year=2023, min_count=2))


@pytest.mark.parametrize("kwargs", [{"min_count": 0}, {"min_docs": 0}, {"max_n": 1}])
def test_new_terms_bad_options(kwargs):
    with pytest.raises(ParameterError):
        new_terms(CORPUS, segmenter=FakeSegmenter([]), split_year=2020, **kwargs)


@settings(max_examples=40, deadline=None)
@given(
    early=st.text(alphabet="数字城市大模型算力", max_size=30),
    late=st.text(alphabet="数字城市大模型算力", min_size=1, max_size=30),
)
def test_new_terms_never_in_earlier_text(early, late):
    corpus = make_corpus(
        (make_doc(early, doc_id="a", year=2019), make_doc(late, doc_id="b", year=2023))
    )
    seg = FakeSegmenter(["大模型", "算力", "数字城市"])
    frame = new_terms(corpus, segmenter=seg, split_year=2020, min_count=1)
    for term in frame.term:
        assert term not in early and term in late and len(term) >= 2


# --------------------------------------------------------------------------- bundled corpus


@pytest.fixture(scope="module")
def bundled():
    from cityreports.pipeline import parse_corpus

    return parse_corpus()


@pytest.mark.parametrize(
    ("ident", "first", "last"),
    [("people_first", 2015, 2020), ("people_centred", 2020, 2020), ("large_model", 2023, 2023),
     ("computing_power", 2023, 2023), ("smart_city", 2015, 2023)],
)
def test_bundled_first_and_last_years(bundled, ident, first, last):
    row = summary_row(formulation_summary(bundled), ident)
    assert (row.first_year, row.last_year) == (first, last)


@pytest.mark.parametrize(("collapse", "n_docs"), [(True, 1), (False, 2)])
def test_bundled_expo_counted_once(bundled, collapse, n_docs):
    # 000 and 001 report one expo (an event group, not copies); collapsed as if they were
    assert bundled.event_group["000_798e359ce5c0ada4"] == bundled.event_group[
        "001_32ad9dc1bbeb1af4"
    ]
    by_event = replace(bundled, duplicate_group=bundled.event_group)
    frame = formulation_timeline(by_event, collapse_duplicates=collapse)
    assert set(frame[frame.year == 2020].n_docs) == {n_docs}


def test_bundled_new_terms_2023(bundled):
    from cityreports.text.tokens import Segmenter

    frame = new_terms(bundled, segmenter=Segmenter(), split_year=2023, min_count=1)
    terms = set(frame.term)
    assert {"大模型", "算力"} <= terms
    assert not terms & {"智慧城市", "大数据", "以人为本"}
    assert set(frame.first_year) == {2023}
