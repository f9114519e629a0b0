"""Red-team documents in styles the dev corpus does not have, through the whole per-document
pipeline (normalise, blocks, metadata): kind, year, title, region come out right."""

from __future__ import annotations

import pytest

from cityreports.pipeline.parse import parse_document
from cityreports.records import RawDocument

from .red_team_texts import CASES, CONFLICTING_PATH, PATH_ONLY_CITY


def _meta(doc_id: str, text: str):
    raw = RawDocument(doc_id, f"/corpus/{doc_id}.txt", "txt", "utf-8", "0" * 64, text)
    return parse_document(raw).meta


@pytest.mark.parametrize(
    ("doc_id", "text", "expected"),
    [pytest.param(doc_id, text, expected, id=name) for name, doc_id, text, expected in CASES],
)
def test_red_team_metadata(doc_id, text, expected):
    meta = _meta(doc_id, text)
    assert {k: getattr(meta, k) for k in expected} == expected
    if meta.kind != "other":
        assert meta.kind_evidence
    if meta.title_source == "constructed":
        assert meta.title_evidence


@pytest.mark.parametrize(
    ("doc_id", "text", "conflict"),
    [
        ("reports/gwr_2011", CONFLICTING_PATH, "year_conflict: path 2011"),
        ("reports/gwr_2010", CONFLICTING_PATH, None),  # the 2009 review is the report of 2010
        ("reports/hangzhou_2023", PATH_ONLY_CITY, "year_conflict: path 2023"),
    ],
)
def test_path_year_against_the_text(doc_id, text, conflict):
    meta = _meta(doc_id, text)
    assert meta.year_source == "inferred"
    if conflict is None:
        assert meta.conflicts == ()
    else:
        assert len(meta.conflicts) == 1 and meta.conflicts[0].startswith(conflict)
        assert str(meta.year) in meta.conflicts[0]


def test_city_from_the_path_says_so():
    meta = _meta("reports/hangzhou_2024", PATH_ONLY_CITY)
    assert "path" in meta.title_evidence and "杭州市" in meta.title_evidence
