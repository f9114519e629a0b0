"""The packaged data and its readers (cityreports.resources)."""

from __future__ import annotations

import pytest
import yaml

from cityreports.errors import InputError
from cityreports.resources import load_yaml, read_yaml, resource_path

_YAML_FILES = sorted(
    p.relative_to(resource_path(".")).as_posix()
    for p in resource_path(".").rglob("*.y*ml")
)


def test_there_are_packaged_yaml_files():
    assert len(_YAML_FILES) > 10


@pytest.mark.parametrize("name", _YAML_FILES)
def test_the_fast_loader_reads_every_packaged_file_as_pyyaml_does(name):
    text = resource_path(name).read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text", ["!!python/object/apply:os.system ['echo hi']", "a: !!python/name:os.system"]
)
def test_no_tag_runs(text):
    with pytest.raises(yaml.YAMLError):
        load_yaml(text)


@pytest.mark.parametrize(
    ("text", "problem"), [("a: [", "invalid YAML"), ("- a\n- b\n", "expected a mapping")]
)
def test_read_yaml_names_the_source_and_the_problem(text, problem):
    with pytest.raises(InputError, match=problem) as info:
        read_yaml(text, "mine.yml", expected="expected a mapping")
    assert "mine.yml" in str(info.value)
