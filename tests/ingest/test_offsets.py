"""The offset contract, format by format: every claim's and block's ``start``/``end`` index the
text the contract names (docs/offsets.md), checked through the whole parse and claims extraction
and through ``cityreports extract --texts``.

* ``.txt``/``.md``: the decoded file (front matter included);
* records (JSON, JSONL, CSV, XML): the record's text field as its parser gives it;
* converted formats (DOCX, DOC, RTF, ODT, PDF, HTML): the converter's text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from cityreports.cli import main
from cityreports.ingest.converters import (
    convert_doc,
    convert_docx,
    convert_html,
    convert_odt,
    convert_pdf,
    convert_rtf,
)
from cityreports.pipeline.corpus import parse_corpus
from cityreports.quant.claims import claims_table
from cityreports.text.normalize import normalize

from .helpers import make_docx, make_html, make_pdf, write

ZWSP, SHY = "\u200b", "\u00ad"
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # made by LibreOffice: make_legacy.py

TXT = (  # Wikisource style: zero-width spaces inside numbers, CRLF, a soft hyphen
    f"2024年国务院政府工作报告\r\n\r\n　　国内生产总值超过134.9{ZWSP}万亿元，增长5%。\r\n"
    f"　　全年城镇新增就业1256万人，高速铁路营业里程达到4.8{ZWSP}万公里，"
    f"公路通车里程550{ZWSP}多万公里。数{SHY}字经济核心产业增加值占比10%左右。\r\n"
)
MD = (
    "---\ntitle: 深圳市智慧城市建设进展\ndate: 2023-05-17\nsource: 深圳特区报\n---\n"
    "# 深圳市智慧城市建设进展\n\n记者 王小明\n\n"
    "截至2022年底，深圳累计建成5G基站7.3万个，实现全市域5G网络覆盖。\n\n"
    "全市政务服务事项“一网通办”率达到99%，超过800项事项实现“秒批”。\n"
)
JSON = (
    '{"title": "\\u53f0\\u5357\\u667a\\u6167\\u57ce\\u5e02",'
    ' "url": "https:\\/\\/www.tainan.gov.tw\\/a",'
    ' "content": "臺南市政府今（5）日表示，全市已布建智慧路燈3,200盞，'
    '112年度投入經費1.5億元\\/年，覆蓋37個行政區。"}'
)


def _record(title: str, content: str) -> dict[str, str]:
    return {"title": title, "content": content}


JSONL_RECORDS = [
    _record("杭州城市大脑", "杭州城市大脑已接入数据资源1500亿条，日均协同事件20万件。"),
    _record("成都数字政府", "成都市政务服务网上可办率达到98%，减少群众跑腿800余万次。"),
]
CSV_ROWS = [
    _record("雄安数字城市", "雄安新区已建成数字孪生城市平台1个，\r\n接入传感器10万余个。"),
    _record("苏州智能制造", "苏州规上工业企业数字化改造覆盖率超过90%，新增智能工厂56家。"),
]
SOGOU = (
    "<docs>\r\n<doc>\r\n<url>http://news.sogou.com/gz.shtml</url>\r\n<docno>s1</docno>\r\n"
    "<contenttitle>广州智慧交通</contenttitle>\r\n"
    "<content>广州市已建成智慧灯杆2.6万根，\r\n公交电子站牌覆盖率达到85%。</content>\r\n</doc>\r\n"
    "<doc>\r\n<url>http://news.sogou.com/wh.shtml</url>\r\n<docno>s2</docno>\r\n"
    "<contenttitle>武汉城市运行</contenttitle>\r\n"
    "<content>武汉城市运行管理平台汇聚视频点位16万个&amp;物联感知设备3万台。</content>\r\n"
    "</doc>\r\n</docs>\r\n"
)
DOCX_PARAGRAPHS = [
    "2024年南京市人民政府工作报告",
    "各位代表：",
    "过去一年，全市地区生产总值达到1.75万亿元，增长4.6%。",
    "新建5G基站1.2万个，数字经济核心产业增加值增长12%。",
]
DOCX_TABLE = [["指标", "2023年", "2024年目标"], ["5G基站（万个）", "3.2", "4.5"]]
PDF_PAGES = [  # the sentence of page 1's last line goes on on page 2
    "关于加快推进新型智慧城市建设的实施意见\n"
    "到2025年，全省建成城市数据大脑11个，政务数据共享率达到95%，重点领域智能化改造完成",
    "率超过80%，打造智慧城市应用场景300个以上。\n各地要结合实际抓好落实。",
]
HTML_PARAGRAPHS = [
    "合肥市今年计划新增充电桩2万个，新能源汽车产量突破100万辆。",
    "全市人工智能企业已超过1200家，产业规模增长25%。",
]

FILES = {
    "report.txt": lambda: TXT.encode("utf-8"),
    "news.md": lambda: MD.encode("utf-8"),
    "tainan.json": lambda: JSON.encode("utf-8"),
    "feed.jsonl": lambda: "\n".join(json.dumps(r, ensure_ascii=False) for r in JSONL_RECORDS),
    "rows.csv": lambda: _csv_bytes(CSV_ROWS),
    "sogou.dat": lambda: SOGOU.encode("gb18030"),
    "nanjing.docx": lambda: make_docx(DOCX_PARAGRAPHS, table=DOCX_TABLE),
    "policy.pdf": lambda: make_pdf(PDF_PAGES),
    "hefei.html": lambda: make_html("合肥新能源汽车产业发展", HTML_PARAGRAPHS),
    "word97.doc": lambda: (FIXTURES / "legacy.doc").read_bytes(),
    "wordpad.rtf": lambda: (FIXTURES / "legacy.rtf").read_bytes(),
    "writer.odt": lambda: (FIXTURES / "legacy.odt").read_bytes(),
}


def _csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=["title", "content"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _contract_texts(folder: Path) -> dict[str, str]:
    """The text each document's offsets index, computed without the package's reader."""
    data = {name: (folder / name).read_bytes() for name in FILES}
    texts = {
        "report": data["report.txt"].decode("utf-8"),  # the decoded file, CRLF and all
        "news": data["news.md"].decode("utf-8"),  # front matter included
        "tainan": json.loads(data["tainan.json"])["content"],
        "nanjing": convert_docx(data["nanjing.docx"], path="nanjing.docx").text,
        "policy": convert_pdf(data["policy.pdf"], path="policy.pdf").text,
        "hefei": convert_html(data["hefei.html"], path="hefei.html").text,
        "word97": convert_doc(data["word97.doc"], path="word97.doc").text,
        "wordpad": convert_rtf(data["wordpad.rtf"], path="wordpad.rtf").text,
        "writer": convert_odt(data["writer.odt"], path="writer.odt").text,
    }
    for n, line in enumerate(data["feed.jsonl"].decode().splitlines(), start=1):
        texts[f"feed#{n}"] = json.loads(line)["content"]
    rows = csv.DictReader(io.StringIO(data["rows.csv"].decode(), newline=""))
    texts.update({f"rows#{n}": row["content"] for n, row in enumerate(rows, start=1)})
    root = ET.fromstring(data["sogou.dat"].decode("gb18030"))  # XML parsing: CRLF -> LF
    texts.update({f"sogou#{n}": doc.findtext("content") for n, doc in enumerate(root, start=1)})
    return texts


FORMAT_OF = {
    "report": "txt", "news": "md", "tainan": "json", "feed#1": "jsonl", "feed#2": "jsonl",
    "rows#1": "csv", "rows#2": "csv", "sogou#1": "xml", "sogou#2": "xml", "nanjing": "docx",
    "policy": "pdf", "hefei": "html", "word97": "doc", "wordpad": "rtf", "writer": "odt",
}
#: A claim each document must yield (its surface in the contract text).
EXPECTED_CLAIM = {
    "report": f"超过134.9{ZWSP}万亿元", "news": "7.3万个", "tainan": "3,200盞",
    "feed#1": "1500亿条", "feed#2": "98%", "rows#1": "10万余个", "rows#2": "超过90%",
    "sogou#1": "85%",
    "sogou#2": "16万个", "nanjing": "1.75万亿元", "policy": "95%", "hefei": "2万个",
    "word97": "约6200户", "wordpad": "约6200户", "writer": "约6200户",
}
DOC_IDS = sorted(FORMAT_OF)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    for name, make in FILES.items():
        content = make()
        write(folder / name, content if isinstance(content, bytes) else content.encode())
    return folder


@pytest.fixture(scope="module")
def parsed(corpus_dir):
    corpus = parse_corpus(corpus_dir)
    return corpus, claims_table(corpus), _contract_texts(corpus_dir)


def test_every_file_and_record_is_read(parsed):
    corpus, _, texts = parsed
    assert corpus.skipped == ()
    assert sorted(corpus.doc_ids) == DOC_IDS == sorted(texts)
    assert {d.doc_id: d.raw.format for d in corpus} == FORMAT_OF


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_raw_text_is_the_contract_text(parsed, doc_id):
    corpus, _, texts = parsed
    assert corpus.get(doc_id).raw.raw_text == texts[doc_id]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_claim_surfaces_equal_the_contract_text_at_their_offsets(parsed, doc_id):
    _, claims, texts = parsed
    rows = claims[claims["doc_id"] == doc_id]
    assert EXPECTED_CLAIM[doc_id] in set(rows["surface"])
    for start, end, surface in rows[["start", "end", "surface"]].itertuples(index=False):
        assert texts[doc_id][start:end] == surface


def _han(text: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fff]", text))


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_block_and_sentence_spans_hold_their_text(parsed, doc_id):
    corpus, _, texts = parsed
    doc = corpus.get(doc_id)
    assert doc.blocks
    for unit in (*doc.blocks, *doc.sentences):
        surface = texts[doc_id][unit.start : unit.end]
        assert (unit.start, unit.end) == doc.norm.raw_span(unit.norm_start, unit.norm_end)
        if doc.norm.script == "simplified":  # traditional text is converted, so Han differ
            assert _han(surface) == _han(unit.text)
        assert surface.strip() == surface or unit.text.strip() != unit.text


def test_markdown_front_matter_is_a_front_matter_block(parsed):
    corpus, _, texts = parsed
    doc = corpus.get("news")
    end = texts["news"].index("---\n# ") + 4
    assert {b.role for b in doc.blocks if b.start < end} == {"front_matter"}
    assert doc.meta.title == "深圳市智慧城市建设进展"
    assert doc.meta.date == "2023-05-17"


def test_pdf_page_break_is_joined_and_recorded(parsed):
    corpus, _, texts = parsed
    doc = corpus.get("policy")
    assert "\f" in texts["policy"]
    (repair,) = [r for r in doc.norm.repairs if "\f" in r.raw]
    assert (repair.kind, texts["policy"][repair.start : repair.end]) == ("page_break", repair.raw)
    joined = [b for b in doc.blocks if "智能化改造完成率超过80%" in b.text]
    assert len(joined) == 1 and joined[0].role == "body"


@pytest.mark.parametrize(
    ("surface", "value", "unit"),
    [(f"超过134.9{ZWSP}万亿元", 1.349e14, "元"), (f"4.8{ZWSP}万公里", 4.8e4, "公里"),
     (f"550{ZWSP}多万公里", 5.5e6, "公里")],
)
def test_zero_width_space_inside_a_number_keeps_the_claim(parsed, surface, value, unit):
    _, claims, texts = parsed
    rows = claims[(claims["doc_id"] == "report") & (claims["surface"] == surface)]
    assert len(rows) == 1
    assert rows.iloc[0]["value"] == pytest.approx(value)
    assert rows.iloc[0]["unit"] == unit
    assert texts["report"][rows.iloc[0]["start"] : rows.iloc[0]["end"]] == surface


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_are_removed_with_the_map_intact(char):
    raw = f"全市生产总值74.4{char}万亿元，数{char}字经济{char}增长。"
    norm = normalize(raw)
    assert norm.text == "全市生产总值74.4万亿元，数字经济增长。"
    for i, c in enumerate(norm.text):
        assert raw[norm.raw_start[i] : norm.raw_end[i]] == c
    start, end = norm.raw_span(norm.text.index("74.4"), norm.text.index("元") + 1)
    assert raw[start:end] == f"74.4{char}万亿元"


def _read_exactly(path: Path) -> str:
    """A written text as it is (no newline translation)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def extracted(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(corpus_dir), "--out", str(out / "tables"), "--texts",
                 str(out / "texts"), "--no-progress", "--no-tokens"]) == 0
    return out


def test_texts_folder_holds_the_contract_text_of_every_document(extracted, parsed):
    _, _, texts = parsed
    index = pd.read_csv(extracted / "texts" / "texts.csv", dtype=str, keep_default_na=False)
    assert sorted(index["doc_id"]) == DOC_IDS
    assert all(re.fullmatch(r"[\w.\-~]+\.txt", name) for name in index["file"])
    for doc_id, name in index[["doc_id", "file"]].itertuples(index=False):
        assert _read_exactly(extracted / "texts" / name) == texts[doc_id]


def test_claims_csv_surfaces_equal_the_written_texts(extracted):
    index = pd.read_csv(extracted / "texts" / "texts.csv", dtype=str, keep_default_na=False)
    files = dict(index[["doc_id", "file"]].itertuples(index=False))
    claims = pd.read_csv(extracted / "tables" / "claims.csv", keep_default_na=False,
                         dtype={"surface": str})
    assert set(claims["doc_id"]) == set(DOC_IDS)
    for doc_id, start, end, surface in claims[["doc_id", "start", "end", "surface"]].itertuples(
        index=False
    ):
        assert _read_exactly(extracted / "texts" / files[doc_id])[start:end] == surface


def test_documents_csv_names_the_text_source(extracted):
    docs = pd.read_csv(extracted / "tables" / "documents.csv", dtype=str, keep_default_na=False)
    assert dict(docs[["doc_id", "text_source"]].itertuples(index=False)) == {
        "report": "file", "news": "file", "tainan": "content", "feed#1": "content",
        "feed#2": "content", "rows#1": "content", "rows#2": "content", "sogou#1": "content",
        "sogou#2": "content", "nanjing": "python-docx", "policy": "pdfplumber",
        "hefei": "trafilatura", "word97": "ms-doc", "wordpad": "striprtf", "writer": "lxml-odf",
    }


#: A report as a PDF's text layer gives it: paragraphs hard-wrapped at the page width, lines of
#: varying width (digits, a Latin word pushed down, indented first lines, a page break).
WRAPPED_PDF_PAGES = [
    "关于全市智慧城市建设情况的调研报告\n"
    "一、基本情况\n"
    "近年来，我市坚持以数字化改革为引领，统筹推进智慧\n"
    "城市建设，城市大脑、一网通办、一网统管等重点项目取得\n"
    "积极进展。截至2023年4月底，全市政务服务事项网上可办\n"
    "率达到98.6%，“最多跑一次”改革实现率超过95%。\n"
    "市数据局依托政务云平台建成全市统一的容器云，采\n"
    "用开源的Kubernetes编排技术，支撑了城市大脑等126个应\n"
    "用系统的稳定运行，资源利用率由上年的35%提高到今年的\n"
    "72.5%，运维成本下降约四成。平台还接入物联感知设备3.2\n"
    "万台，日均处理数据超过12TB，为城市运行管理提供了有力",
    "支撑。\n"
    "二、存在问题\n"
    "序号 项目名称 建设单位 总投资（万元）\n"
    "1 城市大脑 市数据局 12000\n",
]


def test_hard_wrapped_pdf_paragraphs_are_one_block_each(tmp_path):
    write(tmp_path / "wrapped.pdf", make_pdf(WRAPPED_PDF_PAGES))
    doc = parse_corpus(tmp_path).get("wrapped")
    raw = doc.raw.raw_text
    texts = [b.text for b in doc.blocks]
    assert "近年来，我市坚持以数字化改革为引领，统筹推进智慧城市建设，" in texts[2]
    assert texts[2].endswith("改革实现率超过95%。")
    assert texts[3].startswith("市数据局") and texts[3].endswith("提供了有力支撑。")
    assert "采用开源的Kubernetes编排技术" in texts[3] and "今年的72.5%" in texts[3]
    assert texts[4:] == ["二、存在问题", "序号 项目名称 建设单位 总投资（万元）",
                         "1 城市大脑 市数据局 12000"]
    for unit in (*doc.blocks, *doc.sentences):  # offsets: raw_text[start:end] is the unit
        assert "".join(raw[unit.start : unit.end].split()) == "".join(unit.text.split())
    claims = claims_table(parse_corpus(tmp_path))
    assert "98.6%" in set(claims["surface"])


def test_page_number_between_the_halves_of_a_paragraph_is_taken_out_and_kept(tmp_path):
    """The page number at the foot of a page that cuts a paragraph (- 1 -) leaves the
    paragraph whole; its repair holds it, and raw_text still has it at its offsets."""
    first, second = WRAPPED_PDF_PAGES
    write(tmp_path / "numbered.pdf", make_pdf([first + "\n- 1 -", second + "- 2 -"]))
    doc = parse_corpus(tmp_path).get("numbered")
    raw = doc.raw.raw_text
    texts = [b.text for b in doc.blocks]
    assert texts[3].startswith("市数据局") and texts[3].endswith("提供了有力支撑。")
    (repair,) = [r for r in doc.norm.repairs if "\f" in r.raw]
    assert repair.kind == "page_break" and "- 1 -" in repair.raw
    assert raw[repair.start : repair.end] == repair.raw
    assert [(b.role, b.text) for b in doc.blocks][-1] == ("boilerplate", "- 2 -")
    for unit in (*doc.blocks, *doc.sentences):  # the raw span of the whole paragraph holds
        spanned = raw[unit.start : unit.end]  # the page number, as it holds the line breaks
        if unit.start <= repair.start < unit.end:
            spanned = spanned.replace(repair.raw, "")
        assert "".join(spanned.split()) == "".join(unit.text.split())


def test_running_heads_of_pdf_pages_are_taken_out_between_halves_or_marked(tmp_path):
    """A running head on every page (某市政府工作报告) does not cut the paragraph that crosses
    the page: it is taken out with the page number and kept in the repair; where a page ends
    with its sentence the head stays in the text as boilerplate, flagged as an anomaly."""
    head = "某市2024年政府工作报告"
    body = "全市智慧城市建设取得明显成效，各区积极推进数据共享和业务协同，群众获得感不断增强，"
    pages = [
        f"{head}\n{body}{body}数字政府建设加快推\n- 1 -",
        f"{head}\n进，一网通办事项达到1200项。\n- 2 -",
        f"{head}\n{body}城市大脑接入系统85个。\n- 3 -",
    ]
    write(tmp_path / "heads.pdf", make_pdf(pages))
    doc = parse_corpus(tmp_path).get("heads")
    raw = doc.raw.raw_text
    roles = [(b.role, b.text) for b in doc.blocks]
    assert roles[0] == ("title", head)
    joined = [t for r, t in roles if r == "body" and "加快推进，一网通办" in t]
    assert len(joined) == 1  # one paragraph over the page break, head and number taken out
    (repair,) = [r for r in doc.norm.repairs if head in r.raw]
    assert repair.kind == "page_break" and "- 1 -" in repair.raw
    assert raw[repair.start : repair.end] == repair.raw
    (flag,) = [a for a in doc.norm.anomalies if a.kind == "running_head"]
    assert raw[flag.start : flag.end] == head  # the head of page 3 stays, as boilerplate
    assert ("boilerplate", head) in roles and roles.count(("title", head)) == 1
    claims = claims_table(parse_corpus(tmp_path))
    assert {"1200项", "85个"} <= set(claims["surface"])
