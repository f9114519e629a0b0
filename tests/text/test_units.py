"""The unit table (resources/units.tsv): reported units, kinds and clear errors for bad rows."""

from __future__ import annotations

import pytest

from cityreports.errors import InputError
from cityreports.text.units import _parse, unit_kind, unit_table


@pytest.mark.parametrize(
    ("written", "unit", "kind"),
    [
        ("平米", "平方米", "measure"),
        ("个月", "月", "duration"),
        ("个百分点", "百分点", "percentage"),
        ("港币", "港元", "measure"),
        ("%", "%", "percentage"),
    ],
)
def test_packaged_units(written, unit, kind):
    assert unit_table().aliases[written] == unit
    assert unit_kind(unit) == kind


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("unit\twritten\tkind\n", "header must start with written, unit, kind"),
        ("written\tunit\tkind\n米\t米\tlength\n", "unknown kind 'length'"),
        ("written\tunit\tkind\n米\t米\tmeasure\n米\t米\tmeasure\n", "unit '米' listed twice"),
        ("written\tunit\tkind\n米\n", "a row needs written, unit and kind"),
        ("written\tunit\tkind\ttoken\n米\t米\tmeasure\tno\n", "token must be yes or empty"),
        ("written\tunit\tkind\ttoken\n市\t市\t-\tyes\n市\t市\t-\tyes\n", "unit '市' listed twice"),
    ],
)
def test_bad_unit_tables_name_the_problem(text, problem):
    with pytest.raises(InputError, match=problem):
        _parse(text, "units.tsv")


@pytest.mark.parametrize(
    ("written", "quantity_unit", "token"),
    [("平方米", True, True), ("斤", True, False), ("市", False, True), ("月", False, True),
     ("个月", True, False)],
)  # fmt: skip
def test_token_units_and_quantity_units_come_from_one_table(written, quantity_unit, token):
    """A row is a quantity's unit unless its kind is ``-``; ``token`` says the segmenter keeps
    it with its number."""
    table = unit_table()
    assert (written in table.aliases) is quantity_unit
    assert (written in table.token_units) is token


def test_token_column_is_optional_and_kind_dash_is_no_quantity():
    table = _parse("written\tunit\tkind\ttoken\n米\t米\tmeasure\tyes\n市\t市\t-\tyes\n", "t")
    assert (table.aliases, table.token_units) == ({"米": "米"}, ("米", "市"))
    assert _parse("written\tunit\tkind\n米\t米\tmeasure\n", "t").token_units == ()
