"""Tables of a parsed corpus: the per-document tables rendered while parsing equal the
DataFrame tables written by ``write_csv``; every cell reads back as written (bare CRs
quoted, text that would start a spreadsheet formula behind a quote)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.csvfiles import LINE_BREAKS, csv_bytes, safe_cell, write_csv
from cityreports.pipeline import parse_corpus
from cityreports.records import Anomaly, Block, RawDocument
from cityreports.report.notebook import NotebookOutputs
from cityreports.report.tables import (
    PER_DOCUMENT_TABLES,
    DocumentTables,
    anomalies_table,
    blocks_table,
    is_table_folder,
    repairs_table,
    sentences_table,
)

from ..conftest import DATA

BUILDERS = {
    "blocks": blocks_table,
    "sentences": sentences_table,
    "anomalies": anomalies_table,
    "repairs": repairs_table,
}


@pytest.mark.parametrize("segment", [False, True])
@pytest.mark.parametrize("workers", [1, 2])
def test_document_tables_match_dataframe_tables(tmp_path, segment, workers):
    streamed = DocumentTables()
    corpus = parse_corpus(DATA, segment=segment, workers=workers, on_parsed=streamed.add)
    streamed.write(tmp_path / "streamed")
    for name in PER_DOCUMENT_TABLES:
        table = BUILDERS[name](corpus)
        expected = write_csv(table, tmp_path / "frames" / f"{name}.csv").read_bytes()
        assert (tmp_path / "streamed" / f"{name}.csv").read_bytes() == expected, name
        assert streamed.rows[name] == len(table)
    assert ("tokens" in streamed.columns("sentences")) == segment


def _doc(text: str):
    from cityreports.pipeline import parse_document

    raw = RawDocument(doc_id="d", path="d.txt", format="txt", encoding="utf-8", sha256="",
                      raw_text=text)
    return parse_document(raw)


def test_document_tables_quote_like_pandas(tmp_path):
    from dataclasses import replace

    doc = _doc("标题\n\n正文，\"引号\"。\n")
    tricky = ('a,b', 'say "hi"', "two\nlines", "cr\rhere", "", " lead", "trail ")
    blocks = tuple(Block(i, "body", 0, 1, 0, 1, t) for i, t in enumerate(tricky))
    anomalies = tuple(Anomaly("foreign_token", 0, 1, t, t) for t in tricky)
    doc = replace(doc, blocks=blocks, norm=replace(doc.norm, anomalies=anomalies))
    streamed = DocumentTables()
    streamed.add([doc])
    streamed.write(tmp_path / "s")
    corpus = type("C", (), {"__iter__": lambda self: iter([doc])})()
    for name, build in [("blocks", blocks_table), ("anomalies", anomalies_table)]:
        expected = write_csv(build(corpus), tmp_path / "f" / f"{name}.csv").read_bytes()
        assert (tmp_path / "s" / f"{name}.csv").read_bytes() == expected


def test_empty_document_tables_have_headers(tmp_path):
    DocumentTables().write(tmp_path)
    assert (tmp_path / "sentences.csv").read_text("utf-8") == (
        "doc_id,sentence_id,block_id,role,start,end,text\n"
    )


CELLS = st.one_of(
    st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(),
    st.text(alphabet=st.sampled_from(list('ab,"\n\r\t\f\x0b\x85\u2028 =+-@\' 智')), max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=5))
def test_every_cell_reads_back_as_written(rows):
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    data = csv_bytes(rows).decode("utf-8")
    back = list(csv.reader(io.StringIO(data, newline="")))
    assert len(back) == len(rows)
    for row, read in zip(rows, back, strict=True):
        expected = ["" if v is None else str(safe_cell(v)) for v in row]
        assert read == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=5))
def test_rows_without_cr_are_written_as_the_csv_module_writes_them(rows):
    only_lf = str.maketrans("", "", LINE_BREAKS.replace("\n", ""))
    rows = [[v.translate(only_lf) if isinstance(v, str) else v for v in r] for r in rows]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows([[safe_cell(v) for v in r] for r in rows])
    assert csv_bytes(rows) == buffer.getvalue().encode("utf-8")


def _read_back(path) -> dict[str, list[list[str]]]:
    """The rows of a CSV file as four readers see them (header included)."""
    data = path.read_bytes().decode("utf-8")
    readers = {
        "pandas c": lambda: pd.read_csv(path, dtype=str, keep_default_na=False),
        "pandas python": lambda: pd.read_csv(path, dtype=str, keep_default_na=False,
                                             engine="python"),
    }
    back = {name: [list(f.columns), *f.to_numpy().tolist()] for name, f in
            ((name, read()) for name, read in readers.items())}
    back["csv"] = list(csv.reader(io.StringIO(data, newline="")))
    back["csv over splitlines"] = list(csv.reader(data.splitlines(keepends=True)))
    return back


@pytest.mark.parametrize("brk", list(LINE_BREAKS), ids=[f"U+{ord(c):04X}" for c in LINE_BREAKS])
def test_every_line_break_is_quoted_and_reads_back(tmp_path, brk):
    cells = [f"a{brk}b", brk, f"{brk}{brk}", f"end{brk}"]
    table = pd.DataFrame({"raw": cells, "n": range(len(cells))})
    path = write_csv(table, tmp_path / "t.csv")
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert all(line.count('"') % 2 == 0 for line in lines if brk != "\n")
    expected = [["raw", "n"], *([str(safe_cell(c)), str(i)] for i, c in enumerate(cells))]
    for reader, rows in _read_back(path).items():
        assert rows == expected, reader


def test_a_bare_form_feed_in_repairs_is_quoted(tmp_path):
    text = ("标题\n\n我们要加快建设智慧城市，推进城市大脑二期工程，完善数据共享\f"
            "机制，建设数字政府。\n")
    doc = _doc(text)
    streamed = DocumentTables()
    streamed.add([doc])
    streamed.write(tmp_path)
    assert b',"\x0c",' in (tmp_path / "repairs.csv").read_bytes()
    for reader, rows in _read_back(tmp_path / "repairs.csv").items():
        header, *body = rows
        assert len(body) == streamed.rows["repairs"] >= 1, reader
        for row in body:
            cell = dict(zip(header, row, strict=True))
            assert cell["raw"] == text[int(cell["start"]):int(cell["end"])], reader


def test_notebook_tables_use_the_one_csv_encoder(tmp_path):
    table = pd.DataFrame({"term": ["=cmd()", "-3", "a\fb", "智慧"], "z": [1.5, None, -2.0, 3.0],
                          "n": [1, 2, 3, 4]})
    out = NotebookOutputs(source="t", corpus_sha256="0" * 64, parameters={},
                          build_dir=tmp_path / "build", figures_dir=tmp_path / "figures")
    written = out.table(table, "t")
    assert written.read_bytes() == write_csv(table, tmp_path / "expected.csv").read_bytes()
    back = pd.read_csv(written, dtype={"term": str}, keep_default_na=False, na_values={"z": ""})
    assert back["term"].tolist() == ["'=cmd()", "'-3", "a\fb", "智慧"]
    assert back["z"].isna().tolist() == [False, True, False, False]


@pytest.mark.parametrize(
    ("value", "written"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+86", "'+86"), ("-3.5", "'-3.5"), ("@cmd", "'@cmd"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("'quoted", "''quoted"), ("a=b", "a=b"),
     ("智慧城市", "智慧城市"), ("", ""), (-3.5, -3.5), (-7, -7), (None, None)],
)
def test_text_that_would_start_a_formula_gets_a_quote(value, written):
    assert safe_cell(value) == written
    if isinstance(written, str) and written.startswith("'"):
        assert written[1:] == value  # one leading quote dropped gives the text back


def test_bare_cr_and_formulas_survive_a_pandas_round_trip(tmp_path):
    table = pd.DataFrame({"raw": ["a\rb", "\r\n", "=1+1", "plain"], "value": [-3.5, 2.0, None, 1]})
    path = write_csv(table, tmp_path / "t.csv")
    back = pd.read_csv(path, dtype={"raw": str}, keep_default_na=False, na_values={"value": ""})
    assert back["raw"].tolist() == ["a\rb", "'\r\n", "'=1+1", "plain"]
    assert back["value"].tolist()[:2] == [-3.5, 2.0] and back["value"].tolist()[3] == 1.0
    assert b",-3.5\n" in path.read_bytes()  # numbers are never quoted
    assert path.read_bytes().count(b"\n") == 6  # header, 4 rows, the LF inside "\r\n"


def test_a_bare_cr_file_gives_a_repairs_table_pandas_reads(tmp_path):
    doc = _doc("第一行\r第二行\r\r第三段有一个很长的句子。\r")
    streamed = DocumentTables()
    streamed.add([doc])
    streamed.write(tmp_path)
    for name in PER_DOCUMENT_TABLES:
        frame = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        assert len(frame) == streamed.rows[name], name
    repairs = pd.read_csv(tmp_path / "repairs.csv", dtype=str, keep_default_na=False)
    assert all(r.lstrip("'") == doc.raw.raw_text[int(a):int(b)]
               for r, a, b in zip(repairs["raw"], repairs["start"], repairs["end"], strict=True))


@pytest.mark.parametrize(
    ("files", "replaceable"),
    [({}, True), ({"report.json": "{}", "claims.csv": ""}, True),
     ({"claims.csv": ""}, False), ({"report.json": "{}", "notes.txt": ""}, False),
     ({"report.json": "{}", "sub/x.csv": ""}, False),
     ({"report.json": "{}", "dfm/features.csv": "", "dfm/dfm.mtx": ""}, True)],
)
def test_only_an_empty_folder_or_a_table_set_may_be_replaced(tmp_path, files, replaceable):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert is_table_folder(tmp_path) == replaceable
