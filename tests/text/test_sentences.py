"""Tests for cityreports.text.sentences: the sentence ends against the plain rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.records import Block
from cityreports.text import sentences
from cityreports.text.normalize import normalize


def _plain_ends(text: str, *, max_quote: int) -> list[int]:
    """The sentence ends as the rules say them, terminator by terminator and pair by pair."""
    spans = sorted(sentences._quote_closers(text).items())
    ends: list[int] = []
    for m in sentences.TERMINATORS.finditer(text):
        e = m.end()
        if m.group()[0] in "?!" and 0 < m.start() and e < len(text):
            if re.match(r"[\u4e00-\u9fff]", text[m.start() - 1]) and re.match(
                r"[\u4e00-\u9fff]", text[e]
            ):
                continue
        inside = [(o, c) for o, c in spans if o < m.start() and c >= e]
        if inside and all(c - e <= max_quote for _o, c in inside):
            continue
        ends.append(e)
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


_PIECES = st.sampled_from(["。", "！", "？", "?", "!", "……", "…", "”", "“", "「", "」", "『", "』",
                           "）", "】", " ", "好", "a", "说", "1"])  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.integers(min_value=0, max_value=8))
def test_property_sentence_ends_follow_the_rules(text: str, max_quote: int) -> None:
    assert sentences._sentence_ends(text, max_quote=max_quote) == _plain_ends(
        text, max_quote=max_quote
    )


def test_raw_spans_of_a_block_outside_the_text_raise() -> None:
    norm = normalize("第一句。第二句。")
    with pytest.raises(ValueError, match="outside"):
        sentences.split_sentences(norm, [Block(0, "body", 0, 3, -3, 20, "二句。")])


def test_sentence_raw_spans_map_back() -> None:
    raw = "  第一句。\r\n\r\n第二句！“引语。”完"
    norm = normalize(raw)
    blocks = [Block(0, "body", 0, len(raw), 0, len(norm.text), norm.text)]
    for s in sentences.split_sentences(norm, blocks):
        assert (s.start, s.end) == norm.raw_span(s.norm_start, s.norm_end)


# Written by the redteam helper: a run without 。！？ longer than the limit is cut after its
# last clause mark or space in the second half of each piece, else at the limit.
@pytest.mark.parametrize(
    ("text", "max_chars", "ends"),
    [
        ("甲乙丙丁。", 10, [5]),  # short: the terminators only
        ("甲乙丙，丁戊己庚，辛壬", 6, [4, 9, 11]),  # after the last comma of each piece
        ("甲乙丙丁戊己庚辛", 3, [3, 6, 8]),  # no mark: at the limit
        ("甲乙；丙丁戊。己庚", 4, [3, 7, 9]),  # a terminator still ends a sentence
        ("甲，乙丙丁戊己", 4, [4, 7]),  # a mark in the first half is not used
    ],
)
def test_over_long_sentences_are_cut(text: str, max_chars: int, ends: list[int]) -> None:
    assert sentences._sentence_ends(text, max_quote=200, max_chars=max_chars) == ends


def test_a_long_line_gives_sentences_of_bounded_length() -> None:
    line = "数据调用量增长35%，" * 600 + "。"
    norm = normalize(line)
    blocks = [Block(0, "body", 0, len(line), 0, len(norm.text), norm.text)]
    found = sentences.split_sentences(norm, blocks)
    assert max(len(s.text) for s in found) <= sentences.MAX_SENTENCE
    assert "".join(s.text for s in found) == norm.text
