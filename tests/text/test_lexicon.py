"""The shared lexicon: character classes and the organisation-suffix table."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys

import pytest

import cityreports
from cityreports.errors import InputError
from cityreports.resources import read_resource, resource_path
from cityreports.text.lexicon import (
    HAN_BASIC,
    ORGANISATION_SUFFIX_USES,
    PATTERNS_DIR,
    YEAR,
    Patterns,
    _compiled_patterns,
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


# --------------------------------------------------------------------------- pattern files


def _compile(yaml_text: str, **values: str):
    return _compiled_patterns(yaml_text, "test.yml", tuple(sorted(values.items())))


@pytest.mark.parametrize(
    ("yaml_text", "name", "pattern", "flags"),
    [("a: 'x|y'", "a", "x|y", 0),
     ("a: {regex: ['(?:', 'x', ')']}", "a", "(?:x)", 0),
     ("a: {words: [甲, 乙], regex: '^(?:${words})$'}", "a", "^(?:甲|乙)$", 0),
     ("a: {regex: 'x', flags: [IGNORECASE, MULTILINE]}", "a", "x", re.I | re.M),
     ("a: '[${HAN_BASIC}]'", "a", f"[{HAN_BASIC}]", 0),
     ("a: '(?:${YEAR})年'", "a", f"(?:{YEAR})年", 0),
     ("f: {regex: 'ab', fragment: true}\nb: '${f}+'", "b", "ab+", 0),
     ("b: '${f}c'\nf: {regex: 'a${g}', fragment: true}\ng: {regex: 'z', fragment: true}",
      "b", "azc", 0),
     ("a: 'x${org:term}'", "a", "x" + organisation_suffix_pattern("term"), 0),
     ("a: '${extra}{2}'", "a", "q{2}", 0)],
)  # fmt: skip
def test_pattern_files_fill_placeholders_and_flags(yaml_text, name, pattern, flags):
    compiled = _compile(yaml_text, extra="q")[name]
    assert compiled.pattern == pattern
    assert compiled.flags & (re.I | re.M) == flags


def test_a_fragment_stays_a_string():
    assert _compile("f: {regex: 'ab', fragment: true}")["f"] == "ab"


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [("a: '${nope}'", "unknown placeholder ${nope}"),
     ("a: '${b}'\nb: '${a}'", "cycle"),
     ("a: '('", "invalid regex"),
     ("a: {regex: x, flags: [LOUD]}", "unknown flag"),
     ("a: {words: [x]}", "a mapping with regex"),
     ("- a", "mapping of names"),
     ("a: [", "invalid YAML")],
)  # fmt: skip
def test_bad_pattern_files_name_the_entry_and_the_problem(yaml_text, problem):
    with pytest.raises(InputError, match=re.escape(problem)) as info:
        _compile(yaml_text)
    assert "test.yml" in str(info.value)


def test_patterns_read_nothing_until_used_and_then_are_plain_attributes():
    patterns = Patterns("metadata/kind")
    assert "hk" not in vars(patterns)
    assert patterns.hk.search("本港今日")
    assert isinstance(vars(patterns)["hk"], re.Pattern)
    with pytest.raises(AttributeError, match="no pattern 'nope'"):
        _ = patterns.nope


def test_every_packaged_pattern_file_is_used_by_a_module_and_compiles():
    """Each file under resources/patterns belongs to one ``Patterns`` of a module (with the
    values that module passes), and every entry of it compiles."""
    folder = resource_path(PATTERNS_DIR)
    files = {f.relative_to(folder).with_suffix("").as_posix() for f in folder.rglob("*.yml")}
    used = {}
    for info in pkgutil.walk_packages(cityreports.__path__, "cityreports."):
        for value in vars(importlib.import_module(info.name)).values():
            if isinstance(value, Patterns):
                used[value._name] = value
    assert files and files == set(used)
    for name, patterns in used.items():
        text, source, _ = read_resource(f"{PATTERNS_DIR}/{name}.yml")
        compiled = _compiled_patterns(text, source, patterns.values())
        assert all(getattr(patterns, key) is value for key, value in compiled.items())


def test_importing_every_module_reads_no_pattern_file():
    """No work at import time: a fresh interpreter that imports every module of the package
    has not loaded any pattern file (each is read on its first use)."""
    code = """
import importlib, pkgutil, cityreports
from cityreports.text.lexicon import Patterns
loaded = []
for info in pkgutil.walk_packages(cityreports.__path__, "cityreports."):
    for value in vars(importlib.import_module(info.name)).values():
        if isinstance(value, Patterns) and set(vars(value)) - {"_name", "_values"}:
            loaded.append(value._name)
print(",".join(sorted(set(loaded))) or "none")
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.strip()
    assert out == "none"


def test_a_value_may_be_a_piece_of_another_pattern_file():
    patterns = Patterns("metadata/kind", piece=lambda: "x")
    assert patterns.values() == (("piece", "x"),)
