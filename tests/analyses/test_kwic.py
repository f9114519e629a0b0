"""Tests for keyword-in-context concordances (hand-built documents)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.kwic import kwic
from cityreports.errors import ParameterError

from ..factories import make_corpus, make_doc

PREFIX = "@@@"  # raw text starts with three characters the "normaliser" deleted

CORPUS = make_corpus(
    (
        make_doc([("body", "推进数字孪生城市建设。数字孪生是基础。")],
                 doc_id="b", year=2023, prefix=PREFIX),
        make_doc([("title", "数字孪生标题"), ("body", "以数字孪生为底座。")],
                 doc_id="a", year=2021, prefix=PREFIX),
    )
)


def test_kwic_windows_and_offsets():
    frame = kwic(CORPUS, "数字孪生", window=3)
    assert frame.doc_id.tolist() == ["a", "b", "b"]  # sorted, title skipped
    first = frame.iloc[0]
    assert (first.left, first.match, first.right) == ("题\n以", "数字孪生", "为底座")
    assert first.start == first.norm_start + len(PREFIX)
    assert first.year == 2021 and first.block_id == 1 and first.sentence_id == 1
    for row in frame.itertuples():
        doc = next(d for d in CORPUS.documents if d.doc_id == row.doc_id)
        assert doc.raw.raw_text[row.start:row.end] == "数字孪生"


@pytest.mark.parametrize(
    ("pattern", "regex", "roles", "n"),
    [
        ("数字孪生", False, ("body",), 3),
        ("数字孪生", False, ("body", "title"), 4),
        ("数字孪生.{2}", True, ("body",), 3),
        ("孪生|底座", True, ("body",), 4),
        ("x*", True, ("body",), 0),  # empty matches are skipped
        ("孪生|底座", False, ("body",), 0),  # literal unless regex=True
        ("。\n以", False, ("body",), 0),  # never across blocks
    ],
)
def test_kwic_counts(pattern, regex, roles, n):
    assert len(kwic(CORPUS, pattern, regex=regex, roles=roles)) == n


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"pattern": ""}, "pattern"), ({"pattern": "(", "regex": True}, "pattern"),
     ({"pattern": "x", "window": -1}, "window"), ({"pattern": "x", "roles": ("x",)}, "roles")],
)
def test_kwic_bad_parameters(kwargs, name):
    with pytest.raises(ParameterError) as info:
        kwic(CORPUS, **kwargs)
    assert info.value.name == name


def test_kwic_empty_result_has_columns():
    frame = kwic(CORPUS, "不存在")
    assert frame.empty and "left" in frame.columns and "match" in frame.columns


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="数字孪生城市。", min_size=1, max_size=25), min_size=1,
                   max_size=3),
    window=st.integers(0, 8),
)
def test_kwic_windows_stay_inside_document(texts, window):
    """left + match + right is a substring of its own document, and the match is the pattern."""
    docs = tuple(
        make_doc([("body", t)], doc_id=f"d{i}", year=2020, prefix=PREFIX)
        for i, t in enumerate(texts)
    )
    frame = kwic(make_corpus(docs), "孪生", window=window)
    assert len(frame) == sum(t.count("孪生") for t in texts)
    for row in frame.itertuples():
        text = docs[int(row.doc_id[1:])].norm.text
        assert len(row.left) <= window and len(row.right) <= window
        assert text[row.norm_start - len(row.left):row.norm_end + len(row.right)] == (
            row.left + row.match + row.right
        )


def test_bundled_digital_twin():
    from cityreports.pipeline import parse_corpus

    corpus = parse_corpus()
    frame = kwic(corpus, "数字孪生", window=20)
    assert len(frame) >= 1
    for row in frame.itertuples():
        doc = corpus.get(row.doc_id)
        assert doc.norm.text[row.norm_start:row.norm_end] == "数字孪生"
        assert (row.start, row.end) == doc.norm.raw_span(row.norm_start, row.norm_end)
        assert len(doc.raw.raw_text[row.start:row.end]) == 4  # 數字孿生 in a traditional report
        assert len(row.left) <= 20 and len(row.right) <= 20
