"""A bad file of each converted format in a corpus of good ones: ``cityreports extract`` says
on one line which file and what is wrong with it, and reads every other file completely.

The converters' own messages are tested in test_converters.py; here the whole run is: the
corpus holds a good TXT, DOCX, PDF, HTML page, GB18030 XML record file, DOC, RTF and ODT beside
the bad one.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from cityreports.cli import main

from .helpers import make_docx, make_html, make_pdf, write, zip_bytes
from .test_word97 import DOC, _clx_fc, _directory_size, _fib_flags

FIXTURES = Path(__file__).resolve().parent / "fixtures"

GOOD_XML = (
    "<doc>\r\n<url>http://news.example.cn/2023/a.html</url>\r\n<docno>a1</docno>\r\n"
    "<contenttitle>数字政府建设提速</contenttitle>\r\n"
    "<content>2023年全市政务服务事项网上可办率达到98%。</content>\r\n</doc>\r\n"
)


def _good(folder: Path) -> dict[str, str]:
    """Good files of every format; returns file name -> a phrase its document must contain."""
    write(folder / "a_report.txt", "2023年全市新建5G基站3.2万个，城市大脑覆盖16个区。\n")
    write(folder / "b_policy.docx", make_docx(
        ["关于加快数字经济发展的实施意见", "到2025年，数字经济核心产业增加值占比达到12%。"]))
    write(folder / "c_report.pdf",
          make_pdf(["2024年新建智慧社区20个。", "第二页：完成投资5亿元。"]))
    write(folder / "d_news.html", make_html(
        "智慧交通系统上线", ["本市智慧交通系统今日上线，覆盖路口1200个。"] * 3))
    write(folder / "e_news.dat", GOOD_XML.encode("gb18030"))
    write(folder / "f_notice.doc", DOC)
    write(folder / "g_notice.rtf", (FIXTURES / "legacy.rtf").read_bytes())
    write(folder / "h_notice.odt", (FIXTURES / "legacy.odt").read_bytes())
    return {"a_report.txt": "城市大脑", "b_policy.docx": "数字经济", "c_report.pdf": "智慧社区",
            "d_news.html": "智慧交通", "e_news.dat": "政务服务", "f_notice.doc": "智能水表",
            "g_notice.rtf": "智能水表", "h_notice.odt": "智能水表"}


def _image_only_pdf() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.imshow(np.random.default_rng(0).random((16, 16)))
    ax.axis("off")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf")
    plt.close(fig)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(["保密文件：2023年预算5亿元。"])))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD = [
    # (file name, its bytes, the start of the problem the one line states)
    ("x_notes.docx", lambda: "这只是一段文字。".encode() * 50, "corrupt DOCX: not a zip archive"),
    ("x_cut.docx", lambda: make_docx(["报告正文"] * 20)[:1500], "corrupt DOCX: "),
    ("x_other.docx", lambda: zip_bytes({"[Content_Types].xml": b"<Types/>", "word/x.xml": b"<x/>"}),
     "corrupt DOCX: no word/document.xml in the archive"),
    ("x_scan.pdf", _image_only_pdf, "no text layer (scanned or image-only PDF): needs OCR"),
    ("x_locked.pdf", _encrypted_pdf, "encrypted PDF: cannot read without the password"),
    ("x_cut.pdf", lambda: make_pdf(["2023年新建基站。"] * 3)[:400], "corrupt PDF: "),
    ("x_broken.xml", lambda: b"<docs><doc><content>x</content></dc></docs>", "malformed XML: "),
    ("x_sogou.dat", lambda: ("<doc>\r\n<content>第一条\r\n<doc>\r\n<content>第二条</content>"
                             "\r\n</doc>\r\n").encode("gb18030"), "malformed XML: "),
    ("x_cut.doc", lambda: DOC[:9000], "corrupt .doc: "),
    ("x_piece.doc", lambda: _clx_fc(10_000_000),
     "corrupt .doc: text piece at 10000000+464 points past the end of its stream"),
    ("x_zero.doc", lambda: _directory_size("WordDocument", 0),
     "corrupt .doc: WordDocument stream too short for a FIB"),
    ("x_locked.doc", lambda: _fib_flags(0x0100),
     "encrypted .doc: cannot read without the password"),
    ("x_cut.odt", lambda: (FIXTURES / "legacy.odt").read_bytes()[:3000], "corrupt ODT: "),
    ("x_text.rtf", lambda: "只是文字。".encode(), "corrupt RTF: does not start with {\\rtf"),
    ("x_empty.html", lambda: b"<html><head><title></title></head><body></body></html>",
     "no text in HTML page"),
]


@pytest.mark.parametrize(("name", "make", "problem"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_costs_only_itself(tmp_path, capsys, name, make, problem):
    corpus = tmp_path / "corpus"
    phrases = _good(corpus)
    bad = write(corpus / name, make())
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "--out", str(out), "--no-progress"]) == 0
    lines = [ln for ln in capsys.readouterr().err.splitlines() if name in ln]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"cityreports: skipped {bad}: {problem}")
    assert "Traceback" not in lines[0] and "Error" not in lines[0]

    report = json.loads((out / "report.json").read_text("utf-8"))
    assert [s["path"].rsplit("/", 1)[-1] for s in report["skipped"]] == [name]
    documents = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert sorted(Path(p).name for p in documents.path) == sorted(phrases)
    blocks = pd.read_csv(out / "blocks.csv", dtype=str, keep_default_na=False)
    by_file = dict(zip(documents.doc_id, documents.path.map(lambda p: Path(p).name), strict=True))
    text_of = blocks.groupby(blocks.doc_id.map(by_file)).text.agg("".join)
    for file, phrase in phrases.items():
        assert phrase in text_of[file], file
