"""Tests for cityreports.metadata.issuer: who issues a government work report."""

from __future__ import annotations

import pytest

from cityreports.metadata.issuer import divisions, report_issuer

from .. import factories

CITY_BODY = "过去一年，长沙经济稳中有进。长沙制造业加快发展，长沙文旅持续火热，岳麓山下游客如织。"


@pytest.mark.parametrize(
    ("parts", "path", "issuer", "evidence"),
    [
        ([("front_matter", "（2024年1月29日在杭州市第十四届人民代表大会第四次会议上）"),
          ("body", "各位代表：")], "", "杭州市", "session"),
        ([("body", "现在，我代表宁波市人民政府，向大会报告工作。")], "", "宁波市", "speaker"),
        ([("body", "现在，我代表国务院，向大会报告政府工作。")], "", "国务院", "speaker"),
        ([("body", "现在，我代表市人民政府，向大会报告工作。"), ("body", CITY_BODY)], "",
         "长沙市", "长沙 ×3"),
        ([("body", "现在，我代表市人民政府，向大会报告工作。"), ("body", "全市经济向好。")],
         "reports/changsha_2024", "长沙市", "path"),
        ([("body", "现在，我代表市人民政府，向大会报告工作。"), ("body", "全市经济向好。")],
         "reports/suzhou_2024", "", ""),  # 苏州 or 宿州: the path does not say which
        ([("body", "现在，我代表县人民政府，向大会报告工作。"),
          ("body", "安吉白茶、安吉竹海、美丽安吉建设成效明显。")], "", "安吉县", "安吉 ×3"),
        ([("body", "现在，我代表市人民政府，在此汇报。")], "", "", ""),
        ([("body", "智慧城市建设。")], "reports/changsha", "", ""),  # no report speaker
    ],
)  # fmt: skip
def test_report_issuer(parts, path, issuer, evidence):
    found, why = report_issuer(factories.make_doc(parts).blocks, path=path)
    assert found == issuer
    assert evidence in why


def test_divisions_cover_every_level():
    by_name = {(d.name, d.level): d for d in divisions()}
    assert by_name[("长沙市", "city")].pinyin == "changsha"
    assert by_name[("安吉县", "county")].short == "安吉"
    assert by_name[("大理白族自治州", "city")].short == "大理"
    assert by_name[("新疆维吾尔自治区", "province")].short == "新疆"
    assert ("台南市", "city") in by_name and ("杭州市", "city") in by_name
