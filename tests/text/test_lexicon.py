"""The shared lexicon: character classes and the organisation-suffix table."""

from __future__ import annotations

import re

import pytest

from cityreports.errors import InputError
from cityreports.text.lexicon import (
    ORGANISATION_SUFFIX_USES,
    _parse_organisation_suffixes,
    organisation_suffix_pattern,
    organisation_suffixes,
)


@pytest.mark.parametrize(
    ("use", "present", "absent"),
    [("issuer", ("人民政府", "办公厅", "局"), ("司", "网")),
     ("line", ("社", "网", "大学", "局"), ("司", "人民政府")),
     ("term", ("局", "司", "厅", "署"), ("委员会", "中心"))],
)  # fmt: skip
def test_each_use_reads_its_endings_from_the_one_table(use, present, absent):
    suffixes = organisation_suffixes(use)
    assert all(s in suffixes for s in present)
    assert not any(s in suffixes for s in absent)
    assert len(set(suffixes)) == len(suffixes)


@pytest.mark.parametrize("use", ORGANISATION_SUFFIX_USES)
def test_suffix_pattern_matches_exactly_the_endings(use):
    pattern = re.compile(organisation_suffix_pattern(use) + "$")
    assert all(pattern.search("某某" + s) for s in organisation_suffixes(use))
    assert not pattern.search("某某城市")


def test_term_endings_are_single_characters():
    assert all(len(s) == 1 for s in organisation_suffixes("term"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [("name\tuses\n", "header must start with suffix, uses"),
     ("suffix\tuses\n局\tissuer place\n", "unknown use 'place'"),
     ("suffix\tuses\n局\n", "a row needs a suffix and its uses"),
     ("suffix\tuses\n\tissuer\n", "a row needs a suffix and its uses")],
)  # fmt: skip
def test_bad_suffix_tables_name_the_problem(text, problem):
    with pytest.raises(InputError, match=problem):
        _parse_organisation_suffixes(text, "organisation_suffixes.tsv")
