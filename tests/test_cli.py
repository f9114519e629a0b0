"""The command line: ``cityreports extract`` writes the tables; bad input gets clear errors."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityreports import cli as cli_module
from cityreports.cli import main
from cityreports.pipeline.parallel import cpu_count

from .conftest import DATA
from .pipeline.hostile import BOOM, GOOD, SLOW, sabotage, write_corpus


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("extract")
    assert main(["extract", str(DATA), "--out", str(out), "--no-progress"]) == 0
    return out


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("documents", ["doc_id", "path", "format", "encoding", "sha256", "script", "title",
                       "date", "year", "year_source", "year_evidence", "n_chars",
                       "duplicate_group"]),
        ("blocks", ["doc_id", "block_id", "role", "start", "end", "text"]),
        ("sentences", ["doc_id", "sentence_id", "block_id", "role", "start", "end", "text",
                       "tokens"]),
        ("anomalies", ["doc_id", "kind", "start", "end", "text", "detail"]),
        ("claims", ["doc_id", "start", "end", "surface", "value", "low", "high", "unit",
                    "qualifier", "kind", "subject", "time_scope", "speaker", "sentence"]),
    ],
)
def test_extract_writes_tidy_tables(extracted, table, columns):
    frame = pd.read_csv(extracted / f"{table}.csv", dtype=str, keep_default_na=False)
    present = [c for c in frame.columns if c in columns]
    assert present == columns  # every listed column, in this order (others may stand between)
    assert len(frame) > 0


def test_extract_offsets_point_into_raw_text(extracted):
    docs = pd.read_csv(extracted / "documents.csv", keep_default_na=False).set_index("doc_id")
    raw = {d: (DATA / "raw" / f"{d}.txt").read_text("utf-8") for d in docs.index}
    blocks = pd.read_csv(extracted / "blocks.csv", keep_default_na=False)
    for row in blocks.itertuples():
        surface = raw[row.doc_id][row.start : row.end]
        assert surface.strip() and surface == surface.strip()
        assert row.text[0] == surface[0] or docs.loc[row.doc_id, "script"] != "simplified"
    claims = pd.read_csv(extracted / "claims.csv", keep_default_na=False)
    for row in claims.itertuples():
        assert raw[row.doc_id][row.start : row.end] == row.surface


def test_extract_report_lists_counts(extracted):
    report = json.loads((extracted / "report.json").read_text("utf-8"))
    assert report["n_documents"] == 5
    assert report["n_skipped"] == 0
    assert report["duplicate_groups"] == {}  # 000 and 001 report one event: not copies


def test_extract_is_byte_identical_across_runs(extracted, tmp_path):
    assert main(["extract", str(DATA), "--out", str(tmp_path), "--no-progress"]) == 0
    for path in sorted(extracted.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_extract_skips_bad_files_and_goes_on(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("智慧城市建设取得成效。\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "--out", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "empty.txt" in err and "binary.txt" in err
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["n_documents"] == 1
    assert sorted(s["path"].rsplit("/", 1)[-1] for s in report["skipped"]) == [
        "binary.txt", "empty.txt"]


def test_extract_strict_fails_with_one_line_error(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    code = main(["extract", str(corpus), "--out", str(tmp_path / "out"), "--strict",
                 "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "empty.txt" in err and "empty" in err


def test_extract_missing_corpus_is_a_clear_error(tmp_path, capsys):
    code = main(["extract", str(tmp_path / "nope"), "--out", str(tmp_path / "o"),
                 "--no-progress"])
    assert code == 2
    assert "nope" in capsys.readouterr().err


# --- hostile input: isolation, atomic output, options checked before any parsing -------------

TABLES = {"documents.csv", "blocks.csv", "sentences.csv", "anomalies.csv", "repairs.csv",
          "claims.csv", "claim_diagnostics.csv", "enumerations.csv", "checks.csv",
          "report.json"}


def _extract(corpus, out, *extra):
    return main(["extract", str(corpus), "--out", str(out), "--no-progress", *extra])


def _good_tables(out) -> dict[str, pd.DataFrame]:
    """Every table of ``out`` without rows of the hostile files (doc_id m_*/n_*/z_*)."""
    frames = {}
    for path in sorted(out.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "doc_id" in frame:
            frame = frame[~frame["doc_id"].str.match(r"[mnz]_")].reset_index(drop=True)
        frames[path.name] = frame
    return frames


def _assert_same_tables(a, b):
    ta, tb = _good_tables(a), _good_tables(b)
    assert ta.keys() == tb.keys()
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=name)


@pytest.fixture
def sabotaged(monkeypatch):
    return sabotage(monkeypatch)


@pytest.fixture
def alone(tmp_path):
    out = tmp_path / "alone"
    assert _extract(write_corpus(tmp_path / "good"), out) == 0
    return out


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_failing_and_a_hanging_document_are_skipped_on_one_line_each(
        tmp_path, capsys, sabotaged, alone, workers):
    corpus = write_corpus(tmp_path / "c", **{"m_boom.txt": f"{BOOM}。智慧城市。\n",
                                             "n_slow.txt": f"{SLOW}。智慧城市。\n"})
    capsys.readouterr()
    out = tmp_path / "out"
    assert _extract(corpus, out, "--workers", workers, "--time-limit", "1") == 0
    lines = [ln for ln in capsys.readouterr().err.splitlines() if "skipped /" in ln]
    assert sorted(ln.split(str(corpus))[-1] for ln in lines) == [
        "/m_boom.txt: claims failed: RuntimeError: sabotaged second line",
        "/n_slow.txt: time limit (1 s) exceeded during claims",
    ]
    _assert_same_tables(out, alone)
    assert {p.name for p in out.iterdir()} == TABLES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone", "c", "good", "out"]
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["n_skipped"] == 2 and report["n_documents"] == len(GOOD)


def test_a_long_run_of_chinese_numerals_costs_only_its_file(tmp_path, alone):
    corpus = write_corpus(tmp_path / "c", **{"z_nine.txt": "九" * 5000 + "元"})
    assert _extract(corpus, tmp_path / "out", "--time-limit", "30") == 0
    _assert_same_tables(tmp_path / "out", alone)


def _refuse_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsing started")

    monkeypatch.setattr(cli_module, "extract_sharded", refuse)


@pytest.mark.parametrize(
    ("out", "problem"),
    [("afile", "exists and is not a folder"), ("afile/sub", "is not a folder"),
     ("/proc/cityreports-out", "cannot write in /proc"),
     ("notes", "holds files this run did not write"), ("", "is empty")],
)
def test_a_bad_out_is_a_one_line_error_before_any_parsing(tmp_path, capsys, monkeypatch, out,
                                                          problem):
    (tmp_path / "afile").write_text("keep me")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "draft.txt").write_text("keep me too")
    corpus = write_corpus(tmp_path / "c")
    _refuse_parsing(monkeypatch)
    target = out if out.startswith("/") or not out else str(tmp_path / out)
    assert _extract(corpus, target) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err and "'out'" in err
    assert (tmp_path / "afile").read_text() == "keep me"
    assert (tmp_path / "notes" / "draft.txt").read_text() == "keep me too"


@pytest.mark.parametrize(
    ("args", "problem"),
    [(["", "--out", "o"], "'corpus': is empty"), (["c", "--out", "c"], "holds the corpus"),
     (["c", "--out", "o", "--workers", "0"], "'workers'"),
     (["c", "--out", "o", "--time-limit", "-1"], "'time_limit'"),
     (["missing", "--out", "o"], "no such file or folder")],
)
def test_bad_options_are_one_line_errors_before_any_parsing(tmp_path, capsys, monkeypatch,
                                                            args, problem):
    write_corpus(tmp_path / "c")
    monkeypatch.chdir(tmp_path)
    _refuse_parsing(monkeypatch)
    assert main(["extract", *args, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


def test_workers_above_the_cpu_count_are_capped_with_a_note(tmp_path, capsys, monkeypatch):
    seen = {}
    real = cli_module.extract_sharded

    def spy(*args, **kwargs):
        seen["workers"] = kwargs["workers"]
        return real(*args, **kwargs)

    monkeypatch.setattr(cli_module, "extract_sharded", spy)
    assert _extract(write_corpus(tmp_path / "c"), tmp_path / "o", "--workers", "999") == 0
    assert seen["workers"] == cpu_count()
    assert f"--workers 999 capped at {cpu_count()}" in capsys.readouterr().err


def test_a_second_run_replaces_the_tables_as_a_set(tmp_path):
    corpus, out = write_corpus(tmp_path / "c"), tmp_path / "out"
    assert _extract(corpus, out) == 0
    (corpus / "c_more.txt").write_text("深圳市智慧城市建设取得新进展。\n", encoding="utf-8")
    assert _extract(corpus, out, "--no-claims") == 0
    assert {p.name for p in out.iterdir()} == TABLES - {"claims.csv", "claim_diagnostics.csv",
                                                       "enumerations.csv", "checks.csv"}
    assert json.loads((out / "report.json").read_text("utf-8"))["n_documents"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out"]


def _extract_until_killed(corpus, out, started) -> None:
    """``extract`` in a forked child, which stops for good half way through writing."""
    real = cli_module.extract_sharded

    def write_half(source, folder, **options):
        real(source, folder, **options)
        with open(Path(folder) / "blocks.csv", "ab") as fh:
            fh.write(b"cut mid-row,")
        started.set()
        time.sleep(600)

    cli_module.extract_sharded = write_half
    main(["extract", str(corpus), "--out", str(out), "--no-progress"])


def test_killing_extract_while_it_writes_leaves_the_old_tables_intact(tmp_path):
    corpus, out = write_corpus(tmp_path / "c"), tmp_path / "out"
    assert _extract(corpus, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (corpus / "c_more.txt").write_text("深圳市智慧城市建设取得新进展。\n", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    started = context.Event()
    child = context.Process(target=_extract_until_killed, args=(corpus, out, started))
    child.start()
    assert started.wait(120)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    partial = [p.name for p in tmp_path.iterdir() if p.name not in {"c", "out"}]
    assert len(partial) == 1 and partial[0].startswith(".out.partial-")  # hidden, not "out"
    assert _extract(corpus, out) == 0  # the next run goes through and clears the leftover
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out"]
    assert json.loads((out / "report.json").read_text("utf-8"))["n_documents"] == 3


HOSTILE_TEXT = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda c, n: (c * n).encode("utf-8"),
              st.sampled_from(["九", "a", "7", "一二三", "，", "“", "\r", "\n\n", "=+"]),
              st.integers(1, 3000)),
)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=HOSTILE_TEXT, suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".csv"]))
def test_extract_never_fails_and_keeps_every_good_file(tmp_path_factory, data, suffix):
    base = tmp_path_factory.mktemp("hostile")
    corpus = write_corpus(base / "c")
    (corpus / f"z_hostile{suffix}").write_bytes(data)
    assert _extract(corpus, base / "out", "--no-tokens", "--time-limit", "20") == 0
    documents = pd.read_csv(base / "out" / "documents.csv", dtype=str, keep_default_na=False)
    assert {Path(p).stem for p in GOOD} <= set(documents["doc_id"])


@pytest.mark.parametrize("escape", ["\\ud800", "\\udc00", "\\udfff\\ud800"])
def test_a_lone_surrogate_escaped_in_json_is_a_lost_character(tmp_path, alone, escape):
    corpus = write_corpus(tmp_path / "c")
    (corpus / "z_escape.json").write_text(
        '{"title": "智慧城市' + escape + '建设", '
        '"content": "杭州市推进' + escape + '智慧城市建设。"}',
        encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(corpus, out) == 0
    blocks = pd.read_csv(out / "blocks.csv", dtype=str, keep_default_na=False)
    body = "".join(blocks.loc[blocks["doc_id"] == "z_escape", "text"])
    n = escape.count("\\")
    assert "杭州市推进" + "\ufffd" * n + "智慧城市建设" in body
    anomalies = pd.read_csv(out / "anomalies.csv", dtype=str, keep_default_na=False)
    assert "lost_character" in set(anomalies.loc[anomalies["doc_id"] == "z_escape", "kind"])
    _assert_same_tables(out, alone)


def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path, alone):
    corpus = write_corpus(tmp_path / "c")
    with open(os.path.join(os.fsencode(corpus), b"z_gb\xd6\xc7.txt"), "wb") as fh:
        fh.write("杭州市推进城市数字化转型。\n".encode())
    out = tmp_path / "out"
    assert _extract(corpus, out) == 0
    documents = (out / "documents.csv").read_bytes().decode("utf-8")  # still valid UTF-8
    assert "z_gb\\udcd6\\udcc7.txt" in documents
    _assert_same_tables(out, alone)


def test_version_option_prints_the_package_version(capsys):
    from cityreports._version import package_version

    package_version.cache_clear()
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"cityreports {package_version()}"
    import cityreports

    assert cityreports.__version__ == package_version() != ""
