"""The project's set-up files agree with each other and with the layout users expect."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from cityreports.cli import main
from tests.conftest import DATA

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# Declared in environment.yml for conda users but not runtime dependencies of the package.
CONDA_ONLY = {"python", "pip"}


def _name(requirement: str) -> str:
    """Normalised distribution name of a requirement string (PEP 503)."""
    name = re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment_names() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            names |= {_name(p) for p in dep.get("pip", []) if not p.startswith("-")}
        else:
            names.add(_name(dep))
    return names - CONDA_ONLY


def test_environment_yml_declares_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    declared = {_name(d) for d in project["dependencies"]}
    declared |= {_name(d) for d in project["optional-dependencies"]["test"]}
    assert _environment_names() == declared


@pytest.mark.parametrize(
    "path",
    ["notebooks", "src/cityreports", "figures", "environment.yml", "tests", "README.md",
     "pyproject.toml", "Makefile", "src/cityreports/resources/corpus/corpus.csv",
     "src/cityreports/resources/corpus/raw", "src/cityreports/resources/codebooks/themes.yml"],
)
def test_top_level_layout(path):
    assert (ROOT / path).exists()


def test_console_script_points_at_cli_main():
    assert _pyproject()["project"]["scripts"]["cityreports"] == "cityreports.cli:main"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)


def test_the_readme_names_every_column_of_every_extract_table(tmp_path):
    """The README's table of `cityreports extract` outputs lists each file's real header, in
    order (words in parentheses explain a column's values)."""
    assert main(["extract", str(DATA), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Tables written by `cityreports extract", 1)[1].split("\n\n")[1]
    rows = re.findall(r"^\| `([a-z_]+)\.csv` \| [^|]+ \| ([^|]+) \|$", section, flags=re.M)
    assert len(rows) >= 9
    for name, columns in rows:
        listed = [c.strip() for c in re.sub(r"\([^)]*\)", "", columns).split(",")]
        header = (tmp_path / "out" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert listed == header.split(","), name
