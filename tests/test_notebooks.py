"""The committed notebooks: generated, clean, parameterised, and runnable with other parameters."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

from cityreports.report import runner

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "src" / "cityreports" / "resources" / "corpus"
NOTEBOOKS = ROOT / "notebooks"
REQUIRED = {"corpus", "year_min", "year_max", "lang", "formats", "collapse_duplicates",
            "build_dir", "figures_dir", "cache_dir"}
PATHS = [p for p in runner.discover_notebooks(NOTEBOOKS)]


def _generator():
    spec = importlib.util.spec_from_file_location("make_notebooks",
                                                  NOTEBOOKS / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_notebooks_and_the_first_is_the_corpus():
    assert PATHS and PATHS[0].name == "01_corpus.ipynb"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_parameters_cell_is_first_and_fully_parsed_by_papermill(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assigned = {t.id for node in ast.parse(code[0].source).body
                for t in getattr(node, "targets", [])}
    assert set(runner.notebook_parameters(path)) == assigned  # every line understood
    assert REQUIRED <= assigned


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_notebook_matches_generator_and_is_clean(path):
    nb = nbformat.read(path, as_version=4)
    source = _generator().build(path.stem)
    assert [c.source for c in nb.cells] == [c.source for c in source.cells]
    assert [c.id for c in nb.cells] == [c.id for c in source.cells]
    text = path.read_text(encoding="utf-8")
    for leak in ("papermill", "/work/", "/home/", "/tmp/", "/root/", "iopub.", "injected"):
        assert leak not in text
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    ran = [c for c in counts if c is not None]
    assert ran == list(range(1, len(ran) + 1))
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory):
    """Every notebook run once with non-default parameters, sharing one corpus cache."""
    tmp = tmp_path_factory.mktemp("run")
    report = runner.run_notebooks(
        parameters={"lang": "zh", "year_min": 2016, "year_max": 2023,
                    "formats": ["svg", "png"], "collapse_duplicates": False},
        corpus=BUNDLED, notebooks_dir=NOTEBOOKS, build_dir=tmp / "build",
        figures_dir=tmp / "figures", cache_dir=tmp / "cache", progress=False,
    )
    return tmp, report


def test_every_notebook_runs_with_other_parameters(zh_run):
    tmp, report = zh_run
    assert [r.describe() for r in report.results if not r.ok] == []
    assert [r.name for r in report.results] == [p.stem for p in PATHS]
    manifest = (tmp / "figures" / "MANIFEST.csv").read_text(encoding="utf-8")
    files = sorted(p.name for p in (tmp / "figures").iterdir() if p.suffix in {".svg", ".png"})
    assert files and not any(p.suffix == ".pdf" for p in (tmp / "figures").iterdir())
    for name in files:
        assert name in manifest
        digest = hashlib.sha256((tmp / "figures" / name).read_bytes()).hexdigest()
        assert digest in manifest
    unquoted = manifest.replace('""', '"')
    assert '"lang":"zh"' in unquoted and '"year_min":2016' in unquoted
    values = json.loads((tmp / "build" / "tables" / "values.json").read_text())
    assert values["corpus.n_documents_read"]["value"] == 5
    assert values["corpus.first_year"]["value"] >= 2016
    assert list(values) == sorted(values)


def test_a_second_run_gives_identical_files(zh_run, tmp_path):
    tmp, _ = zh_run
    report = runner.run_notebooks(
        only="01_corpus",
        parameters={"lang": "zh", "year_min": 2016, "year_max": 2023,
                    "formats": ["svg", "png"], "collapse_duplicates": False},
        corpus=BUNDLED, notebooks_dir=NOTEBOOKS, build_dir=tmp_path / "build",
        figures_dir=tmp_path / "figures", cache_dir=tmp / "cache", progress=False,
    )
    assert report.ok
    for name in ("corpus_overview.svg", "corpus_overview.png"):
        assert (tmp_path / "figures" / name).read_bytes() == (tmp / "figures" / name).read_bytes()
    for name in ("corpus_by_year.csv", "corpus_documents.csv"):
        first = (tmp / "build" / "tables" / name).read_bytes()
        assert (tmp_path / "build" / "tables" / name).read_bytes() == first


def test_every_notebook_runs_on_a_tiny_undated_corpus(tmp_path):
    """No year anywhere (and one document with a title only): every notebook still runs to
    the end, writes its tables with their columns and saves empty-state figures."""
    corpus = tmp_path / "undated"
    corpus.mkdir()
    texts = {"a": "智慧城市建设要以人民为中心。数据共享是关键。",
             "b": "数字孪生城市正在兴起，算力成为新基建。", "c": "智慧城市建设推进会召开"}
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    report = runner.run_notebooks(
        corpus=corpus, parameters={"formats": ["png"]}, notebooks_dir=NOTEBOOKS,
        build_dir=tmp_path / "build", figures_dir=tmp_path / "figures",
        cache_dir=tmp_path / "cache", progress=False,
    )
    assert [r.describe() for r in report.results if not r.ok] == []
    figures = sorted(p.name for p in (tmp_path / "figures").glob("*.png"))
    assert figures == sorted(f"{n}.png" for n in (
        "corpus_overview", "themes_by_year", "keyness_periods", "formulation_timeline",
        "rhetoric_by_year", "voices_by_year", "claims_overview", "topics_by_year"))
    manifest = (tmp_path / "figures" / "MANIFEST.csv").read_text(encoding="utf-8")
    assert all(name in manifest for name in figures)
    tables = tmp_path / "build" / "tables"
    for name, column in (("themes_by_year", "per_10k_chars"), ("keyness", "signed"),
                         ("formulation_timeline", "rate_per_10k"), ("feature_trends", "note"),
                         ("voice_shares", "share"), ("claims", "qualifier"),
                         ("topics", "frex_term"), ("topic_prevalence", "prevalence")):
        assert column in (tables / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
    values = json.loads((tables / "values.json").read_text())
    assert values["corpus.first_year"]["value"] is None
    assert values["keyness.split_year"]["value"] is None
    assert values["themes.top_theme"]["value"] is None
    printed = "".join(
        "".join(o.get("text", "")) for name in ("01_corpus", "02_themes", "03_rhetoric")
        for c in nbformat.read(tmp_path / "build" / "notebooks" / f"{name}.ipynb",
                               as_version=4).cells if c.cell_type == "code"
        for o in c.get("outputs", []))
    assert "none with a year" in printed and "No dated documents" in printed
