"""Every third-party package a module imports is declared, and every module imports.

Walks the source with :mod:`ast` (imports inside functions too, such as the lazily loaded
jieba, opencc and tomotopy), maps each top-level import to its distribution with
``importlib.metadata`` and checks that pyproject.toml declares it; then imports every module
in a fresh interpreter.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata as md
import re
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "cityreports"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _distributions() -> dict[str, list[str]]:
    return md.packages_distributions()


@functools.cache
def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_norm(re.split(r"[<>=!~;\[ ]", d.strip(), maxsplit=1)[0])
            for d in project["dependencies"]}


def _top_level_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"cityreports", "__future__"}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_third_party_imports_are_declared(path):
    distributions = _distributions()
    declared = _declared()
    missing = {}
    for name in sorted(_top_level_imports(path)):
        dists = {_norm(d) for d in distributions.get(name, [name])}
        if not dists & declared:
            missing[name] = sorted(dists)
    assert missing == {}


def test_every_module_imports_in_a_fresh_interpreter():
    names = [".".join(("cityreports", *p.relative_to(PACKAGE).with_suffix("").parts))
             .removesuffix(".__init__") for p in MODULES]
    code = "import importlib, sys\nfor n in sys.argv[1:]:\n    importlib.import_module(n)\n"
    result = subprocess.run([sys.executable, "-c", code, *names], capture_output=True,
                            text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert result.returncode == 0, result.stderr[-2000:]
