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
    ],
)
def test_bad_unit_tables_name_the_problem(text, problem):
    with pytest.raises(InputError, match=problem):
        _parse(text, "units.tsv")
