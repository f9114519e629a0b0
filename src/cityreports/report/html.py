"""One self-contained HTML report of the executed notebooks (no code, figures embedded).

The report is what a reader of a run needs: the notebooks' text, tables, figures and
interpretation sentences in order, without code cells or prompts. Figures are the PNGs the
notebooks show (base64 ``data:`` URIs), the style sheet is inline with the packaged CJK font
cut down to the characters the page uses (so Chinese text shows on a machine without CJK
fonts), and there is no script: the file opens anywhere, offline, and is the same bytes for
the same notebooks.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections.abc import Sequence
from pathlib import Path

from cityreports.report.output import write_if_changed
from cityreports.report.style import cjk_font_path

#: The font family name the embedded CJK subset gets in the style sheet.
FONT_FAMILY = "cityreports CJK"
DATA_URI = re.compile(r"data:[a-z/+-]+;base64,[A-Za-z0-9+/=]+")

STYLE = """
body { font-family: "DejaVu Sans", Arial, "cityreports CJK", "Noto Sans CJK SC", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1.5rem; }
nav ol { padding-left: 1.2rem; }
section.notebook { border-top: 2px solid #555; margin-top: 2.5rem; padding-top: 0.5rem; }
.anchor-link { display: none; }
img { max-width: 100%; height: auto; display: block; margin: 0.8rem 0; }
pre { background: #f6f6f6; padding: 0.5rem; white-space: pre-wrap; font-size: 0.85rem;
      font-family: "DejaVu Sans Mono", monospace, "cityreports CJK"; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.8rem 0; }
th, td { padding: 2px 8px; text-align: left; }
th { border-bottom: 1px solid #999; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 4px; }
.output_stderr { display: none; }
"""


def notebook_body(nb) -> str:
    """The HTML of one executed notebook without code cells, prompts or stderr."""
    from nbconvert import HTMLExporter  # heavy: only when a report is written

    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            anchor_link_text="")
    body, _ = exporter.from_notebook_node(nb)
    return body


def font_face(text: str) -> str:
    """A CSS ``@font-face`` with the packaged CJK font cut down to the characters of ``text``
    (deterministic bytes), or ``""`` when ``text`` has none beyond ASCII."""
    from fontTools import subset  # heavy: only when a report is written

    wanted = sorted({c for c in DATA_URI.sub("", text) if ord(c) > 0x7F})
    if not wanted:
        return ""
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]  # keep the licence and name records
    font = subset.load_font(str(cjk_font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(wanted))
    subsetter.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, options)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'@font-face {{ font-family: "{FONT_FAMILY}"; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}')


def report_html(notebooks: Sequence[tuple[str, object]], *, title: str,
                subtitle: str = "") -> str:
    """The report page: a title, a list of the notebooks and each notebook's outputs."""
    bodies = [(name, notebook_body(nb)) for name, nb in notebooks]
    face = font_face(title + subtitle + "".join(b for _, b in bodies))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{face}{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    if subtitle:
        parts.append(f"<p>{html.escape(subtitle)}</p>")
    parts.append("<nav><ol>")
    parts += [f'<li><a href="#nb-{html.escape(name)}">{html.escape(name)}</a></li>'
              for name, _ in notebooks]
    parts += ["</ol></nav>", "</header>"]
    for name, body in bodies:
        parts.append(f'<section class="notebook" id="nb-{html.escape(name)}">')
        parts.append(body)
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_report(notebooks: Sequence[tuple[str, object]], path: str | os.PathLike[str], *,
                 title: str, subtitle: str = "") -> Path:
    """Write :func:`report_html` to ``path`` (UTF-8; only when the bytes change)."""
    data = report_html(notebooks, title=title, subtitle=subtitle).encode("utf-8")
    return write_if_changed(path, data)
