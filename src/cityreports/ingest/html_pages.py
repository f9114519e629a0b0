"""HTML pages: main text (trafilatura) and the metadata the page states."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from cityreports.errors import InputError
from cityreports.ingest.converted import ConvertedText, _iso_date, _put
from cityreports.text.lexicon import HAN_BASIC, HAN_BASIC_RE

# --------------------------------------------------------------------------------------------
# HTML

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I
)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""")
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "euc-cn",
                        "csgb2312", "chinese", "hz-gb-2312", "gb18030", "windows-936"})
_LEADING_XML_DECL = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")


def _codec(label: str) -> str | None:
    """Python codec for an HTML charset label (GB2312/GBK as their superset GB18030)."""
    label = label.strip().lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in {"big5", "x-x-big5", "cn-big5", "csbig5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_html(data: bytes, encoding: str | None) -> str:
    """Decode an HTML page: BOM, then ``encoding``, then ``<meta charset>``, then guesses."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    head = data[:4096]
    declared = [encoding] if encoding else []
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m:
            declared.append(m[1].decode("ascii"))
    tried: list[str] = []
    for label in declared:
        codec = _codec(label)
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        if codec == "gb18030" and not data.isascii():
            # Pages re-saved as UTF-8 often keep their old GB2312 declaration; GB text is
            # almost never valid UTF-8, so valid UTF-8 wins over a GB declaration.
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", errors="replace")


_INVISIBLE = ("script", "style", "noscript", "template", "head", "title", "iframe", "object",
              "svg", "math", "select", "button", "canvas")
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav "
    "ol p pre section summary table tbody tfoot thead tr ul".split()
)
_CELL_MARK, _LINE_MARK = "\x00", "\x01"  # cannot occur in parsed HTML text
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these (not U+3000, not NBSP)
_HIDDEN = etree.XPath(
    ".//*[@hidden or contains(translate(@style, ' ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz'), 'display:none')]"
)


def _visible_body_text(tree: etree._Element) -> str:
    """Visible text of ``<body>``: one block element per line, table cells joined by tabs."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, *_INVISIBLE,
                         with_tail=False)
    for element in _HIDDEN(body):
        if element is not body and element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS or tag == "br":
                parts.append(_LINE_MARK)
            if element.text:
                parts.append(_HTML_SPACE.sub(" ", element.text))
        else:
            if tag in _BLOCKS:
                parts.append(_LINE_MARK)
            elif tag in ("td", "th"):
                parts.append(_CELL_MARK)
            if element.tail and element is not body:
                parts.append(_HTML_SPACE.sub(" ", element.tail))
    lines = []
    for line in "".join(parts).split(_LINE_MARK):
        cells = [_HTML_SPACE.sub(" ", c).strip(" ") for c in line.split(_CELL_MARK)]
        while cells and not cells[-1]:
            cells.pop()
        line = "\t".join(cells)
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


# Chinese government sites state their metadata in these <meta name=...> tags (the national
# standard for government websites); trafilatura does not read them.
_HTML_META_NAMES = {
    "author": "author",
    "articletitle": "title",
    "pubdate": "date",
    "publishdate": "date",
    "contentsource": "source",
    "source": "source",
    "sitename": "sitename",
    "description": "description",
}


_HTMLDATE_FAST = {"extensive_search": False, "original_date": True}
#: What trafilatura is asked for: the main text with its tables, nothing dropped as a repeat
#: (boilerplate is marked later, not deleted), and the page's metadata. htmldate's extensive
#: search reads "2024年3月15日" in the text as 2024-01-01 and is slow (dateparser) on long pages:
#: metadata, <time> and date-classed elements only; a labelled Chinese byline date is read below.
_EXTRACTION = {
    "favor_recall": True,
    "include_tables": True,
    "include_comments": False,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
    "with_metadata": True,
    "date_extraction_params": _HTMLDATE_FAST,
}
# "发布时间：2024年03月15日", "日期: 2024-03-15": the labelled date of a Chinese news byline;
# or a byline's date (and clock) before its source or author, unlabelled
# ("2024年04月12日 09:15　来源：洛阳日报"), which trafilatura drops with its <div>.
_BYLINE_DATE = re.compile(
    r"(?:发布|发表|更新|成文|印发)?(?:时间|日期)\s*[：:]\s*"
    r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
    r"|(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})日?"
    r"(?:[ \t\u3000]{0,3}\d{1,2}:\d{2}(?::\d{2})?)?[ \t\u3000]{0,4}"
    r"(?:来源|來源|作者|编辑|編輯)[：:]"
)


#: The class or id of the element a government or news page writes its article's title in
#: (article-title, art_title, news_tit, detail-title, xl_bt …).
_TITLE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:article|art|news|detail|content|doc|xl|main|con|wz|text|h|post|entry)[_-]?"
    r"(?:title|tit|bt|biaoti)(?:$|[\s_-])|^(?:title|tit|biaoti|bt)$", re.I)
_NOT_A_TITLE = re.compile(r"首页|当前位置|您的位置|当前的位置|首頁|目前位置")
#: A site's or an office's name alone, which trafilatura takes for the title from a logo <h1>.
_SITE_NAME = re.compile(f"[{HAN_BASIC}]{{2,20}}(?:人民政府|政府|门户网站|网站|門戶網站|網站)")
#: The site's name (and section) a page's <title> adds after the headline: 智慧城市建设按下
#: “快进键”-新华网, …_中国政府网, … | 宁波市人民政府 - 政务公开.
_SITE_SUFFIX = re.compile(
    # each part starts and ends with a non-space and never holds a separator, and there are at
    # most four: no two ways to split a run of spaces (a nested, unbounded form backtracked
    # exponentially on a space-padded <title>)
    r"(?<![\s\-_|｜—–])\s*[-_|｜—–]+\s*[^\s\-_|｜—–][^\-_|｜—–]{1,19}?(?:网|網|网站|網站|报|報|台|政府|门户|頻道"
    r"|频道|新闻|新聞|客户端|在线|在線|日报|日報)"
    r"(?:\s*[-_|｜—–]+\s*[^\s\-_|｜—–](?:[^\-_|｜—–]{0,18}[^\s\-_|｜—–])?){0,3}\s*$")
#: The shortest headline left of a site suffix: 上海—上海市人民政府 keeps its dash.
_MIN_HEADLINE = 4


def _without_site_suffix(title: str) -> str:
    """``title`` without the site's name a page's <title> adds after the headline, unless
    what is left is too short to be a headline (上海—上海市人民政府)."""
    headline = _GENRE_PREFIX.sub("", _SITE_SUFFIX.sub("", title, count=1), count=1)
    return headline if len(headline.strip()) >= _MIN_HEADLINE else title


#: A genre label a page's <title> puts before the headline (新聞公報 - 局長致辭全文), which
#: trafilatura may keep as the title. (The page's own words, before any conversion: the text's
#: genre labels are text/structure.yml's, read after normalisation.)
_GENRE_WORDS = r"(?:新闻公报|新聞公報|新闻稿|新聞稿|新闻发布|新聞發佈|Press Releases?)"
_GENRE_PREFIX = re.compile(rf"^{_GENRE_WORDS}\s*[-_|｜—–:：]\s*", re.I)
_GENRE_ONLY = re.compile(_GENRE_WORDS, re.I)


def _cell_text(line: str) -> str:
    """A table row of one cell as trafilatura writes it (``| 今年以来，… |``, the layout table
    of an old page) as its text; other lines as they are. (String tests, not a regex: the
    pattern with spaces on both sides of a lazy cell was cubic in a run of spaces.)"""
    if len(line) >= 2 and line[0] == line[-1] == "|" and line.count("|") == 2:
        return line[1:-1].strip()
    return line


#: Markup in a record's text field (a scraped article's HTML kept in its JSON): two tags.
_FRAGMENT_TAGS = re.compile(r"</?(?:p|br|div|span|table|tr|td|img|a|strong|b|font|h[1-6]|li|ul)"
                            r"(?:\s[^<>]*)?/?>", re.I)


def is_html_fragment(text: str) -> bool:
    """Whether a record's text is HTML markup (two tags or more of a page's body, closing
    tags counted: <p>…</p>)."""
    found = _FRAGMENT_TAGS.finditer(text)
    return next(found, None) is not None and next(found, None) is not None


def fragment_text(text: str) -> str:
    """The visible text of an HTML fragment: one block element per line (as
    :func:`convert_html` reads a page's body when trafilatura finds nothing)."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return text
    return _visible_body_text(tree)


def _class_title(tree: etree._Element) -> str:
    """The article title a page marks by its element's class or id, or ""."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
        if not marks or not _TITLE_CLASS.search(marks):
            continue
        text = " ".join(element.text_content().split())
        text = text[: byline.start()] if (byline := _BYLINE_START.search(text)) else text
        if 4 <= len(text) <= 120 and HAN_BASIC_RE.search(text) and not _NOT_A_TITLE.search(text):
            return text
    return ""


#: Where a title element goes on into the byline it holds (… 2022年03月08日07:12 | 来源：人民网).
_BYLINE_START = re.compile(
    r"\s*(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?\s*\d{1,2}:\d{2}|(?:来源|來源|作者)[：:])")


def _html_meta(tree: etree._Element) -> dict[str, str]:
    """Metadata stated in <meta name=...> tags (ArticleTitle: the title; else an element whose
    class names it the article's title) and, for the date, a labelled byline."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = _HTML_META_NAMES.get((meta.get("name") or "").strip().lower())
        if key:
            _put(found, key, meta.get("content"))
    if "title" not in found:
        _put(found, "title", _class_title(tree))
    body = tree.find(".//body")
    if "date" not in found and body is not None:
        m = _BYLINE_DATE.search(body.text_content()[:20_000])
        if m:
            found["date"] = _iso_date(m[1] or m[2])
    return found


def convert_html(data: bytes, *, path: str, encoding: str | None = None) -> ConvertedText:
    """Main text of an HTML page (trafilatura; lxml's visible body text as fall-back).

    ``encoding`` (e.g. from an HTTP header) is tried before the page's own declaration.
    """
    # trafilatura costs ~0.25 s to import (htmldate, justext, courlan): load it only here.
    import trafilatura
    from lxml import html as lxml_html

    page = _LEADING_XML_DECL.sub("", _decode_html(data, encoding), count=1)
    if not page.strip():
        raise InputError(path, "no text in HTML page")
    extracted = trafilatura.bare_extraction(page, **_EXTRACTION)
    try:
        tree = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        tree = None
    stated = _html_meta(tree) if tree is not None else {}
    text = (extracted.text or "") if extracted is not None else ""
    text = "\n".join(_cell_text(line.rstrip()) for line in text.split("\n")).strip("\n")
    source = "trafilatura"
    if not text.strip():
        text = _visible_body_text(tree) if tree is not None else ""
        source = "lxml"
        if not text:
            raise InputError(path, "no text in HTML page")
        extracted = trafilatura.extract_metadata(
            lxml_html.document_fromstring(page), date_config=_HTMLDATE_FAST
        )

    metadata: dict[str, str] = {}
    if extracted is not None:
        for key in ("title", "date", "author", "url", "sitename", "description"):
            _put(metadata, key, getattr(extracted, key, None))
    # trafilatura's sitename falls back to the host name: a stated SiteName is better.
    if stated.get("sitename") and metadata.get("sitename") == getattr(extracted, "hostname", 0):
        metadata["sitename"] = stated["sitename"]
    # the page's own title (ArticleTitle, an article-title element) over trafilatura's guess,
    # which takes a site's logo in <h1> or a breadcrumb <title>
    if stated.get("title"):
        metadata["title"] = stated["title"]
    elif metadata.get("title"):
        title = _without_site_suffix(metadata["title"])
        if _GENRE_ONLY.fullmatch(title) and tree is not None:  # trafilatura kept the label
            title = _without_site_suffix(tree.findtext(".//title") or "") or title
        if _NOT_A_TITLE.search(title) or ">" in title or _SITE_NAME.fullmatch(title):
            del metadata["title"]  # a breadcrumb (首页 > 新闻中心) or the site's name in <h1>
        else:
            metadata["title"] = title
    # trafilatura drops single-word authors, i.e. every Chinese name: take the meta tag.
    for key, value in stated.items():
        _put(metadata, key, value)
    if metadata.get("date"):
        metadata["date"] = _iso_date(metadata["date"])
    return ConvertedText(text, source, metadata)




# --------------------------------------------------------------------------------------------
# MHTML (a web page saved as one file: .mht, .mhtml, and the .doc "Word" downloads of many
# government sites, which are Word's MHTML)

#: The start of an MHTML file: MIME headers that declare a multipart body.
_MHTML_START = re.compile(
    rb"\A(?:\s*[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){0,40}?"
    rb"\s*Content-Type:\s*multipart/related", re.I,
)


def is_mhtml(data: bytes) -> bool:
    """Whether ``data`` opens like MHTML: mail headers (MIME-Version, Subject, …) and a
    ``multipart/related`` Content-Type among the first 40 of them."""
    head = data[:8192]
    return b"mime-version" in head.lower() and _MHTML_START.match(head) is not None


def convert_mhtml(data: bytes, *, path: str) -> ConvertedText:
    """Main text of an MHTML file: its root HTML part (the part the ``start`` parameter or
    the first ``text/html`` part names), decoded from base64 or quoted-printable, through
    :func:`convert_html` with the part's charset; the page's address (Content-Location)
    becomes ``url`` when the page states none."""
    import email
    from email import policy

    try:
        message = email.message_from_bytes(data, policy=policy.compat32)
    except Exception as exc:  # noqa: BLE001 - the stdlib parser raises many kinds
        raise InputError(path, f"malformed MHTML: {type(exc).__name__}: {exc}") from exc
    if not message.is_multipart():
        raise InputError(path, "malformed MHTML: not a multipart message")
    parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
    start = (message.get_param("start") or "").strip("<>")
    root = next((p for p in parts if (p.get("Content-ID") or "").strip("<>") == start and start),
                parts[0] if parts else None)
    if root is None:
        raise InputError(path, "no HTML part in the MHTML file")
    body = root.get_payload(decode=True) or b""
    converted = convert_html(body, path=path, encoding=root.get_content_charset())
    location = root.get("Content-Location") or message.get("Content-Location") or ""
    metadata = dict(converted.metadata)
    if location.startswith(("http://", "https://")):
        metadata.setdefault("url", location.strip())
    return ConvertedText(converted.text, converted.text_source, metadata)
