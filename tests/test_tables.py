"""Tables of a parsed corpus: the per-document tables rendered while parsing equal the
DataFrame tables written by ``write_csv``."""

from __future__ import annotations

import pytest

from cityreports.pipeline import parse_corpus
from cityreports.records import Anomaly, Block, RawDocument
from cityreports.report.tables import (
    PER_DOCUMENT_TABLES,
    DocumentTables,
    anomalies_table,
    blocks_table,
    repairs_table,
    sentences_table,
    write_csv,
)

from .conftest import DATA

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
