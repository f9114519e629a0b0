"""Tests for the hand-built documents and corpora of :mod:`tests.factories`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.records import Corpus

from .factories import make_corpus, make_doc

ROLES = st.sampled_from(["body", "title", "caption"])
TEXT = st.text(alphabet="数据城市。！？，\n ", max_size=20)


def check_consistent(doc, prefix: str) -> None:
    raw, norm = doc.raw.raw_text, doc.norm
    assert raw == prefix + norm.text and norm.raw_length == len(raw)
    for b in doc.blocks:
        assert norm.raw_span(b.norm_start, b.norm_end) == (b.start, b.end)
        assert norm.text[b.norm_start:b.norm_end] == raw[b.start:b.end] == b.text
    for i, s in enumerate(doc.sentences):
        block = next(b for b in doc.blocks if b.block_id == s.block_id)
        assert s.sentence_id == i and s.role == block.role
        assert block.norm_start <= s.norm_start < s.norm_end <= block.norm_end
        assert norm.raw_span(s.norm_start, s.norm_end) == (s.start, s.end)
        assert norm.text[s.norm_start:s.norm_end] == raw[s.start:s.end] == s.text


def test_string_gives_body_block_per_non_empty_line():
    doc = make_doc("甲。乙！\n\n丙", doc_id="x", year=2020, date="2020-01", prefix="##")
    assert doc.doc_id == "x" and doc.meta.year == 2020 and doc.meta.date == "2020-01"
    assert [(b.block_id, b.role, b.text) for b in doc.blocks] == [(0, "body", "甲。乙！"),
                                                                  (1, "body", "丙")]
    assert [s.text for s in doc.sentences] == ["甲。", "乙！", "丙"]
    assert doc.blocks[1].start == doc.blocks[1].norm_start + 2
    check_consistent(doc, "##")


def test_sequence_blocks_and_sentence_end():
    doc = make_doc([("title", "标题"), ("body", "一。二！三")], sentence_end="。")
    assert doc.norm.text == "标题\n一。二！三"
    assert [(s.block_id, s.role, s.text) for s in doc.sentences] == [
        (0, "title", "标题"), (1, "body", "一。"), (1, "body", "二！三")
    ]
    check_consistent(doc, "")


@settings(max_examples=60, deadline=None)
@given(
    blocks=st.one_of(TEXT, st.lists(st.tuples(ROLES, TEXT.map(lambda t: t.replace("\n", ""))),
                                    max_size=4)),
    prefix=st.sampled_from(["", "#", "@@@"]),
)
def test_offsets_consistent_and_sentences_cover_blocks(blocks, prefix):
    doc = make_doc(blocks, prefix=prefix)
    check_consistent(doc, prefix)
    for b in doc.blocks:
        inside = [s.text for s in doc.sentences if s.block_id == b.block_id]
        assert "".join(inside) == b.text


def test_script_and_metadata():
    doc = make_doc("臺灣。", script="traditional", metadata={"title": "標題"})
    assert doc.norm.script == "traditional" and dict(doc.raw.metadata) == {"title": "標題"}
    assert make_doc("甲").norm.script == "simplified" and dict(make_doc("甲").raw.metadata) == {}


def test_make_corpus_is_a_real_corpus_with_default_groups():
    docs = [make_doc("甲", doc_id="b"), make_doc("乙", doc_id="a"), make_doc("丙", doc_id="c")]
    corpus = make_corpus(docs, groups={"c": "a"})
    assert isinstance(corpus, Corpus) and corpus.doc_ids == ("b", "a", "c")
    assert corpus.duplicate_group == {"a": "a", "b": "b", "c": "a"}
    assert corpus.get("a") is docs[1]
    assert make_corpus(()).documents == ()
