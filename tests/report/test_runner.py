"""The notebook runner: discovery, parameter checks before any kernel, failures, cleaning."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cityreports.errors import ParameterError
from cityreports.report import run_parameters, runner

PARAMS_CELL = """\
lang = "en"
year_min = None
year_max = None
formats = ["pdf", "svg", "png"]
corpus = None
build_dir = "../build"
figures_dir = "../figures"
cache_dir = None
"""

WRITE_CELL = """\
import json, pathlib, sys
out = pathlib.Path(build_dir) / "probe.json"
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps({"lang": lang, "year_min": year_min, "formats": formats,
                           "executable": sys.executable, "corpus": corpus}))
"""


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(PARAMS_CELL, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell{i}"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def notebooks(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "01_probe.ipynb", WRITE_CELL)
    _notebook(folder / "02_fails.ipynb", "x = 1", "raise ValueError('boom')", "y = 2")
    _notebook(folder / "03_after.ipynb", "z = 3")
    (folder / "scratch.ipynb").write_text("not a notebook the runner looks at")
    return folder


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if papermill is asked to execute anything."""
    import papermill

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)


def test_discover_and_select(notebooks):
    paths = runner.discover_notebooks(notebooks)
    assert [p.name for p in paths] == ["01_probe.ipynb", "02_fails.ipynb", "03_after.ipynb"]
    for only, expected in [
        ("02_fails", ["02_fails"]),
        ("fails", ["02_fails"]),
        ("03", ["03_after"]),
        (["03_after", "01_probe.ipynb"], ["01_probe", "03_after"]),
        (None, ["01_probe", "02_fails", "03_after"]),
    ]:
        assert [p.stem for p in runner.select_notebooks(paths, only=only)] == expected
    with pytest.raises(ParameterError, match="no notebook 'themes'"):
        runner.select_notebooks(paths, only="themes")


@pytest.mark.parametrize(
    ("parameters", "name"),
    [
        ({"colour": "red"}, "colour"),
        ({"lang": "fr"}, "lang"),
        ({"formats": ["pdf", "jpg"]}, "formats"),
        ({"formats": "pdf,eps"}, "formats"),
        ({"year_min": "twenty"}, "year_min"),
        ({"year_min": 2020, "year_max": 2016}, "year_min"),
        ({"year_max": 3020}, "year_max"),
        ({"year_min": True}, "year_min"),
        ({"corpus": "/no/such/corpus"}, "corpus"),
    ],
)
def test_bad_parameters_are_refused_before_any_kernel(notebooks, tmp_path, no_kernel,
                                                      parameters, name):
    with pytest.raises(ParameterError) as info:
        runner.run_notebooks(parameters=parameters, notebooks_dir=notebooks,
                             build_dir=tmp_path / "build", figures_dir=tmp_path / "fig",
                             progress=False)
    assert info.value.name == name
    assert "\n" not in str(info.value)
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [("build_dir", "x"), ("figures_dir", "x")],
)
def test_runner_paths_are_not_parameters(notebooks, tmp_path, no_kernel, name, value):
    with pytest.raises(ParameterError):
        runner.run_notebooks(parameters={name: value}, notebooks_dir=notebooks,
                             build_dir=tmp_path, progress=False)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"formats": "png, pdf"}, {"formats": ["pdf", "png"]}),
        ({"year_min": "2016", "year_max": 2020}, {"year_min": 2016, "year_max": 2020}),
        ({"collapse_duplicates": "false"}, {"collapse_duplicates": False}),
        ({"lang": "zh"}, {"lang": "zh"}),
    ],
)
def test_check_parameters_normalises(given, expected):
    assert runner.check_parameters(given) == expected


def test_command_line_values_are_yaml():
    values = runner.parse_parameter_values(
        [["year_min", "2016"], ["lang", "zh"], ["formats", "[pdf, png]"]]
    )
    assert values == {"year_min": 2016, "lang": "zh", "formats": ["pdf", "png"]}
    with pytest.raises(ParameterError):
        runner.parse_parameter_values([["lang", "en"], ["lang", "zh"]])


def test_run_executes_in_order_reports_the_failed_cell_and_goes_on(notebooks, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    report = runner.run_notebooks(
        corpus=corpus, parameters={"lang": "zh", "year_min": 2016, "formats": "png"},
        notebooks_dir=notebooks, build_dir=tmp_path / "build", figures_dir=tmp_path / "figs",
        progress=False,
    )
    assert [r.name for r in report.results] == ["01_probe", "02_fails", "03_after"]
    assert [r.ok for r in report.results] == [True, False, True]
    assert report.returncode == 1 and not report.ok
    failed = report.results[1]
    assert failed.cell == 2 and failed.error == "ValueError: boom"
    assert failed.describe() == "02_fails: cell 2 failed: ValueError: boom"
    probe = json.loads((tmp_path / "build" / "probe.json").read_text())
    assert probe == {"lang": "zh", "year_min": 2016, "formats": ["png"],
                     "executable": sys.executable, "corpus": str(corpus.resolve())}
    executed = sorted(p.name for p in (tmp_path / "build" / "notebooks").iterdir())
    assert executed == ["01_probe.ipynb", "02_fails.ipynb", "03_after.ipynb"]


def test_run_command_returns_nonzero_on_failure(notebooks, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    runner.add_run_arguments(parser)
    args = parser.parse_args(["--only", "fails", "--notebooks-dir", str(notebooks),
                              "--out", str(tmp_path / "b"), "--no-progress"])
    assert runner.run_command(args) == 1
    assert "02_fails: cell 2 failed: ValueError: boom" in capsys.readouterr().err
    args = parser.parse_args(["--only", "03", "--notebooks-dir", str(notebooks),
                              "--out", str(tmp_path / "b"), "--no-progress"])
    assert runner.run_command(args) == 0
    printed = capsys.readouterr().err
    assert f"report    -> {tmp_path / 'b' / 'report.html'}" in printed
    assert f"figures   -> {tmp_path / 'b' / 'figures'}/" in printed
    assert (tmp_path / "b" / "report.html").is_file()


def test_the_progress_bar_names_the_notebook_and_the_kernel_does_not_warn(notebooks, tmp_path,
                                                                          capfd):
    report = runner.run_notebooks(only=["01", "03"], notebooks_dir=notebooks,
                                  build_dir=tmp_path / "b", figures_dir=tmp_path / "f",
                                  progress=True)
    assert report.ok
    err = capfd.readouterr().err  # the kernel's own stderr too (file descriptor 2)
    assert "01_probe:" in err and "03_after:" in err and "Executing" not in err
    assert "without encryption" not in err and "TCP" not in err


@pytest.mark.parametrize(
    ("corpus", "out", "expected"),
    [
        (None, None, ("build", "figures", "build/report.html")),
        ("BUNDLED", None, ("build", "figures", "build/report.html")),
        ("mine", None, ("runs/mine", "runs/mine/figures", "runs/mine/report.html")),
        ("mine/list.csv", None, ("runs/mine", "runs/mine/figures", "runs/mine/report.html")),
        ("mine", "elsewhere", ("elsewhere", "elsewhere/figures", "elsewhere/report.html")),
        (None, "elsewhere", ("elsewhere", "elsewhere/figures", "elsewhere/report.html")),
    ],
)
def test_only_the_bundled_corpus_writes_the_committed_figures(tmp_path, corpus, out, expected):
    from cityreports.resources import bundled_corpus_path

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "list.csv").write_text("path\n", encoding="utf-8")
    given = {None: None, "BUNDLED": bundled_corpus_path()}.get(corpus, tmp_path / str(corpus))
    folders = runner.output_folders(given, out=out, root=tmp_path)
    got = tuple(p.relative_to(tmp_path).as_posix()
                for p in (folders.build_dir, folders.figures_dir, folders.report))
    assert got == expected
    assert folders.tables == folders.build_dir / "tables"


def test_help_lists_the_notebooks_and_every_parameter_with_its_default(notebooks, monkeypatch,
                                                                       capsys):
    parser = argparse.ArgumentParser(prog="cityreports run")
    runner.add_run_arguments(parser)
    monkeypatch.chdir(notebooks.parent)
    with pytest.raises(SystemExit):
        parser.parse_args(["--help"])
    text = capsys.readouterr().out
    for name in ("01_probe", "02_fails", "03_after", "--out DIR"):
        assert name in text
    for line in ('lang = "en"', "year_min = None", 'formats = ["pdf", "svg", "png"]',
                 "corpus = None", "[set with --corpus]", "[set with --out]"):
        assert line in text


def test_the_real_help_lists_the_project_notebooks(capsys, monkeypatch):
    parser = argparse.ArgumentParser(prog="cityreports run")
    runner.add_run_arguments(parser)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    with pytest.raises(SystemExit):
        parser.parse_args(["-h"])
    text = capsys.readouterr().out
    assert all(n in text for n in ("01_corpus", "02_themes", "03_rhetoric", "04_claims"))
    assert "split_year = None" in text and "collapse_duplicates = True" in text


def test_clean_notebook_strips_run_state():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "2026-01-01", "input_path": "/home/x/01.ipynb"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    injected = nbformat.v4.new_code_cell("build_dir = '/home/x/build'",
                                         metadata={"tags": ["injected-parameters"]})
    first = nbformat.v4.new_code_cell("print(1)", execution_count=7,
                                      metadata={"papermill": {"duration": 0.1},
                                                "execution": {"iopub.status.idle": "now"}})
    first.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                     nbformat.v4.new_output("stream", name="stderr", text="/home/x: warn\n")]
    second = nbformat.v4.new_code_cell("2", execution_count=9)
    second.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"},
                                             execution_count=9)]
    nb.cells = [injected, first, second]
    clean = runner.clean_notebook(nb)
    text = json.dumps(clean)
    assert "/home/x" not in text and "papermill" not in text and "iopub" not in text
    assert [c.execution_count for c in clean.cells] == [1, 2]
    assert clean.cells[1].outputs[0].execution_count == 2
    assert clean.metadata["language_info"] == {"name": "python"}
    assert nb.cells[0].source.startswith("build_dir")  # the input is not changed


@pytest.mark.parametrize(
    ("parameters", "name"),
    [({"split_year": "soon"}, "split_year"), ({"split_year": 1066}, "split_year"),
     ({"split_year": 2016.5}, "split_year"), ({"split_year": [2016]}, "split_year"),
     ({"colour": object()}, "colour"), ({"colour": {"a": {1: 2}}}, "colour")],
)
def test_every_parameter_value_is_checked(parameters, name):
    with pytest.raises(ParameterError) as info:
        runner.check_parameters(parameters)
    assert info.value.name == name and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [({"split_year": "2018"}, {"split_year": 2018}), ({"split_year": None}, {"split_year": None}),
     ({"year_min": 1978}, {"year_min": 1978}), ({"colour": ("a", 1)}, {"colour": ["a", 1]})],
)
def test_good_parameter_values_pass(given, expected):
    assert runner.check_parameters(given) == expected


def test_split_year_is_refused_before_any_kernel(tmp_path, no_kernel):
    folder = tmp_path / "nb"
    folder.mkdir()
    _notebook(folder / "01_split.ipynb", "x = 1")
    nb = nbformat.read(folder / "01_split.ipynb", as_version=4)
    nb.cells[0].source += "split_year = None\n"
    nbformat.write(nb, folder / "01_split.ipynb")
    with pytest.raises(ParameterError, match="split_year"):
        runner.run_notebooks(parameters={"split_year": "later"}, notebooks_dir=folder,
                             build_dir=tmp_path / "build", progress=False)


def test_a_cache_dir_that_is_a_file_is_refused(notebooks, tmp_path, no_kernel):
    (tmp_path / "cache").write_text("x")
    with pytest.raises(ParameterError, match="cache_dir"):
        runner.run_notebooks(notebooks_dir=notebooks, build_dir=tmp_path / "build",
                             cache_dir=tmp_path / "cache", progress=False)


RECORD_CELL = """\
from cityreports.report.saving import record_value, update_manifest
record_value("{name}.corpus", corpus, source="{name}", build_dir=build_dir)
update_manifest(pathlib.Path(figures_dir) / "MANIFEST.csv", [{{"file": "{name}.png",
                "source": "{name}", "corpus_sha256": str(corpus)}}])
(pathlib.Path(figures_dir) / "{name}.png").write_text(str(corpus))
"""


@pytest.fixture
def recording(tmp_path) -> Path:
    folder = tmp_path / "recording"
    folder.mkdir()
    for name in ("01_first", "02_second"):
        _notebook(folder / f"{name}.ipynb", "import pathlib", RECORD_CELL.format(name=name))
    return folder


def _run(recording, tmp_path, corpus, **kwargs):
    return runner.run_notebooks(corpus=corpus, notebooks_dir=recording,
                                build_dir=tmp_path / "build", figures_dir=tmp_path / "figs",
                                progress=False, **kwargs)


def _published(tmp_path) -> dict[str, bytes]:
    return {p.relative_to(tmp_path).as_posix(): p.read_bytes()
            for folder in ("build", "figs") for p in sorted((tmp_path / folder).rglob("*"))
            if p.is_file() and not {"notebooks", "cache"} & set(p.parts)}


def test_an_interrupted_run_publishes_nothing(recording, tmp_path, monkeypatch):
    import papermill

    first, second = tmp_path / "corpus_a", tmp_path / "corpus_b"
    first.mkdir()
    second.mkdir()
    assert _run(recording, tmp_path, first).ok
    before = _published(tmp_path)
    assert json.loads(before["build/tables/values.json"])["02_second.corpus"]["value"] == str(
        first.resolve())
    real, calls = papermill.execute_notebook, []

    def interrupted(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second notebook runs
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(recording, tmp_path, second)
    assert _published(tmp_path) == before  # no mix of the two corpora
    assert not [p for p in (tmp_path / "build").iterdir() if p.name.startswith(".")]
    monkeypatch.setattr(papermill, "execute_notebook", real)
    assert _run(recording, tmp_path, second).ok
    values = json.loads((tmp_path / "build/tables/values.json").read_text())
    assert {v["value"] for v in values.values()} == {str(second.resolve())}


def test_a_run_of_one_notebook_keeps_the_entries_of_the_others(recording, tmp_path):
    first, second = tmp_path / "corpus_a", tmp_path / "corpus_b"
    first.mkdir()
    second.mkdir()
    assert _run(recording, tmp_path, first).ok
    assert _run(recording, tmp_path, second, only="02").ok
    values = json.loads((tmp_path / "build/tables/values.json").read_text())
    assert values["01_first.corpus"]["value"] == str(first.resolve())
    assert values["02_second.corpus"]["value"] == str(second.resolve())
    rows = {r["file"]: r["corpus_sha256"] for r in
            runner.read_manifest(tmp_path / "figs" / "MANIFEST.csv")}
    assert rows == {"01_first.png": str(first.resolve()), "02_second.png": str(second.resolve())}


def test_a_staging_folder_left_by_a_killed_run_is_removed(recording, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a pid that has ended
    left = tmp_path / "build" / f".run-{child.pid}-abc"
    (left / "build" / "tables").mkdir(parents=True)
    (left / "build" / "tables" / "values.json").write_text("{}")
    assert _run(recording, tmp_path, corpus).ok
    assert not left.exists()
    built = sorted(p.name for p in (tmp_path / "build").iterdir())
    assert built == ["cache", "notebooks", "tables"]


# --- warm runs: a notebook whose inputs, code and outputs did not change is not run again ----


def _edit_notebook(recording: Path, name: str) -> None:
    path = recording / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A note added in JupyterLab."))
    nb.cells[-1].id = "added"
    nbformat.write(nb, path)


WARM_CASES = {
    # what changed since the last run -> which notebooks keep their outputs
    "nothing": (lambda rec, tmp, corpus: None, [True, True]),
    "a corpus file": (lambda rec, tmp, corpus: (corpus / "a.txt").write_text("宁波"),
                      [False, False]),
    "a new corpus file": (lambda rec, tmp, corpus: (corpus / "b.txt").write_text("温州"),
                          [False, False]),
    "the second notebook": (lambda rec, tmp, corpus: _edit_notebook(rec, "02_second"),
                            [True, False]),
    "a published figure deleted": (
        lambda rec, tmp, corpus: (tmp / "figs" / "01_first.png").unlink(), [False, True]),
    "a published figure edited": (
        lambda rec, tmp, corpus: (tmp / "figs" / "02_second.png").write_text("x"),
        [True, False]),
    "a corrupt record": (
        lambda rec, tmp, corpus: (tmp / "build/cache/runs/01_first.json").write_text("{"),
        [False, True]),
    "a foreign record": (
        lambda rec, tmp, corpus: (tmp / "build/cache/runs/02_second.json").write_text(
            json.dumps({"version": 1, "key": "0" * 64, "outputs": {}})), [True, False]),
}


@pytest.mark.parametrize("change", list(WARM_CASES))
def test_a_warm_run_runs_only_what_changed_and_publishes_the_same_files(recording, tmp_path,
                                                                        change):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("杭州")
    first = _run(recording, tmp_path, corpus)
    assert first.ok and not any(r.reused for r in first.results)
    assert [r.reused for r in _run(recording, tmp_path, corpus).results] == [True, True]
    edit, expected = WARM_CASES[change]
    edit(recording, tmp_path, corpus)
    again = _run(recording, tmp_path, corpus)
    assert again.ok
    assert [r.reused for r in again.results] == expected
    assert [("unchanged" in r.describe()) for r in again.results] == expected
    assert (tmp_path / "figs" / "01_first.png").read_text() == str(corpus.resolve())
    assert (tmp_path / "figs" / "02_second.png").read_text() == str(corpus.resolve())
    values = json.loads((tmp_path / "build/tables/values.json").read_text())
    assert sorted(values) == ["01_first.corpus", "02_second.corpus"]
    rows = runner.read_manifest(tmp_path / "figs" / "MANIFEST.csv")
    assert sorted(r["file"] for r in rows) == ["01_first.png", "02_second.png"]


def test_force_runs_every_notebook(recording, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert _run(recording, tmp_path, corpus).ok
    before = _published(tmp_path)
    forced = _run(recording, tmp_path, corpus, force=True)
    assert [r.reused for r in forced.results] == [False, False]
    assert _published(tmp_path) == before


def test_a_failed_notebook_runs_again_next_time(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    flag = tmp_path / "fail-once"
    flag.write_text("")
    _notebook(folder / "01_flaky.ipynb", "import pathlib",
              f"p = pathlib.Path({str(flag)!r})\nif p.exists():\n    p.unlink()\n"
              "    raise RuntimeError('first time')")
    kwargs = dict(notebooks_dir=folder, build_dir=tmp_path / "build",
                  figures_dir=tmp_path / "figs", progress=False)
    assert not runner.run_notebooks(**kwargs).ok
    second = runner.run_notebooks(**kwargs)
    assert second.ok and not second.results[0].reused
    assert runner.run_notebooks(**kwargs).results[0].reused


def _key(nb: Path, **params):
    from cityreports.report.run_cache import run_key

    return run_key(nb, params, corpus="c", package="p", published={"build": "/b"})


@pytest.mark.parametrize("edit, changes", [
    (lambda nb, book: None, False),
    (lambda nb, book: book.write_text("themes: {b: [y]}\n"), True),   # the user's codebook
    (lambda nb, book: nb.write_text(nb.read_text() + " "), True),      # the notebook
    (lambda nb, book: book.touch(), False),                            # a new mtime only
])
def test_the_run_key_follows_the_content_of_the_notebook_and_of_named_files(tmp_path, edit,
                                                                           changes):
    nb = _notebook(tmp_path / "01_x.ipynb", "x = 1")
    book = tmp_path / "my_codebook.yml"
    book.write_text("themes: {a: [x]}\n")
    before = _key(nb, codebook=str(book), lang="en", build_dir="/stage/1")
    edit(nb, book)
    after = _key(nb, codebook=str(book), lang="en", build_dir="/stage/2")  # staging differs
    assert (before != after) is changes


class _Exploit:
    """Unpickling this creates a file: proof that a pickle ran."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


@pytest.mark.parametrize("plant", ["pickle", "truncated"])
def test_a_planted_cache_runs_nothing_and_cityreports_run_succeeds(tmp_path, plant):
    """``cityreports run --cache-dir DIR`` end to end: every cache file replaced by a pickle
    (also under the old pickle cache names) or cut in half; the notebook still runs and
    nothing in the cache is executed."""
    import pickle

    cache, marker = tmp_path / "cache", tmp_path / "planted-by-a-pickle"
    kwargs = dict(only="01", build_dir=tmp_path / "build", figures_dir=tmp_path / "figs",
                  cache_dir=cache, progress=False, parameters={"formats": ["png"]})
    assert runner.run_notebooks(**kwargs).ok
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files  # the corpus cache and the run record
    for path in files:
        data = path.read_bytes()
        path.write_bytes(pickle.dumps(_Exploit(str(marker))) if plant == "pickle"
                         else data[: len(data) // 2])
        if plant == "pickle":
            path.with_name(path.name.split(".")[0] + ".pickle").write_bytes(
                pickle.dumps(_Exploit(str(marker))))
    report = runner.run_notebooks(**kwargs)
    assert report.ok, [r.describe() for r in report.results]
    assert not report.results[0].reused  # the run record was not trusted either
    assert not marker.exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [({"max_bytes": 1000}, {"max_bytes": 1000}), ({"allow_outside": "true"},
                                                   {"allow_outside": True}),
     ({"claims_scale": "share"}, {"claims_scale": "share"})],
)
def test_the_read_options_are_checked_parameters(given, expected):
    assert runner.check_parameters(given) == expected


@pytest.mark.parametrize(
    ("parameters", "name"), [({"max_bytes": 0}, "max_bytes"), ({"max_bytes": True}, "max_bytes"),
                             ({"allow_outside": "perhaps"}, "allow_outside"),
                             ({"claims_scale": "per_year"}, "claims_scale")],
)
def test_bad_read_options_are_refused(parameters, name):
    with pytest.raises(ParameterError) as info:
        runner.check_parameters(parameters)
    assert info.value.name == name


@pytest.mark.parametrize(
    ("argv", "parameters", "expected"),
    [(["run"], {}, {}),
     (["run", "--max-bytes", "500", "--allow-outside"], {},
      {"max_bytes": 500, "allow_outside": True}),
     (["run", "--allow-outside"], {"allow_outside": True}, {"allow_outside": True})],
)  # fmt: skip
def test_the_read_options_of_run_are_the_notebooks_parameters(argv, parameters, expected):
    from cityreports.cli import build_parser

    args = build_parser().parse_args(argv)
    assert run_parameters.with_read_options(parameters, args) == expected


def test_a_read_option_given_two_ways_must_agree():
    from cityreports.cli import build_parser

    args = build_parser().parse_args(["run", "--max-bytes", "500"])
    with pytest.raises(ParameterError, match="both"):
        run_parameters.with_read_options({"max_bytes": 600}, args)


def test_every_project_notebook_takes_the_read_options():
    for path in runner.discover_notebooks(runner.default_notebooks_dir()):
        declared = runner.notebook_parameters(path)
        assert {"max_bytes", "allow_outside"} <= set(declared), path.name


def test_with_allow_outside_an_edit_outside_the_corpus_folder_changes_the_corpus_digest(
        tmp_path):
    from cityreports.report.run_cache import corpus_digest

    outside = tmp_path / "elsewhere" / "a.txt"
    outside.parent.mkdir()
    outside.write_text("智慧城市建设。", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    manifest = folder / "corpus.csv"
    manifest.write_text(f"doc_id,file\na,{outside}\n", encoding="utf-8")
    before = corpus_digest(manifest, allow_outside=True)
    unchanged = corpus_digest(manifest)
    outside.write_text("数字孪生城市。", encoding="utf-8")
    assert corpus_digest(manifest, allow_outside=True) != before
    assert corpus_digest(manifest) == unchanged  # without it the outside file is not read
