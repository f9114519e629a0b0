"""Tests for cityreports.metadata.title: the title and where it comes from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityreports.metadata.title import choose_title, constructed_title

from .. import factories


def _choose(parts, *, metadata=None, kind="other", year=None, issuer=("", "")):
    doc = factories.make_doc(parts, metadata=metadata)
    return choose_title(doc.raw, doc.norm, doc.blocks, kind=kind, year=year,
                        year_evidence="cue", issuer=issuer)  # fmt: skip


@pytest.mark.parametrize(
    ("parts", "metadata", "kind", "year", "issuer", "title", "source"),
    [
        ([("title", "智慧城市新进展"), ("body", "正文。")], None, "news", None, ("", ""),
         "智慧城市新进展", "text"),
        ([("title", "文中标题"), ("body", "正文。")], {"title": "记录标题"}, "news", None,
         ("", ""), "记录标题", "record"),
        ([("body", "正文。")], {"title": "清单标题", "manifest_fields": "title"}, "news", None,
         ("", ""), "清单标题", "manifest"),
        ([("title", "香港推出智慧城市蓝图2.0 HONG KONG, Dec 15 (Xinhua)"), ("body", "正文。")],
         None, "news", None, ("", ""), "香港推出智慧城市蓝图2.0", "text"),  # a wire dateline
        ([("title", "香港推出智慧城市蓝图2.0HONG KONG, Dec 15 (Xinhua)"), ("body", "正文。")],
         None, "news", None, ("", ""), "香港推出智慧城市蓝图2.0", "text"),
        ([("title", "美国发布报告 WASHINGTON, D.C., Dec 15, 2023 (China Daily)"),
          ("body", "正文。")], None, "news", None, ("", ""), "美国发布报告", "text"),
        ([("title", "2010年国务院政府工作报"), ("title", "告"), ("body", "各位代表：")], None,
         "gov_work_report", 2010, ("国务院", "speaker"), "2010年国务院政府工作报告", "text"),
        ([("body", "各位代表："), ("body", "现在，我代表市人民政府报告工作。")], None,
         "gov_work_report", 2024, ("杭州市", "session"), "2024年杭州市政府工作报告",
         "constructed"),
        ([("title", "政府工作报告"), ("body", "各位代表：")], None, "gov_work_report", 2023,
         ("浙江省", "session"), "2023年浙江省政府工作报告", "constructed"),
        ([("body", "正文。")], None, "news", 2020, ("", ""), "", "none"),
        ([("front_matter", "【法宝引证码】 CLI.12.1"), ("body", "正文。")], None, "policy", None,
         ("", ""), "", "none"),
        # a DOCX/PDF title property: only when the text has none, and only a real title
        ([("title", "文中标题"), ("body", "正文。")], {"file_title": "模板标题"}, "policy", None,
         ("", ""), "文中标题", "text"),
        ([("body", "正文。")], {"file_title": "Microsoft Word - 关于推进智慧城市的意见"},
         "policy", None, ("", ""), "关于推进智慧城市的意见", "file"),
        ([("body", "正文。")], {"file_title": "报告20230105.docx"}, "policy", None, ("", ""),
         "", "none"),
        ([("body", "正文。")], {"file_title": "Document1"}, "news", None, ("", ""), "", "none"),
        ([("title", "政府工作报告"), ("body", "各位代表：")],
         {"file_title": "2023年浙江省政府工作报告（全文）"}, "gov_work_report", 2023,
         ("浙江省", "session"), "2023年浙江省政府工作报告（全文）", "file"),
        ([("title", "政府工作报告"), ("body", "各位代表：")], {"file_title": "政府工作报告"},
         "gov_work_report", 2023, ("浙江省", "session"), "2023年浙江省政府工作报告", "constructed"),
    ],
)  # fmt: skip
def test_choose_title(parts, metadata, kind, year, issuer, title, source):
    found, found_source, evidence = _choose(
        parts, metadata=metadata, kind=kind, year=year, issuer=issuer
    )
    assert (found, found_source) == (title, source)
    assert (source in ("constructed", "file")) == bool(evidence)


def test_constructed_evidence_names_its_parts():
    _, _, evidence = _choose([("body", "各位代表：")], kind="gov_work_report", year=2024,
                             issuer=("长沙市", "the text names 长沙 ×74"))  # fmt: skip
    assert "2024" in evidence and "长沙 ×74" in evidence


@given(st.one_of(st.none(), st.integers(1949, 2100)), st.sampled_from(["", "国务院", "长沙市"]))
def test_constructed_titles_name_the_genre(year, issuer):
    title = constructed_title(year=year, issuer=issuer)
    assert title.endswith("政府工作报告") and issuer in title
    assert (year is None) or title.startswith(f"{year}年")
