"""The command line: ``cityreports extract`` writes the tables; bad input gets clear errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cityreports.cli import main

from .conftest import DATA


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
    assert list(frame.columns[: len(columns)]) == columns
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
