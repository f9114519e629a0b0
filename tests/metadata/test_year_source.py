"""Tests for cityreports.metadata.year_source: the precedence of year sources, and conflicts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityreports.metadata.year_source import choose_year, path_year
from cityreports.records import RawDocument


def _raw(doc_id="d", path=None, metadata=None, fmt="txt"):
    path = path or f"/corpus/{doc_id}.{fmt}"
    return RawDocument(doc_id, path, fmt, "utf-8", "0" * 64, "正文", metadata or {})


@pytest.mark.parametrize(
    ("doc_id", "year"),
    [
        ("gwr_national_2010", 2010), ("press_tw_tainan_2021-12-28_7863314", 2021),
        ("20211228_report", 2021), ("reports/2019/x", 2019), ("2019/notes_2020", 2020),
        ("000_798e359ce5c0ada4", None), ("plan_2021-2025", None),  # two years: no year
        ("id_7863314", None), ("reports/x#3", None), ("a/2018/b/c", 2018),
    ],
)  # fmt: skip
def test_path_year(doc_id, year):
    found = path_year(_raw(doc_id))
    assert (found[0] if found else None) == year
    if found:
        assert found[1].startswith("path: ")


@pytest.mark.parametrize(
    ("raw", "explicit", "inferred", "year", "source", "conflict"),
    [
        # manifest, then the record, win over the text and the path
        (_raw("x_2011", metadata={"year": "2012", "manifest_fields": "year"}), (2013, "q"),
         None, 2012, "manifest", ("manifest 2012", "path 2011")),
        (_raw("x", metadata={"date": "2020-05-01"}, fmt="json"), (2019, "2019年5月1日"), None,
         2020, "record", "record 2020"),
        (_raw("x", metadata={"date": "2020-05-01"}, fmt="json"), None, (2023, "2023论坛", True),
         2020, "record", None),  # an inferred year is no conflict with a stated date
        # the text: its own date, then inference; the path only checks it
        (_raw("gwr_2010"), None, (2010, "2009年工作回顾", True), 2010, "inferred", None),
        (_raw("gwr_2011"), None, (2010, "2009年工作回顾", True), 2010, "inferred", "path 2011"),
        (_raw("x"), (2015, "2015年12月12日"), None, 2015, "explicit", None),
        # a lower bound yields to the path (and conflicts when it lies above it)
        (_raw("gwr_2019"), None, (2015, "截至2015年8月", False), 2019, "path", None),
        (_raw("gwr_2014"), None, (2015, "截至2015年8月", False), 2014, "path", "path 2014"),
        (_raw("x"), None, (2015, "截至2015年8月", False), 2015, "inferred", None),
        (_raw("x"), None, None, None, "unknown", None),
        # a DOCX/PDF creation date dates the file: below the text, the path and a higher bound
        (_raw("x", metadata={"file_created": "2013-12-23"}, fmt="docx"), (2022, "2022年1月10日"),
         None, 2022, "explicit", None),
        (_raw("x_2021", metadata={"file_created": "2026-01-02"}, fmt="pdf"), None, None, 2021,
         "path", None),
        (_raw("x", metadata={"file_created": "2016-03-01"}, fmt="pdf"), None,
         (2015, "截至2015年8月", False), 2016, "file", None),
        (_raw("x", metadata={"file_created": "2013-12-23"}, fmt="docx"), None,
         (2015, "截至2015年8月", False), 2015, "inferred", None),
        (_raw("x", metadata={"file_created": "2013-12-23"}, fmt="docx"), None, None, 2013,
         "file", None),
    ],
)  # fmt: skip
def test_choose_year(raw, explicit, inferred, year, source, conflict):
    chosen = choose_year(raw, explicit=explicit, inferred=inferred)
    assert (chosen.year, chosen.source) == (year, source)
    expected = () if conflict is None else (conflict,) if isinstance(conflict, str) else conflict
    assert len(chosen.conflicts) == len(expected)
    for found, prefix in zip(chosen.conflicts, expected, strict=True):
        assert found.startswith(f"year_conflict: {prefix}")


@pytest.mark.parametrize(
    ("url", "doc_id", "year", "evidence"),
    [
        ("http://news.sohu.com/20130305/n367551210.shtml", "dump#2", 2013, "url: "),
        ("http://www.people.com.cn/n1/2020/0312/c1001-31629542.html", "x#1", 2020, "url: "),
        ("https://www.tainan.gov.tw/News_Content.aspx?n=13370&s=7863314", "x_2021", 2021,
         "path: "),  # the url names no year: the file name does
        ("", "report_2019", 2019, "path: "),
    ],
)
def test_path_year_reads_a_record_url_first(url, doc_id, year, evidence):
    found = path_year(_raw(doc_id, metadata={"url": url} if url else None))
    assert found is not None and found[0] == year and found[1].startswith(evidence)


@given(st.text(max_size=60))
def test_any_path_gives_a_plausible_year_or_none(name):
    found = path_year(_raw(name.replace("#", "")))
    assert found is None or 1900 <= found[0] <= 2099
