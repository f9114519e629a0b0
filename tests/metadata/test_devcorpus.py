"""Acceptance on the shared dev corpus (real documents) against its MANIFEST.csv: years, kinds
and titles come out right for nearly every readable file.

The corpus is parsed from its ``docs/`` folder, so nothing of the manifest reaches the parser.
Rates are over all 116 files (each gives one document), against the thresholds of issue 8.
"""

from __future__ import annotations

import csv
import re

import pytest

from cityreports.pipeline import parse_corpus
from cityreports.records import DOCUMENT_KINDS, REGIONS, TITLE_SOURCES, YEAR_SOURCES
from cityreports.text.normalize import normalize

from ..conftest import DEVCORPUS

#: Manifest kinds as the package's kinds.
KINDS = {
    "gov_work_report_national": "gov_work_report",
    "gov_work_report_municipal": "gov_work_report",
    "press_release_tw": "press_release",
    "policy": "policy",
}
#: The cities of the municipal reports, by the pinyin of their file names (README of the corpus).
CITIES = {
    "beijing": "北京", "changsha": "长沙", "chengdu": "成都", "chongqing": "重庆",
    "guangzhou": "广州", "haerbin": "哈尔滨", "hefei": "合肥", "huhehaote": "呼和浩特",
    "jilin": "吉林", "jinan": "济南", "jincheng": "晋城", "linzhi": "林芝", "liuzhou": "柳州",
    "nanjing": "南京", "nanning": "南宁", "ningbo": "宁波", "qingdao": "青岛", "sanya": "三亚",
    "shanghai": "上海", "shenyang": "沈阳", "shenzhen": "深圳", "suzhou": "苏州",
    "tianjin": "天津", "wenzhou": "温州", "wuhan": "武汉", "wulumuqi": "乌鲁木齐", "wuxi": "无锡",
    "yantai": "烟台", "yinchuan": "银川", "zunyi": "遵义",
}  # fmt: skip


@pytest.fixture(scope="module")
def dev():
    corpus = parse_corpus(DEVCORPUS / "docs")
    with open(DEVCORPUS / "MANIFEST.csv", encoding="utf-8", newline="") as fh:
        manifest = {row["file"]: row for row in csv.DictReader(fh)}
    rows = []
    for doc in corpus:
        name = doc.raw.path.replace("\\", "/").rsplit("/", 1)[-1]
        rows.append((doc, manifest[name]))
    return corpus, rows


def _key(title: str) -> str:
    """A title with punctuation width, whitespace and script normalised (t2s)."""
    return re.sub(r"\s+", "", normalize(title).text)


def _title_right(doc, row) -> bool:
    title = doc.meta.title
    if row["kind"].startswith("gov_work_report"):
        if row["kind"] == "gov_work_report_national":
            return "政府工作报告" in title
        city = CITIES[row["file"].split("_")[2]]
        return "政府工作报告" in title and city in title
    return _key(title) == _key(row["title"])


def _rate(rows, right) -> float:
    return sum(bool(right(doc, row)) for doc, row in rows) / len(rows)


def test_every_file_of_the_manifest_gives_a_document(dev):
    """All 116 files are read, each into one document: the DOCX originals of three municipal
    reports too (their TXT conversions are separate documents, grouped as duplicates)."""
    corpus, rows = dev
    with open(DEVCORPUS / "MANIFEST.csv", encoding="utf-8", newline="") as fh:
        files = [row["file"] for row in csv.DictReader(fh)]
    assert corpus.skipped == ()
    assert sorted(row["file"] for _, row in rows) == sorted(files)
    assert sorted(files) == sorted(p.name for p in (DEVCORPUS / "docs").iterdir())
    assert len({doc.doc_id for doc, _ in rows}) == len(files)


def test_years_are_right(dev):
    _, rows = dev
    wrong = [d.doc_id for d, r in rows if d.meta.year != int(r["year"])]
    assert _rate(rows, lambda d, r: d.meta.year == int(r["year"])) >= 0.98, wrong


def test_kinds_are_right(dev):
    _, rows = dev
    wrong = [(d.doc_id, d.meta.kind) for d, r in rows if d.meta.kind != KINDS[r["kind"]]]
    assert _rate(rows, lambda d, r: d.meta.kind == KINDS[r["kind"]]) >= 0.95, wrong


def test_titles_are_right(dev):
    _, rows = dev
    wrong = [(d.doc_id, d.meta.title) for d, r in rows if not _title_right(d, r)]
    assert _rate(rows, _title_right) >= 0.95, wrong


def test_work_report_years_come_from_the_text(dev):
    """The file names state every report's year; the text must give nearly all of them too."""
    _, rows = dev
    reports = [(d, r) for d, r in rows if r["kind"].startswith("gov_work_report")]
    from_text = [d for d, _ in reports if d.meta.year_source in ("explicit", "inferred")]
    assert len(from_text) >= 0.9 * len(reports)
    assert all(d.meta.conflicts == () for d, _ in reports)


def test_fields_take_their_documented_values(dev):
    _, rows = dev
    for doc, row in rows:
        meta = doc.meta
        assert meta.year_source in YEAR_SOURCES and meta.title_source in TITLE_SOURCES
        assert meta.kind in DOCUMENT_KINDS and meta.region in REGIONS
        assert (meta.year is None) == (meta.year_source == "unknown")
        expected_region = "tw" if row["kind"] == "press_release_tw" else "mainland"
        assert meta.region == expected_region, doc.doc_id


def test_policy_titles_are_the_documents_own_not_the_export_header(dev):
    _, rows = dev
    policies = [d for d, r in rows if r["kind"] == "policy"]
    assert policies
    for doc in policies:
        assert doc.meta.title_source == "text"
        assert not doc.meta.title.startswith(("【法宝", "原文链接"))
        header = [b for b in doc.blocks[:2]]
        assert all(b.role == "front_matter" for b in header), doc.doc_id
