"""Helpers shared by the ingest tests: write files, make DOCX, PDF, HTML and zip fixtures, and
assert that a file is refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from cityreports.errors import InputError
from cityreports.ingest.formats import read_file


def write(path: Path, content: str | bytes, *, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    """A zip archive of ``members`` (name -> content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def assert_refused(path: Path, problem: str) -> None:
    """Reading ``path`` fails with one line that names the file and ``problem``."""
    with pytest.raises(InputError) as info:
        read_file(path, root=path.parent)
    assert str(path) in str(info.value) and problem in str(info.value)
    assert "\n" not in str(info.value)


ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "src" / "cityreports" / "resources" / "fonts" / "WenQuanYiMicroHei.ttf"


def make_docx(paragraphs: list[str], *, table: list[list[str]] | None = None) -> bytes:
    """A DOCX with ``paragraphs`` (a table after the first one when given)."""
    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if i == 0 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(pages: list[str]) -> bytes:
    """A PDF with a text layer: one page per item, one line per ``\\n``-separated line."""
    pdf = FPDF()
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=11)
    for text in pages:
        pdf.add_page()
        for line in text.split("\n"):
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_html(title: str, paragraphs: list[str], *, charset: str = "utf-8") -> bytes:
    """A news page: navigation, an article with a headline and paragraphs, a footer."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    page = (
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="{charset}">'
        f"<title>{title}</title></head>\n<body>\n"
        '<nav><a href="/">首页</a> <a href="/news">新闻</a> <a href="/gov">政务</a></nav>\n'
        f"<article><h1>{title}</h1>\n{body}</article>\n"
        "<footer>版权所有 © 某某市人民政府 网站标识码 1234567890</footer>\n</body></html>\n"
    )
    return page.encode(charset)
