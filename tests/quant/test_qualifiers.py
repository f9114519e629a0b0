"""The qualifier table (resources/claims/qualifiers.tsv) and its reader."""

from __future__ import annotations

import pytest

from cityreports.errors import InputError
from cityreports.quant.numbers import scan_quantities
from cityreports.quant.qualifiers import (
    QUALIFIERS,
    _parse,
    bound_inclusive,
    combine_qualifiers,
    qualifier_table,
)

_HEADER = "word\tside\tqualifier\tinclusive\tbare\n"


@pytest.mark.parametrize(
    ("word", "side", "reading"),
    [("不低于", "before", ("more_than", True)), ("超过", "before", ("more_than", False)),
     ("至多", "before", ("less_than", True)), ("不足", "before", ("less_than", False)),
     ("约", "before", ("approx", None)), ("近", "before", ("nearly", False)),
     ("以上", "after", ("more_than", True)), ("以内", "after", ("less_than", True)),
     ("左右", "after", ("approx", None))],
)  # fmt: skip
def test_the_packaged_table_reads_bounds_as_legal_text_does(word, side, reading):
    table = qualifier_table()
    assert (table.prefixes if side == "before" else table.suffixes)[word] == reading


def test_every_reading_is_a_known_qualifier_and_bare_words_come_before_the_number():
    table = qualifier_table()
    for qualifier, _ in [*table.prefixes.values(), *table.suffixes.values()]:
        assert qualifier in QUALIFIERS
    assert table.bare_prefixes and table.bare_prefixes <= set(table.prefixes)


@pytest.mark.parametrize(
    ("text", "qualifier", "inclusive"),
    [("不低于5%", "more_than", True), ("超过300万人", "more_than", False),
     ("5%以上", "more_than", True), ("两个月内", "less_than", True), ("约50亿元", "approx", None)],
)  # fmt: skip
def test_the_scanner_reads_the_table(text, qualifier, inclusive):
    (q,) = scan_quantities(text)
    assert (q.qualifier, q.inclusive) == (qualifier, inclusive)


def test_a_row_of_the_table_changes_what_a_word_means():
    table = _parse(_HEADER + "起码\tbefore\tmore_than\tno\n", "t.tsv")
    assert table.prefixes["起码"] == ("more_than", False)
    assert not table.suffixes and not table.bare_prefixes


@pytest.mark.parametrize(
    ("row", "problem"),
    [("约\tbefore\tapprox\n", "needs word, side"),
     ("约\tinside\tapprox\t-\n", "side must be"),
     ("约\tbefore\tabout\t-\n", "unknown qualifier"),
     ("约\tbefore\tapprox\tmaybe\n", "inclusive must be"),
     ("约\tbefore\tapprox\t-\n约\tbefore\tapprox\t-\n", "listed twice"),
     ("以上\tafter\tmore_than\tyes\tyes\n", "bare must be")],
)  # fmt: skip
def test_bad_rows_name_the_line_and_the_problem(row, problem):
    with pytest.raises(InputError, match=problem) as info:
        _parse(_HEADER + row, "t.tsv")
    assert "t.tsv:" in str(info.value)


@pytest.mark.parametrize(
    ("pre", "inner", "post", "qualifier"),
    [
        ("", "", "", "exact"),
        ("approx", "", "", "approx"),
        ("", "more_than", "approx", "approx_more_than"),  # 200多…左右
        ("approx", "", "less_than", "less_than"),  # 约…以下: the bound
        ("more_than", "", "less_than", "contradictory"),
        ("nearly", "more_than", "", "contradictory"),
    ],
)
def test_combine_qualifiers(pre, inner, post, qualifier):
    assert combine_qualifiers(pre, inner, post) == qualifier


@pytest.mark.parametrize(
    ("qualifier", "pre_q", "pre_inc", "post_q", "post_inc", "inclusive"),
    [
        ("more_than", "more_than", True, "", None, True),  # 不低于
        ("more_than", "", None, "more_than", True, True),  # 以上
        ("more_than", "more_than", False, "more_than", True, False),  # the word before wins
        ("approx_more_than", "", None, "", None, False),
        ("exact", "", None, "", None, None),
    ],
)
def test_bound_inclusive(qualifier, pre_q, pre_inc, post_q, post_inc, inclusive):
    assert bound_inclusive(qualifier, pre_q, pre_inc, post_q, post_inc) is inclusive
