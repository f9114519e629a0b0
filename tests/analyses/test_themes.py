"""Tests for theme hits, per-document profiles and per-year rates (hand-built documents)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.themes import (
    DOC_COLUMNS,
    YEAR_COLUMNS,
    bootstrap_rates,
    theme_hits,
    themes_by_doc,
    themes_by_year,
)
from cityreports.codebooks import load_codebook
from cityreports.errors import ParameterError
from cityreports.records import Corpus, representative_docs

from ..factories import make_corpus, make_doc

PREFIX = "##"  # raw text starts with two characters the "normaliser" deleted


def corpus() -> Corpus:
    docs = (
        make_doc([("title", "大数据论坛"), ("body", "坚持以人为本。发展大数据和绿色通道。")],
                 doc_id="a", year=2015, prefix=PREFIX),
        make_doc([("body", "新型智慧城市以人民为中心。数据共享，大数据！"),
                  ("caption", "大数据图片")], doc_id="b", year=2020, prefix=PREFIX),
        make_doc([("body", "新型智慧城市以人民为中心。数据共享。")],
                 doc_id="c", year=2020, prefix=PREFIX),
        make_doc([("body", "大模型与算力。没有主题的句子。绿色低碳。")],
                 doc_id="d", year=2023, prefix=PREFIX),
        make_doc([("body", "大数据。")], doc_id="e", year=None, prefix=PREFIX),
    )
    return make_corpus(docs, groups={"a": "a", "b": "b", "c": "b", "d": "d", "e": "e"})


def test_theme_hits_offsets_and_roles():
    frame = theme_hits(corpus(), load_codebook())
    assert list(frame.columns) == [
        "doc_id", "theme", "term", "start", "end", "norm_start", "norm_end", "block_id",
        "sentence_id",
    ]
    docs = {d.doc_id: d for d in corpus().documents}
    for row in frame.itertuples():
        doc = docs[row.doc_id]
        assert doc.raw.raw_text[row.start:row.end] == row.term
        assert doc.norm.text[row.norm_start:row.norm_end] == row.term
        assert row.start == row.norm_start + len(PREFIX)
    # title and caption hits are not counted with the default roles
    a = frame[frame.doc_id == "a"]
    assert a.term.tolist() == ["以人为本", "大数据"]  # 绿色通道 is excluded for green
    assert a.sentence_id.tolist() == [1, 2]  # sentence 0 is the title
    b = frame[frame.doc_id == "b"]
    assert "大数据图片" not in b.term.tolist() and b.block_id.tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    ("roles", "expected"), [(("body",), 2), (("body", "title"), 3), (("title",), 1)]
)
def test_theme_hits_roles(roles, expected):
    frame = theme_hits(corpus(), load_codebook(), roles=roles)
    assert (frame.doc_id == "a").sum() == expected


@pytest.mark.parametrize("roles", [(), ("bodyy",), ["body", "nope"]])
def test_bad_roles(roles):
    with pytest.raises(ParameterError):
        theme_hits(corpus(), load_codebook(), roles=roles)


def test_themes_by_doc_counts_and_zero_rows():
    book = load_codebook()
    frame = themes_by_doc(corpus(), book)
    assert len(frame) == 5 * len(book.themes)
    row = frame[(frame.doc_id == "b") & (frame.theme == "data")].iloc[0]
    assert row.hits == 2  # 数据共享 and 大数据 (新型智慧城市 is not a theme term)
    assert row.n_chars == len("新型智慧城市以人民为中心。数据共享，大数据！")
    assert row.per_10k_chars == pytest.approx(2 / row.n_chars * 1e4)
    assert (row.sentences_with_theme, row.n_sentences) == (1, 2)
    assert row.share_sentences == pytest.approx(0.5)
    assert row.group == "b"
    c = frame[frame.doc_id == "c"].iloc[0]
    assert c.group == "b"
    assert frame.year.dtype == "Int64" and pd.isna(frame[frame.doc_id == "e"].year.iloc[0])


@pytest.mark.parametrize(("collapse", "n_2020"), [(True, 1), (False, 2)])
def test_themes_by_year_collapses_duplicates(collapse, n_2020):
    frame = themes_by_year(corpus(), load_codebook(), collapse_duplicates=collapse, n_boot=50)
    assert sorted(frame.year.unique()) == [2015, 2020, 2023]  # no year -> left out
    assert set(frame[frame.year == 2020].n_docs) == {n_2020}
    people = frame[(frame.year == 2020) & (frame.theme == "people_centred")].iloc[0]
    assert people.hits == n_2020


def test_representative_is_longest_then_smallest_id():
    docs = corpus().documents
    longer = make_doc([("body", "新型智慧城市以人民为中心。数据共享。再加一句话。")],
                      doc_id="c", year=2020, prefix=PREFIX)
    fc = make_corpus((docs[0], docs[1], longer), groups={"b": "g", "c": "g"})
    assert representative_docs(fc) == ("a", "c")
    same_c = make_doc([("body", docs[1].blocks[0].text)], doc_id="c", year=2020, prefix=PREFIX)
    same = make_corpus((docs[1], same_c), groups={"b": "g", "c": "g"})
    assert representative_docs(same) == ("b",)
    assert representative_docs(make_corpus(docs)) == ("a", "b", "c", "d", "e")


def test_themes_by_year_intervals_deterministic_and_bracket():
    book = load_codebook()
    one = themes_by_year(corpus(), book, n_boot=200, seed=3)
    two = themes_by_year(corpus(), book, n_boot=200, seed=3)
    pd.testing.assert_frame_equal(one, two)
    ok = one.dropna(subset=["per_10k_low"])
    assert (ok.per_10k_low <= ok.per_10k_high).all()
    assert (ok.share_low <= ok.share_sentences + 1e-12).all()
    assert (ok.share_high >= ok.share_sentences - 1e-12).all()
    none = themes_by_year(corpus(), book, n_boot=0)
    assert none.per_10k_low.isna().all() and none.share_high.isna().all()


@pytest.mark.parametrize(("n_boot", "ci"), [(-1, 0.95), (10, 0.0), (10, 1.5), (1.5, 0.9)])
def test_themes_by_year_bad_options(n_boot, ci):
    with pytest.raises(ParameterError):
        themes_by_year(corpus(), load_codebook(), n_boot=n_boot, ci=ci)


def test_bootstrap_constant_sentences_have_zero_width():
    chars = np.full(10, 5)
    hits = np.ones((10, 2), dtype=int)
    rng = np.random.default_rng(0)
    r_low, r_high, s_low, s_high = bootstrap_rates(chars, hits, n_boot=30, rng=rng, ci=0.9)
    assert np.allclose(r_low, 2000) and np.allclose(r_high, 2000)
    assert np.allclose(s_low, 1) and np.allclose(s_high, 1)


@settings(max_examples=30, deadline=None)
@given(
    counts=st.lists(st.integers(0, 3), min_size=1, max_size=30),
    cells=st.integers(1, 50),
)
def test_bootstrap_does_not_depend_on_batch_size(counts, cells):
    hits = np.array(counts)[:, None]
    chars = np.arange(1, len(counts) + 1)
    big = bootstrap_rates(chars, hits, n_boot=40, rng=np.random.default_rng(1), ci=0.9)
    small = bootstrap_rates(
        chars, hits, n_boot=40, rng=np.random.default_rng(1), ci=0.9, max_cells=cells
    )
    for x, y in zip(big, small, strict=True):  # batches consume the same random stream
        np.testing.assert_allclose(x, y)
    low, high = small[0][0], small[1][0]
    rate = hits.sum() / chars.sum() * 1e4
    assert min(low, rate) >= 0 and high <= hits.max() / 1 * 1e4


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["大数据", "绿色", "绿色通道", "以人为本", "的", "。", "局"]),
                max_size=30))
def test_hit_totals_match_matcher(pieces):
    """Per-document totals equal the number of matcher hits owned by each theme."""
    text = "".join(pieces)
    book = load_codebook()
    doc = make_doc([("body", text)], doc_id="x", year=2021, prefix=PREFIX)
    frame = themes_by_doc(make_corpus([doc]), book)
    matcher = book.matcher()
    expected = {t: 0 for t in book.ids}
    for m in matcher.finditer(text):
        for owner in m.owners:
            expected[owner] += 1
    assert dict(zip(frame.theme, frame.hits, strict=True)) == expected


@pytest.mark.parametrize(("collapse", "n_docs"), [(True, 1), (False, 2)])
def test_bundled_expo_counted_once_in_theme_years(collapse, n_docs):
    from cityreports.pipeline import parse_corpus

    corpus = parse_corpus()
    # 000 and 001 report one expo (an event group, not copies); collapsed as if they were
    by_event = replace(corpus, duplicate_group=corpus.event_group)
    frame = themes_by_year(by_event, load_codebook(), collapse_duplicates=collapse, n_boot=20)
    assert set(frame[frame.year == 2020].n_docs) == {n_docs}
    hits = theme_hits(corpus, load_codebook())
    for row in hits.itertuples():  # raw offsets map back to the same characters
        doc = corpus.get(row.doc_id)
        assert (row.start, row.end) == doc.norm.raw_span(row.norm_start, row.norm_end)


DEGENERATE = {
    "no documents": (),
    "undated": (make_doc("大数据。", doc_id="a"), make_doc("以人民为中心。", doc_id="b")),
    "one year": (make_doc("大数据。", doc_id="a", year=2021),
                 make_doc("绿色低碳。", doc_id="b", year=2021)),
    "single document": (make_doc("大数据。", doc_id="a", year=2021),),
    "title only": (make_doc([("title", "大数据论坛")], doc_id="a", year=2021),),
    "no theme hits": (make_doc("今天天气很好。", doc_id="a", year=2020),
                      make_doc("大家一起吃饭。", doc_id="b", year=2022)),
}


@pytest.mark.parametrize("name", list(DEGENERATE))
def test_degenerate_corpora_give_tables_with_their_columns(name):
    corp = make_corpus(DEGENERATE[name])
    by_year = themes_by_year(corp, n_boot=20)
    by_doc = themes_by_doc(corp)
    assert list(by_year.columns) == YEAR_COLUMNS and list(by_doc.columns) == DOC_COLUMNS
    assert by_year["year"].dtype == "int64" and by_year["hits"].dtype == "int64"
    dated = {d.meta.year for d in corp.documents} - {None}
    assert sorted(by_year["year"].unique()) == sorted(dated)
    assert len(by_doc) == len(corp.documents) * len(load_codebook().ids)
    assert len(theme_hits(corp)) == by_doc["hits"].sum()
    if name in {"title only", "no theme hits"}:
        assert by_year["hits"].sum() == 0
    if name == "title only":
        assert (by_year["n_chars"] == 0).all() and by_year["per_10k_chars"].isna().all()
