"""The package's shape: imports point one way down the pipeline (docs/ARCHITECTURE.md).

Walks every module of ``src/cityreports`` with :mod:`ast` (nothing is imported) and fails on an
import cycle, an import against the layer order, an analysis importing another analysis, an
import of the package's own modules inside a function, a relative import, or a module over 600
lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cityreports"
MAX_LINES = 600

#: Layers in pipeline order; a module may import only from its own layer or earlier ones.
#: Top-level modules and subpackages are named by their first dotted component.
LAYERS = (
    ("_version", "cache_folders", "csvfiles", "errors", "records", "resources"),
    ("text",),
    ("codebooks", "ingest"),
    ("metadata",),
    ("dedup",),
    ("quant",),
    ("pipeline",),
    ("analyses",),
    ("report",),
    ("cli", "__init__"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
#: Layers whose modules may not import each other (each is a separate analysis or stage).
ISOLATED = ("analyses",)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" and len(rel.parts) > 1 else rel.parts
    return ".".join(("cityreports", *parts))


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """``(imported module, line, inside a function)`` for every import of cityreports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    found.append((f"relative:{child.module}", child.lineno, in_function))
                elif child.module and child.module.split(".")[0] == "cityreports":
                    for alias in child.names:
                        full = f"{child.module}.{alias.name}"
                        target = full if full in MODULES else child.module
                        found.append((target, child.lineno, in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "cityreports":
                        found.append((alias.name, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _is_type_checking_block(path: Path, line: int) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            if node.lineno <= line <= (node.end_lineno or node.lineno):
                return True
    return False


EDGES = {
    name: [(t, line, fn) for t, line, fn in _imports(path) if not t.startswith("relative:")]
    for name, path in MODULES.items()
}


def test_every_layer_is_known():
    assert sorted({_layer(m) for m in MODULES} - set(RANK)) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_pipeline(module):
    here = _layer(module)
    wrong = [
        f"line {line}: {target}"
        for target, line, _ in EDGES[module]
        if target != "cityreports" and RANK[_layer(target)] > RANK[here]
        and not _is_type_checking_block(MODULES[module], line)
    ]
    assert wrong == [], f"{module} imports from a later layer"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m) in ISOLATED))
def test_no_analysis_imports_another(module):
    siblings = [
        f"line {line}: {target}"
        for target, line, _ in EDGES[module]
        if _layer(target) == _layer(module) and target != module
        and target != f"cityreports.{_layer(module)}"
    ]
    assert siblings == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_own_imports_inside_functions_and_no_relative_imports(module):
    path = MODULES[module]
    bad = [f"line {line}: {t}" for t, line, inside in _imports(path)
           if inside or t.startswith("relative:")]
    assert bad == []


def test_no_import_cycle():
    graph = {m: {t for t, _, _ in EDGES[m] if t in MODULES and t != m} for m in MODULES}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def dfs(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                dfs(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            dfs(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_600_lines(module):
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{module}: {n} lines"


def test_the_walker_sees_the_imports_it_checks():
    """The checks above could pass by seeing nothing: make sure they see real edges."""
    edges = {t for t, _, _ in EDGES["cityreports.analyses.speakers"]}
    assert "cityreports.text.speech" in edges
    assert "cityreports.records" in edges
