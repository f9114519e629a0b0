"""The notebooks: clean sources a researcher edits in JupyterLab, figures shown inline, and runs
on the bundled corpus, the dev corpus, a one-document corpus and an empty year range whose
figures pass the readability checks of ``tests/figure_checks.py``."""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cityreports.report import figures as F  # noqa: E402
from cityreports.report import runner  # noqa: E402
from cityreports.report.notebook_files import clean_notebook, clean_text, run_state  # noqa: E402
from cityreports.report.plots.base import document_kinds, shown_kinds  # noqa: E402

from . import figure_checks as C  # noqa: E402
from .conftest import DEVCORPUS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "src" / "cityreports" / "resources" / "corpus"
NOTEBOOKS = ROOT / "notebooks"
REQUIRED = {"corpus", "year_min", "year_max", "lang", "formats", "collapse_duplicates",
            "build_dir", "figures_dir", "cache_dir"}
PATHS = list(runner.discover_notebooks(NOTEBOOKS))
FIGURE_NAMES = ["corpus_overview", "themes_by_year", "keyness_periods", "formulation_timeline",
                "rhetoric_by_year", "voices_by_year", "claims_overview", "topics_by_year",
                "target_vs_outcome"]
LEAKS = ("papermill", "/work/", "/home/", "/tmp/", "/root/", "iopub.", "injected",
         "without encryption", "Traceback")
#: An internal id in a sentence or label (``digital_infrastructure``); file names excluded.
INTERNAL_ID = re.compile(r"(?<![\w./-])[a-z]+_[a-z_]+(?![\w./-])")


# --- the committed notebooks ----------------------------------------------------------------


def test_there_are_notebooks_and_the_first_is_the_corpus():
    assert PATHS and PATHS[0].name == "01_corpus.ipynb"


def check_source_notebook(path: Path) -> None:
    """What every committed notebook must be: parameters first, clean, figures inline,
    tables styled, sentences in words (also run on a notebook saved by JupyterLab)."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assigned = {t.id for node in ast.parse(code[0].source).body
                for t in getattr(node, "targets", [])}
    assert set(runner.notebook_parameters(path)) == assigned  # every line understood
    assert REQUIRED <= assigned
    assert run_state(nb) == []
    text = path.read_text(encoding="utf-8")
    assert [leak for leak in LEAKS if leak in text] == []
    figure_cells = [c for c in code if "out.figure(" in c.source]
    assert figure_cells
    for cell in figure_cells:
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == cell.source.count("out.figure("), cell.source[:60]
        said = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert said.strip() and INTERNAL_ID.findall(said) == [], said
    assert not any("to_string(" in c.source for c in code)  # tables are styled DataFrames
    assert any("text/html" in o.get("data", {}) for c in code for o in c.outputs)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_notebook_is_a_clean_source_with_figures_inline(path):
    check_source_notebook(path)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_the_filter_removes_run_state_and_is_idempotent(path):
    committed = nbformat.read(path, as_version=4)
    ran = nbformat.from_dict(json.loads(json.dumps(committed)))
    ran.metadata["papermill"] = {"start_time": "2026-01-01T00:00:00"}
    ran.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    for i, cell in enumerate(ran.cells):
        if cell.cell_type == "code":
            cell.execution_count = i + 7
            cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:01"}
            cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text="warn\n"))
    once = clean_text(nbformat.writes(ran))
    assert clean_text(once) == once
    assert once == clean_text(path.read_text(encoding="utf-8"))
    assert run_state(nbformat.reads(once, as_version=4)) == []
    assert run_state(ran) != []


def _saved_by_jupyterlab(source: Path, target: Path) -> None:
    """Open ``source`` as JupyterLab does, edit a markdown cell, save it through the Jupyter
    server's contents manager (what JupyterLab's save calls) with the metadata a kernel adds."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    target.parent.mkdir(parents=True, exist_ok=True)
    manager = FileContentsManager(root_dir=str(target.parent))
    shutil.copyfile(source, target)
    model = manager.get(target.name, content=True, type="notebook")
    nb = model["content"]
    first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    first["source"] += "\n\nA note a researcher added in JupyterLab."
    nb["metadata"]["kernelspec"] = {"display_name": "Python (cityreports)",
                                    "language": "python", "name": "cityreports"}
    nb["metadata"]["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
        "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3", "version": "3.11.7"}
    manager.save({"type": "notebook", "format": "json", "content": nb}, target.name)


def test_an_edit_saved_in_jupyterlab_keeps_make_test_green(tmp_path):
    """Edit-and-save in JupyterLab, then the checks of ``make test``: ruff, this module's
    source checks and nbval on the saved notebook."""
    saved = tmp_path / "notebooks" / "01_corpus.ipynb"
    _saved_by_jupyterlab(NOTEBOOKS / "01_corpus.ipynb", saved)
    assert "A note a researcher added" in saved.read_text(encoding="utf-8")
    check_source_notebook(saved)
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(saved)],
                          capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout
    nbval = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", str(saved)], capture_output=True, text=True, cwd=tmp_path)
    assert nbval.returncode == 0, nbval.stdout[-3000:]
    assert " passed" in nbval.stdout
    # the filter gives back the committed notebook, with the edit
    committed = nbformat.read(NOTEBOOKS / "01_corpus.ipynb", as_version=4)
    first = next(c for c in committed.cells if c.cell_type == "markdown")
    first.source += "\n\nA note a researcher added in JupyterLab."
    assert clean_text(saved.read_text(encoding="utf-8")) == clean_text(nbformat.writes(committed))


# --- runs -----------------------------------------------------------------------------------


def _run(out: Path, *, corpus: Path | None = None, params: dict | None = None,
         cache: Path | None = None) -> tuple[int, str]:
    """``cityreports run`` (the command) into ``out``; (return code, what it printed)."""
    parser = argparse.ArgumentParser()
    runner.add_run_arguments(parser)
    argv = ["--out", str(out), "--notebooks-dir", str(NOTEBOOKS), "--no-progress"]
    if corpus is not None:
        argv += ["--corpus", str(corpus)]
    if cache is not None:
        argv += ["--cache-dir", str(cache)]
    for key, value in (params or {}).items():
        argv += ["-p", key, json.dumps(value)]
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = runner.run_command(parser.parse_args(argv))
    return code, err.getvalue()


ONE_DOC = """\
杭州市人民政府2021年政府工作报告
各位代表：
2020年，全市数字经济核心产业增加值达到4290亿元，增长13.3%。
我们要以人民为中心，推进新型智慧城市建设，建成城市大脑和数字孪生平台。
市长表示：“要让数据多跑路，让群众少跑腿。”
全年新建5G基站约1.2万个，政务服务“一网通办”率超过90%。
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The runs every check below looks at (each notebook once per corpus)."""
    tmp = tmp_path_factory.mktemp("runs")
    one = tmp / "one_doc"
    one.mkdir()
    (one / "hangzhou_2021.txt").write_text(ONE_DOC, encoding="utf-8")
    zh = {"lang": "zh", "year_min": 2016, "year_max": 2023, "formats": ["svg", "png"],
          "collapse_duplicates": False}
    plan = {
        "bundled-zh": dict(params=zh, cache=tmp / "cache-bundled"),
        "bundled-zh-again": dict(params=zh, cache=tmp / "cache-bundled"),
        "dev": dict(corpus=DEVCORPUS / "docs", params={"formats": ["png"]},
                    cache=tmp / "cache-dev"),
        "one-document": dict(corpus=one, params={"formats": ["png"]}, cache=tmp / "cache-one"),
        "empty-year-range": dict(params={"formats": ["png"], "year_min": 2000,
                                         "year_max": 2005}, cache=tmp / "cache-bundled"),
    }
    done = {}
    for name, kwargs in plan.items():
        out = tmp / name
        code, printed = _run(out, **kwargs)
        done[name] = (out, code, printed, kwargs["params"].get("lang", "en"))
    return done


RUNS = ["bundled-zh", "dev", "one-document", "empty-year-range"]


@pytest.mark.parametrize("name", RUNS)
def test_every_notebook_runs_and_says_where_its_outputs_went(runs, name):
    out, code, printed, _ = runs[name]
    assert code == 0, printed
    assert [line for line in printed.splitlines() if "failed" in line] == []
    for line in (f"figures   -> {out / 'figures'}/", f"tables    -> {out / 'tables'}/",
                 f"notebooks -> {out / 'notebooks'}/", f"report    -> {out / 'report.html'}"):
        assert line in printed
    manifest = (out / "figures" / "MANIFEST.csv").read_text(encoding="utf-8")
    for figure in FIGURE_NAMES:
        data = (out / "figures" / f"{figure}.png").read_bytes()
        assert hashlib.sha256(data).hexdigest() in manifest
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert run_state(nb) == []  # executed copies are cleaned: stable files
        shown = sum("image/png" in o.get("data", {}) for c in nb.cells
                    for o in c.get("outputs", []))
        assert shown == sum(c.source.count("out.figure(") for c in nb.cells)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype={"doc_id": str}, keep_default_na=True)
            for p in (out / "tables").glob("*.csv")}


def figures_of_run(out: Path, lang: str) -> dict[str, object]:
    """The run's figures drawn again from the tables it wrote (as its notebooks draw them)."""
    t = _tables(out)
    docs = t["corpus_documents"]
    values = json.loads((out / "tables" / "values.json").read_text(encoding="utf-8"))
    split = values["keyness.split_year"]["value"]
    summary = t["formulations"]
    return {
        "corpus_overview": lambda: F.corpus_overview(docs, lang=lang),
        "themes_by_year": lambda: F.theme_prevalence(
            t["themes_by_year"], lang=lang, labels=F.theme_labels(lang=lang),
            by_doc=t["themes_by_doc"], documents=docs),
        "keyness_periods": lambda: F.keyness_bars(t["keyness"], lang=lang, split_year=split),
        "formulation_timeline": lambda: F.formulation_timeline_figure(
            summary, t["formulation_timeline"], lang=lang),
        "rhetoric_by_year": lambda: F.rhetoric_trends(t["features_by_doc"], t["feature_trends"],
                                                      lang=lang),
        "voices_by_year": lambda: F.voices_by_year(t["voice_shares"], lang=lang,
                                                   documents=docs),
        "claims_overview": lambda: F.claims_overview(t["claims"], docs, t["checks"], lang=lang),
        "target_vs_outcome": lambda: F.target_outcome_figure(t["target_vs_outcome"], lang=lang),
        "topics_by_year": lambda: F.topic_prevalence_figure(
            t["topic_prevalence"], t["topic_prevalence_by_kind"], lang=lang),
    }


@pytest.mark.parametrize("figure", FIGURE_NAMES)
@pytest.mark.parametrize("name", RUNS)
def test_the_figures_of_every_run_are_readable(runs, name, figure):
    """No overlapping tick labels, legends and labels inside the figure, no line or band over
    a year with fewer than two documents."""
    out, _, _, lang = runs[name]
    with F.house_style(lang=lang):
        fig = figures_of_run(out, lang)[figure]()
        problems = C.all_problems(fig)
        counts = C.series_counts(fig)
    plt.close(fig)
    assert problems == []
    if figure == "themes_by_year" and counts:
        # each series is drawn with the documents behind it: the whole corpus, or (where it
        # has several kinds) one kind, or the kinds without a series of their own
        docs = _tables(out)["corpus_documents"].dropna(subset=["year"])
        kinds = document_kinds(docs).reindex(docs["doc_id"].astype(str)).to_numpy()
        shown = shown_kinds(document_kinds(docs))
        groups = {"all": docs.index == docs.index}
        groups.update({k: kinds == k for k in shown})
        groups["other_kinds"] = ~pd.Series(kinds).isin(shown).to_numpy()

        def per_year(mask):
            sub = docs[mask]
            return {int(y): int(n) for y, n in sub.groupby(sub["year"].astype(int)).size().items()}

        expected = [per_year(mask) for mask in groups.values()]
        assert all(c in expected for c in counts), (counts, expected)


def test_a_second_run_gives_identical_figures_tables_and_report(runs):
    first, second = runs["bundled-zh"][0], runs["bundled-zh-again"][0]
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()
                   and p.parts[len(first.parts)] in {"figures", "tables", "report.html"})
    figures = [f for f in files if f.startswith("figures/")]
    assert "report.html" in files and len(figures) == 2 * len(FIGURE_NAMES) + 1
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []
    manifest = (first / "figures" / "MANIFEST.csv").read_text(encoding="utf-8")
    unquoted = manifest.replace('""', '"')
    assert '"lang":"zh"' in unquoted and '"year_min":2016' in unquoted
    values = json.loads((first / "tables" / "values.json").read_text())
    assert values["corpus.n_documents_read"]["value"] == 5
    assert values["corpus.first_year"]["value"] >= 2016


def test_the_empty_year_range_and_the_one_document_say_what_is_missing(runs):
    empty = _tables(runs["empty-year-range"][0])
    assert empty["corpus_documents"].empty
    values = json.loads((runs["empty-year-range"][0] / "tables" / "values.json").read_text())
    assert values["corpus.n_documents_analysed"]["value"] == 0
    one = json.loads((runs["one-document"][0] / "tables" / "values.json").read_text())
    assert one["corpus.n_documents_read"]["value"] == 1
    report = (runs["empty-year-range"][0] / "report.html").read_text(encoding="utf-8")
    assert "No documents are analysed" in report


def test_the_html_report_is_self_contained_without_code(runs):
    out = runs["dev"][0]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<img") == len(FIGURE_NAMES)
    assert html.count('src="data:image/png;base64,') == len(FIGURE_NAMES)
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "load_corpus(" not in html and "out.figure(" not in html  # no code cells
    assert "The most frequent theme is" in html


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("headless Chromium is needed: apt-get install -y chromium "
                         "(make test installs it when it is missing)")


def test_the_html_report_loads_its_figures_in_headless_chromium(runs, tmp_path):
    page = tmp_path / "report.html"
    probe = ('<script>window.addEventListener("load", () => { const i = [...document.images];'
             ' document.body.dataset.images = i.length; document.body.dataset.loaded ='
             ' i.filter(x => x.complete && x.naturalWidth > 0).length;'
             ' document.body.dataset.widths = i.map(x => x.naturalWidth).join(","); });'
             '</script>')
    html = (runs["dev"][0] / "report.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    result = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=180)
    body = re.search(r"<body[^>]*>", result.stdout)
    assert body, result.stderr[-2000:]
    attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', body.group(0)))
    assert attrs["images"] == attrs["loaded"] == str(len(FIGURE_NAMES))
    assert all(int(w) >= 400 for w in attrs["widths"].split(","))


def test_every_notebook_runs_on_a_tiny_undated_corpus(tmp_path):
    """No year anywhere (and one document with a title only): every notebook still runs to
    the end, writes its tables with their columns and saves empty-state figures."""
    corpus = tmp_path / "undated"
    corpus.mkdir()
    texts = {"a": "智慧城市建设要以人民为中心。数据共享是关键。",
             "b": "数字孪生城市正在兴起，算力成为新基建。", "c": "智慧城市建设推进会召开"}
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    code, printed = _run(tmp_path / "out", corpus=corpus, params={"formats": ["png"]},
                         cache=tmp_path / "cache")
    assert code == 0, printed
    out = tmp_path / "out"
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert figures == sorted(f"{n}.png" for n in FIGURE_NAMES)
    tables = out / "tables"
    for name, column in (("themes_by_year", "per_10k_chars"), ("keyness", "signed"),
                         ("formulation_timeline", "rate_per_10k"), ("feature_trends", "note"),
                         ("voice_shares", "share"), ("claims", "qualifier"),
                         ("topics", "frex_term"), ("topic_prevalence", "prevalence")):
        assert column in (tables / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
    values = json.loads((tables / "values.json").read_text())
    assert values["corpus.first_year"]["value"] is None
    assert values["keyness.split_year"]["value"] is None
    assert values["themes.top_theme"]["value"] is None
    printed_out = "".join(
        "".join(o.get("text", "")) for name in ("01_corpus", "02_themes", "03_rhetoric")
        for c in nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4).cells
        if c.cell_type == "code" for o in c.get("outputs", []))
    assert "has a year" in printed_out and "No dated documents" in printed_out


def test_clean_notebook_keeps_outputs_and_drops_run_state():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "2026-01-01"}
    injected = nbformat.v4.new_code_cell("build_dir = '/home/x/build'",
                                         metadata={"tags": ["injected-parameters"]})
    cell = nbformat.v4.new_code_cell("print(1)", execution_count=7,
                                     metadata={"execution": {"iopub.status.idle": "now"},
                                               "tags": ["x"], "scrolled": True})
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="/home/x: warn\n"),
                    nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})]
    nb.cells = [injected, cell]
    clean = clean_notebook(nb)
    text = json.dumps(clean)
    assert "/home/x" not in text and "papermill" not in text and "iopub" not in text
    assert [c.execution_count for c in clean.cells] == [1]  # canonical, as nbval needs
    assert clean.cells[0].metadata == {"tags": ["x"]}
    assert [o.output_type for o in clean.cells[0].outputs] == ["stream", "display_data"]
    assert clean.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].source.startswith("build_dir")  # the input is not changed


def test_the_report_embeds_the_cjk_glyphs_it_uses(runs):
    """Chinese text in the report shows on a machine without CJK fonts: the packaged font,
    cut down to the page's characters, is in the style sheet."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    html = (runs["dev"][0] / "report.html").read_text(encoding="utf-8")
    found = re.search(r"url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", html)
    assert found
    font = TTFont(io.BytesIO(base64.b64decode(found.group(1))))
    text = re.sub(r"data:[a-z/+-]+;base64,[A-Za-z0-9+/=]+", "", html)
    used = {c for c in text if "\u4e00" <= c <= "\u9fff"}
    assert used and used <= {chr(c) for c in font.getBestCmap()}
    assert len(found.group(1)) < len(html) / 2  # a subset, not the 3 MB font
