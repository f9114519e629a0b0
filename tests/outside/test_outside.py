"""Red team: outside documents in other styles and formats (tests/outside/documents.py), read as
a folder a researcher brings: every file is read, and each document's kind, year, region and
title come out right, with every block and claim span holding its text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from cityreports.pipeline.corpus import parse_corpus
from cityreports.quant.claims import claims_table
from cityreports.text.normalize import normalize

from ..ingest.helpers import make_pdf, write
from .documents import OUTSIDE


def _docx(paragraphs: list[str]) -> bytes:
    """A DOCX whose first paragraph is its title (style Title), the rest ordinary paragraphs."""
    document = docx.Document()
    document.add_paragraph(paragraphs[0], style="Title")
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_outside(folder: Path) -> Path:
    """Every outside document in its format: .dat GB18030 with CRLF, .pdf and .docx made here."""
    for name, (content, _) in OUTSIDE.items():
        suffix = Path(name).suffix
        if suffix == ".pdf":
            data = make_pdf(content)
        elif suffix == ".docx":
            data = _docx(content)
        elif suffix == ".dat":
            data = content.replace("\n", "\r\n").encode("gb18030")
        else:
            data = content.encode("utf-8")
        write(folder / name, data)
    return folder


def _expected() -> dict[str, dict]:
    """doc_id -> expected fields (a record file's records by doc_id suffix)."""
    out = {}
    for name, (_, expected) in OUTSIDE.items():
        doc_id = Path(name).stem
        if all(key.startswith("#") for key in expected):
            out.update({f"{doc_id}{key}": fields for key, fields in expected.items()})
        else:
            out[doc_id] = expected
    return out


EXPECTED = _expected()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return parse_corpus(write_outside(tmp_path_factory.mktemp("outside")))


def _key(title: str) -> str:
    return re.sub(r"\s+", "", normalize(title).text)


def test_every_outside_file_is_read(corpus):
    assert corpus.skipped == ()
    assert sorted(corpus.doc_ids) == sorted(EXPECTED)
    assert len(OUTSIDE) >= 12


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_kind_year_region(corpus, doc_id):
    meta = corpus.get(doc_id).meta
    expected = EXPECTED[doc_id]
    got = {"kind": meta.kind, "year": meta.year, "region": meta.region}
    assert got == {k: expected[k] for k in got}, (meta.kind_evidence, meta.year_evidence)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_title(corpus, doc_id):
    meta = corpus.get(doc_id).meta
    expected = EXPECTED[doc_id]
    if "title" in expected:
        assert _key(meta.title) == _key(expected["title"]), meta.title_evidence
    for part in expected.get("title_has", ()):
        assert part in meta.title, (meta.title, meta.title_evidence)
    assert meta.title_source != "none"


def _han(text: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fff]", text))


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_block_and_sentence_spans_hold_their_text(corpus, doc_id):
    doc = corpus.get(doc_id)
    raw = doc.raw.raw_text
    assert doc.blocks
    for unit in (*doc.blocks, *doc.sentences):
        surface = raw[unit.start : unit.end]
        assert (unit.start, unit.end) == doc.norm.raw_span(unit.norm_start, unit.norm_end)
        assert unit.text == doc.norm.text[unit.norm_start : unit.norm_end]
        # the normaliser maps one raw character to one output character (t2s included)
        assert len(_han(surface)) == len(_han(unit.text))
        if doc.norm.script == "simplified":
            assert _han(surface) == _han(unit.text)


def test_claim_surfaces_equal_the_text_at_their_offsets(corpus):
    claims = claims_table(corpus)
    assert len(set(claims.doc_id)) >= 10
    for doc_id, start, end, surface in claims[["doc_id", "start", "end", "surface"]].itertuples(
        index=False
    ):
        assert corpus.get(doc_id).raw.raw_text[start:end] == surface
