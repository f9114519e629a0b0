"""Tests for cityreports.metadata.kind: genre cues decide the kind; script and usage the region."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.errors import InputError
from cityreports.metadata import kind as kind_module
from cityreports.metadata.kind import canonical_kind, infer_kind, infer_region
from cityreports.records import DOCUMENT_KINDS

from .. import factories


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("gov_work_report_national", "gov_work_report"),
        ("gov_work_report_municipal", "gov_work_report"),
        ("press_release_tw", "press_release"), ("policy", "policy"), ("News", "news"),
        ("press", "press_release"), ("whatever", ""), ("", ""),
    ],
)  # fmt: skip
def test_canonical_kind(value, kind):
    assert canonical_kind(value) == kind


@pytest.mark.parametrize(
    ("parts", "kind", "cue"),
    [
        ([("body", "各位代表："), ("body", "现在，我代表市人民政府向大会报告工作，请予审议。"),
          ("heading", "一、2023年工作回顾")], "gov_work_report", "各位代表"),
        ([("title", "关于加快智慧城市建设的通知"), ("front_matter", "京政发〔2021〕3号"),
          ("body", "各区人民政府，市政府各委、办、局："), ("body", "现将有关事项通知如下。")],
         "policy", "〔2021〕3号"),
        ([("title", "市府推动智慧交通"), ("front_matter", "发稿单位：交通局"),
          ("body", "市政府今（3）日宣布扩大智慧号志。")], "press_release", "发稿单位"),
        ([("title", "数字经济加快发展"),
          ("body", "新华社北京3月5日电（记者 张三）国务院常务会议5日召开。"),
          ("credit", "（责任编辑：李四）")], "news", "新华社北京3月5日电"),
        ([("title", "在全市数字政府建设推进会上的讲话"), ("body", "同志们：今天召开会议。")],
         "speech", "同志们"),
        ([("title", "“2023智慧城市论坛”综述"),
          ("body", "2023年11月18日，由研究会主办的论坛在深圳举行，与会代表深入研讨。")],
         "conference_summary", "综述"),
        ([("body", "今天天气很好。")], "other", ""),
    ],
)  # fmt: skip
def test_genre_cues_decide_the_kind(parts, kind, cue):
    found, evidence = infer_kind(factories.make_doc(parts).blocks)
    assert found == kind
    assert cue in evidence


def test_the_file_name_never_decides():
    doc = factories.make_doc([("body", "今天天气很好。")], doc_id="gwr_national_2010")
    assert infer_kind(doc.blocks, doc.raw.metadata) == ("other", "")


@pytest.mark.parametrize(
    ("metadata", "evidence"),
    [
        ({"kind": "policy", "manifest_fields": "kind"}, "manifest kind: policy"),
        ({"kind": "policy"}, "record kind: policy"),
    ],
)
def test_a_stated_kind_overrides_the_text(metadata, evidence):
    blocks = factories.make_doc([("body", "各位代表："), ("heading", "一、2023年工作回顾")]).blocks
    assert infer_kind(blocks, metadata) == ("policy", evidence)


@pytest.mark.parametrize(
    "text",
    ["kinds: [", "threshold: 3\nkinds:\n  novel:\n    - {cue: x, where: head, weight: 1}",
     "threshold: 3\nkinds:\n  news:\n    - {cue: x, where: middle, weight: 1}",
     "threshold: 3\nkinds:\n  news:\n    - {cue: '(', where: head, weight: 1}"],
)  # fmt: skip
def test_bad_cue_files_fail_with_one_line(text):
    with pytest.raises(InputError, match="kind cues"):
        kind_module._load_cues(text, "cues.yml")


@pytest.mark.parametrize(
    ("text", "script", "region"),
    [
        ("台南市政府今（15）日表示，行政院核定112年度补助。", "traditional", "tw"),
        ("特区政府今日公布，立法会将审议港元预算。香港市民欢迎。", "traditional", "hk"),
        ("深圳市人民政府召开会议。", "traditional", "mainland"),  # mainland news in traditional
        ("智慧城市建设。", "traditional", "unknown"),
        ("国务院印发通知，各省、自治区、直辖市人民政府认真贯彻。", "simplified", "mainland"),
        ("一国两制下香港保持繁荣，香港回归祖国，我国政府…", "simplified", "mainland"),
        ("本港经济向好，特区政府表示，立法会通过拨款，港元稳定。", "simplified", "hk"),
    ],
)
def test_region_from_script_and_usage(text, script, region):
    norm = factories.make_doc([("body", text)], script=script).norm
    found, evidence = infer_region(norm)
    assert found == region
    assert region == "unknown" or evidence


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "body", "front_matter", "credit"]),
                          st.text(min_size=1, max_size=40).filter(lambda s: "\n" not in s)),
                max_size=5))  # fmt: skip
def test_any_blocks_give_a_known_kind(parts):
    kind, evidence = infer_kind(factories.make_doc(parts).blocks)
    assert kind in DOCUMENT_KINDS and (kind == "other") == (evidence == "")
