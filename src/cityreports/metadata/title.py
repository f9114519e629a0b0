"""The title of a document and where it comes from (``title_source``), with evidence.

1. ``manifest`` / ``record`` - a ``title`` the manifest CSV gives, or one the file states itself
   (front matter, a JSON/JSONL/CSV record field).
2. ``text`` - the ``title`` block(s) the structure stage found, quoted from the raw text (line
   breaks removed). A title split across lines inside a word (``政府工作报`` / ``告``) is one
   title block per line: they are joined. Export and site chrome (pkulaw's ``【法宝引证码】``,
   ``原文链接：``, its catalogue line, a gov.cn information table), a salutation (``各位代表：``), a
   dateline (``（2024年1月29日在…会议上）``) and a document number are never the title; a
   newspaper kicker ending in ``——`` is the subtitle of the headline under it. A field that
   states the title among the first blocks (gov.cn ``标　　题：…``, pkulaw ``【标题】…``, CNKI
   ``题名：…``) gives it, without its label. A social-media post with no title line is titled by
   the 【headline】 its first paragraph opens with (after its ``#topic#`` tags); the account
   line above it (``@深圳发布``) is a byline.
3. ``file`` - the title a DOCX's core properties or a PDF's document info give (metadata
   ``file_title``), only when the text has none (or only the genre's name): such properties
   are often a template's or an exporter's (``Microsoft Word - 文件1.doc``); one without a Han
   character or that is a file name is ignored.
4. ``constructed`` - a government work report without a title line, or with only the genre's
   name (``政府工作报告``), is titled from its year and issuer: ``2024年杭州市政府工作报告``,
   ``2009年国务院政府工作报告`` (see :mod:`~cityreports.metadata.issuer`); ``title_evidence``
   says what the parts rest on.
5. ``none`` - no title (``""``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cityreports.metadata.spans import surface
from cityreports.records import Block, NormalizedText, RawDocument
from cityreports.text.heads import HEADS
from cityreports.text.lexicon import HAN_BASIC_RE, Patterns
from cityreports.text.structure import is_numbered, names_a_document

__all__ = ["choose_title", "constructed_title", "text_title"]

_GENERIC_TITLES = frozenset({"政府工作报告", "政府工作報告"})
#: Spaces, exporter prefixes, file names and Markdown heading marks, which are not the title
#: (resources/patterns/metadata/title.yml).
_P = Patterns("metadata/title")
#: Blocks from the top searched for a field that states the title (标题：…).
_FIELD_REACH = 20


def file_property_title(meta: Mapping[str, str]) -> str:
    """The ``file_title`` property, exporter prefix removed; "" when it is a file name or has
    no Han character (not a Chinese document's title)."""
    title = _P.exporter_prefix.sub("", meta.get("file_title", "").strip())
    if _P.file_name.search(title) or not HAN_BASIC_RE.search(title):
        return ""
    return title


def text_title(raw: RawDocument, norm: NormalizedText, blocks: Sequence[Block]) -> str:
    """The first title block's raw text, joined with the title blocks right after it (one
    title split across lines), without a Markdown heading's ``#`` marks or an English wire
    dateline glued to its end (… HONG KONG, Dec 15 (Xinhua)); "" if none."""
    for block in blocks[:_FIELD_REACH]:  # 标　　题：… of an information table or export head
        field = _P.title_field.match(block.text)
        if field is not None and block.text[field.end() :].strip():
            return _P.title_field.sub("", surface(raw, norm, block), count=1).strip()
    parts: list[str] = []
    last = -2
    for block in blocks:
        if block.role == "title" and (not parts or block.block_id == last + 1):
            parts.append(surface(raw, norm, block))
            last = block.block_id
        elif parts:
            break
    if not parts:
        return _decree_title(raw, norm, blocks) or _post_headline(raw, norm, blocks)
    title = _P.wire_dateline.sub("", _P.title_field.sub("", "".join(parts), count=1))
    title = _P.closing_date.sub("", title) or title  # …的通知（2023年11月20日）: the date
    if raw.format == "md":  # a Markdown heading's marks are markup, not part of the title
        title = _P.md_heading.sub("", title)
    return title


def _decree_title(raw: RawDocument, norm: NormalizedText, blocks: Sequence[Block]) -> str:
    """The title of a decree that has no title line (贵州省人民政府令 / 第218号 / its preamble
    and signature / 贵州省政务数据资源管理办法): the first heading after its head that names a
    document's genre and is not a numbered part of it (一、…的规定), the enactment it
    promulgates, else the enactment its preamble names (《…的决定》已经…通过); "" for any other
    document."""
    head = [b for b in blocks[:3] if b.role == "front_matter"]
    if not any(HEADS.decree_head.match(b.text.strip()) for b in head):
        return ""
    preamble = None
    for block in blocks[:_FIELD_REACH]:
        text = block.text.strip()
        if block.role == "heading" and not is_numbered(text) and names_a_document(text):
            return surface(raw, norm, block)
        if preamble is None and _P.promulgated.match(text):
            preamble = block
    named = _P.promulgated.match(surface(raw, norm, preamble).strip()) if preamble else None
    return named["t"] if named else ""


#: Blocks from the top searched for a post's headline (after its account and tags).
_POST_REACH = 3


def _post_headline(raw: RawDocument, norm: NormalizedText, blocks: Sequence[Block]) -> str:
    """The 【headline】 a social-media post opens its first paragraph with (see
    ``post_headline`` in the pattern file), quoted from the raw text; "" if none."""
    for block in [b for b in blocks if b.role == "body"][:_POST_REACH]:
        found = _P.post_headline.match(surface(raw, norm, block))
        if found is not None:
            return found["t"].strip()
    return ""


def constructed_title(*, year: int | None, issuer: str) -> str:
    """``2024年杭州市政府工作报告``: the work report's year and issuer, either may be missing."""
    return f"{f'{year}年' if year is not None else ''}{issuer}政府工作报告"


def choose_title(
    raw: RawDocument,
    norm: NormalizedText,
    blocks: Sequence[Block],
    *,
    kind: str,
    year: int | None,
    year_evidence: str,
    issuer: tuple[str, str] = ("", ""),
) -> tuple[str, str, str]:
    """``(title, title_source, title_evidence)`` of a document (see the module docstring)."""
    meta: Mapping[str, str] = raw.metadata
    stated = meta.get("title", "").strip()
    if stated:
        fields = meta.get("manifest_fields", "").split(",")
        return stated, "manifest" if "title" in fields else "record", ""
    title = text_title(raw, norm, blocks)
    generic = _P.spaces.sub("", title) in _GENERIC_TITLES
    if title and not (generic and kind == "gov_work_report"):
        return title, "text", ""
    from_file = file_property_title(meta)
    if from_file and not (title and _P.spaces.sub("", from_file) in _GENERIC_TITLES):
        return from_file, "file", f"file property title: {meta['file_title']}"
    if kind != "gov_work_report":
        return "", "none", ""
    name, where = issuer
    evidence = [f"kind gov_work_report; year {year} ({year_evidence})" if year else "no year"]
    evidence.append(f"issuer {name} ({where})" if name else "no issuer")
    if title:
        evidence.insert(0, f"text title {title} names neither year nor issuer")
    return constructed_title(year=year, issuer=name), "constructed", "; ".join(evidence)
