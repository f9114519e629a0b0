"""XML record corpora (Sogou-style ``<doc>`` records), recovered from what real dumps contain."""

from __future__ import annotations

import collections
import html.entities
import re

from lxml import etree

from cityreports.errors import InputError

#: XML record field name (lower case) -> what the field holds.
XML_FIELD_ROLES: dict[str, str] = {
    "contenttitle": "title",
    "title": "title",
    "headline": "title",
    "url": "url",
    "link": "url",
    "docno": "id",
    "docid": "id",
    "id": "id",
    "content": "text",
    "text": "text",
    "body": "text",
    "date": "date",
    "pubdate": "date",
    "publishdate": "date",
    "time": "date",
    "author": "author",
    "source": "source",
    "media": "source",
    "keywords": "keywords",
    "summary": "summary",
    "abstract": "summary",
}



# --------------------------------------------------------------------------------------------
# XML records

# Hand-written repair before parsing: lxml's recover=True silently *drops* a stray "&" or "<"
# and undeclared entities, which would change the text claims are indexed into; escaping them
# keeps every character. CDATA sections and comments are left alone. The patterns match only
# what may need repair (not well-formed tags and the five XML entities), so that ordinary
# markup costs no Python call.
_XML_SKIP = r"(?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))|(?P<comment><!--.*?(?:-->|\Z))"
_XML_REF = (
    r"&(?!(?:amp|lt|gt|quot|apos);)"
    r"(?P<ref>\#[0-9]{1,8};|\#[xX][0-9A-Fa-f]{1,8};|[^\W\d][\w.\-]*;)?"
)
_XML_SUSPECT = re.compile(
    rf"{_XML_SKIP}|{_XML_REF}|<(?![^\W\d]|/[^\W\d]|!--|!\[CDATA\[|\?)", re.S
)
# Second try for a record that still fails: also every tag, to keep only the corpus's own.
_XML_SUSPECT_TAGS = re.compile(
    rf"{_XML_SKIP}|{_XML_REF}|<(?P<close>/?)(?P<name>[^\W\d][\w.\-:]*)?", re.S
)
_XML_BARE_AMP = re.compile(r"&(?!\#[0-9]{1,8};|\#[xX][0-9A-Fa-f]{1,8};|[^\W\d][\w.\-]*;)")
_XML_BARE_LT = re.compile(r"<(?![^\W\d]|/[^\W\d]|\?)")
_XML_ENTITY = re.compile(_XML_REF[: -len("?")])  # the same, reference required
_XML_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_PROLOG = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*\?>)?\s*(?:<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)?",
                         re.S)


def _xml_char_ok(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or (
        0x10000 <= code <= 0x10FFFF
    )


def _repair_xml(text: str, known_tags: frozenset[str] | None = None, *, chars: bool = False) -> str:
    """Escape stray ``&``/``<`` and decode HTML entities; ``known_tags``: other tags too;
    ``chars``: replace characters XML 1.0 forbids by U+FFFD (one for one: lengths stay)."""

    def fix(m: re.Match[str]) -> str:
        token, groups = m[0], m.groupdict()
        if groups.get("cdata") or groups.get("comment"):
            return token
        if token.startswith("&"):
            ref = m["ref"]
            if ref is None:
                return "&amp;"
            if ref.startswith("#"):
                code = int(ref[2:-1], 16) if ref[1] in "xX" else int(ref[1:-1])
                return token if _xml_char_ok(code) else "&amp;" + ref
            char = html.entities.html5.get(ref)
            if char is None:
                return "&amp;" + ref
            return char.replace("&", "&amp;").replace("<", "&lt;")
        if known_tags is not None and groups.get("name") in known_tags:
            return token
        return "&lt;" + token[1:]

    if chars:
        text = _XML_INVALID_CHARS.sub("\ufffd", text)
    if known_tags is None and "<!" not in text:
        # Fast path (no CDATA or comment to protect): constant replacements run in C, and
        # only entity references other than the five of XML reach Python.
        text = _XML_BARE_AMP.sub("&amp;", text)
        text = _XML_BARE_LT.sub("&lt;", text)
        return _XML_ENTITY.sub(fix, text)
    pattern = _XML_SUSPECT if known_tags is None else _XML_SUSPECT_TAGS
    return pattern.sub(fix, text)


_STRICT = dict(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


_STRUCTURE_SAMPLE = 2_000_000  # characters read to learn the record and field tags
# Usual names of a corpus's record element: decide between "root with one record" and "one
# record whose field holds markup".
_RECORD_TAGS = frozenset({"doc", "document", "record", "item", "article", "news", "entry", "row"})


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname.lower()


def _xml_structure(text: str, path: str) -> tuple[str, set[str]]:
    """Record tag and field tags, read off a recovering parse of the start of the text."""
    body = _XML_PROLOG.sub("", text[:_STRUCTURE_SAMPLE], count=1)
    parser = etree.XMLParser(recover=True, **_STRICT)
    wrapped = f"<cityreports-root>{_repair_xml(body, chars=True)}</cityreports-root>"
    root = etree.fromstring(wrapped, parser)
    tops = [] if root is None else [e for e in root if isinstance(e.tag, str)]
    if not tops:
        raise InputError(path, "malformed XML: no elements found, line 1")
    if len(tops) == 1 and _local(tops[0]) not in _RECORD_TAGS:
        children = [e for e in tops[0] if isinstance(e.tag, str)]
        tags = {e.tag for e in children}
        if len(children) == 1:
            fields = {g.tag for g in children[0] if isinstance(g.tag, str)}
            # <docs><doc><url/><content/></doc></docs>, not <doc><content>..<b>..</content></doc>
            is_root = _local(children[0]) in _RECORD_TAGS or len(fields) >= 2
        else:
            is_root = len(tags) == 1 and len(children) >= 2
        if is_root:
            tops = children
    record_tag = collections.Counter(e.tag for e in tops).most_common(1)[0][0]
    fields = {c.tag for e in tops if e.tag == record_tag for c in e if isinstance(c.tag, str)}
    return record_tag, fields | {record_tag}


def _xml_problem(exc: Exception, first_line: int) -> str:
    message = getattr(exc, "msg", None) or str(exc)
    reason = re.sub(r",?\s*line \d+(, column \d+)?", "", message).strip(" ,") or "syntax"
    return f"malformed XML: {reason}, line {first_line + (getattr(exc, 'lineno', 1) or 1) - 1}"


def _parse_record(
    chunk: str, known: set[str], parser: etree.XMLParser, first_line: int, path: str
) -> dict[str, str]:
    """Fields of one record's source text; ``known`` (the corpus's tags) grows with its own."""
    attempts = (
        lambda: _repair_xml(chunk),
        # characters XML forbids (control codes) become U+FFFD
        lambda: _repair_xml(chunk, chars=True),
        # and a "<" that opens none of the corpus's own tags is text
        lambda: _repair_xml(chunk, frozenset(known), chars=True),
    )
    for attempt, repaired in enumerate(attempts, start=1):
        try:
            element = etree.fromstring(repaired(), parser)
            break
        except (etree.XMLSyntaxError, ValueError) as exc:
            if attempt == len(attempts):
                raise InputError(path, _xml_problem(exc, first_line)) from None
    fields: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str):
            known.add(child.tag)
            fields.setdefault(etree.QName(child).localname.lower(), "".join(child.itertext()))
    for name, value in element.attrib.items():
        fields.setdefault(etree.QName(name).localname.lower(), value)
    return fields


def parse_xml_records(text: str, *, path: str) -> list[tuple[int, dict[str, str]]]:
    """``(record number from 1, {field: text})`` for each ``<doc>``-like record of an XML corpus.

    Works with or without a root element; repairs unescaped ``&`` and ``<`` and undeclared
    (HTML) entities; skips a truncated last record. Field keys are the child tag names in lower
    case (the first of repeated children wins; the record's attributes fill in missing keys).
    Values are the elements' text: entities decoded, CRLF turned into LF as XML parsing does,
    nested markup inside a field reduced to its text. See :data:`XML_FIELD_ROLES`.
    """
    if not text.strip():
        raise InputError(path, "malformed XML: empty file, line 1")
    record_tag, known = _xml_structure(text, path)
    parser = etree.XMLParser(**_STRICT)
    tag = re.escape(record_tag)
    opening = re.compile(rf"<{tag}(?=[\s/>])[^<>]*?(/?)>")
    closing = re.compile(rf"</{tag}\s*>")
    records: list[tuple[int, dict[str, str]]] = []
    pos = line = number = 0
    truncated_line = None
    while (start := opening.search(text, pos)) is not None:
        line += text.count("\n", pos, start.start())
        pos = start.start()
        number += 1
        if start[1] == "/":  # <doc/>: a record without fields
            records.append((number, _parse_record(start[0], known, parser, line + 1, path)))
            pos = start.end()
            continue
        end = closing.search(text, start.end())
        following = opening.search(text, start.end())
        if end is None or (following is not None and following.start() < end.start()):
            if following is None:  # the last record, cut short: skip it
                truncated_line = line + 1
                break
            raise InputError(path, f"malformed XML: record {number} is not closed, line {line + 1}")
        chunk = text[pos : end.end()]
        records.append((number, _parse_record(chunk, known, parser, line + 1, path)))
        line += text.count("\n", pos, end.end())
        pos = end.end()
    if not records:
        where = truncated_line or 1
        raise InputError(path, f"malformed XML: no complete <{record_tag}> record, line {where}")
    return records

