"""Blocks (paragraphs with roles) of a normalised report; sentences are in :mod:`.sentences`.

Blocks are the lines of the normalised text; a line is split further when a reporter/source
credit in parentheses ends it (``…。（记者 成静）``), when site chrome is glued to its end
(``…循环。 神舟十五号…中国网是…电话：…``), or where the normaliser joined two lines
(a ``page_break`` repair) right after a URL or a document title (``原文链接：https://…html`` /
``安徽省…的通知``): those were whole lines, not a sentence broken by a page.

The role rules (first match wins, :func:`_assign_roles`) are written out in
``docs/block_roles.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cityreports.errors import ParameterError
from cityreports.records import Block, NormalizedText
from cityreports.text.heads import HEADS
from cityreports.text.lexicon import HAN_BASIC, HAN_BASIC_RE, Patterns, organisation_suffix_pattern
from cityreports.text.page_breaks import is_page_number
from cityreports.text.sentences import TERMINATORS, split_sentences, strip_range

__all__ = ["is_numbered", "names_a_document", "segment_blocks", "split_sentences"]

# The cues of the line roles: sentence ends, chrome, credits, bylines, front matter, page numbers.
_P = Patterns("text/structure")


@lru_cache(maxsize=1)
def _org_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``(org after stop, org line)`` with the ``line`` organisation endings of the lexicon: a
    sentence then a short organisation name (a caption credit), and a line that is a name."""
    org = organisation_suffix_pattern("line")
    return (
        re.compile(rf"^[^。]{{2,45}}。[^。，]{{2,30}}{org}$"),
        re.compile(rf"^[{HAN_BASIC}（）()、 ]{{2,30}}{org}$"),
    )


@dataclass(frozen=True)
class _Piece:
    """A candidate block: normalised range and, when already known, its role."""

    start: int
    end: int
    role: str = ""


# ---------------------------------------------------------------- splitting


@lru_cache(maxsize=4)
def _long_run(nav_run: int) -> re.Pattern[str]:
    """A run of ``nav_run`` or more characters without clause punctuation, matched only where
    such a run starts (after punctuation or at the start): a line has one exactly when it has
    any ``nav_run`` such characters in a row, and the engine does not re-scan every shorter
    run from each of its characters."""
    return re.compile(f"(?<![^，。；！？、,;!?])[^，。；！？、,;!?]{{{nav_run},}}")


def _boilerplate_start(line: str, *, nav_run: int) -> int:
    """Offset in ``line`` where glued site chrome starts (after a sentence end), or -1."""
    long_run = len(line) >= nav_run and _long_run(nav_run).search(line)
    if not (long_run or _P.boiler_mark.search(line)):
        return -1
    for m in TERMINATORS.finditer(line):
        p = m.end()
        tail = line[p:].lstrip(" ")
        if len(tail) < 6:
            continue
        first = _P.soft_punct.search(tail)
        run = first.start() if first else len(tail)
        if _P.boiler_mark.match(tail) or (
            run >= nav_run and (_P.boiler_mark.search(tail) or run >= 2 * nav_run)
        ):
            return len(line) - len(tail)
    return -1


def _split_boilerplate(line: str) -> list[int]:
    """Cut points inside a boilerplate tail: site self-description and contact runs."""
    cuts: list[int] = []
    first = _P.soft_punct.search(line)
    if first:
        head = line[: first.start()]
        m = _P.site_sentence.search(head)
        if m and m.start() > 0:
            cuts.append(m.start())
    after = cuts[-1] if cuts else 0
    for m in _P.contact.finditer(line):
        if m.start() > after and line[m.start() - 1] in "。！？":
            cuts.append(m.start())  # the contact run after the last sentence of the footer
            break
    return cuts


def _unit_end(part: str) -> bool:
    """True if ``part`` (a line up to a page-break join) is a whole unit, not half a sentence:
    it ends with a URL, or it is a document title (关于…的通知, …实施意见)."""
    return bool(HEADS.url_end.search(part)) or _long_title(part)


def _lines(text: str, joins: frozenset[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text``, also cut at the page-break ``joins`` (offsets
    where the normaliser joined two lines) that follow a whole unit (:func:`_unit_end`)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        a, end = pos, pos + len(line)
        pos = end + 1
        for j in sorted(x for x in joins if a < x < end):
            if _unit_end(text[a:j].strip(" ")):
                out.append((a, j))
                a = j
        out.append((a, end))
    return out


def _pieces(text: str, *, nav_run: int, joins: frozenset[int] = frozenset()) -> list[_Piece]:
    """Lines of ``text`` split off glued boilerplate and trailing parenthesised credits."""
    pieces: list[_Piece] = []
    for start, end in _lines(text, joins):
        a, b = strip_range(text, start, end)
        if a == b:
            continue
        cut = _boilerplate_start(text[a:b], nav_run=nav_run)
        if cut > 0:
            body_end = strip_range(text, a, a + cut)[1]
            pieces.extend(_credit_split(text, a, body_end))
            tail = text[a + cut : b]
            edges = [0, *_split_boilerplate(tail), len(tail)]
            for x, y in zip(edges, edges[1:], strict=False):
                s, e = strip_range(text, a + cut + x, a + cut + y)
                if s < e:
                    pieces.append(_Piece(s, e, "boilerplate"))
        else:
            pieces.extend(_credit_split(text, a, b))
    return pieces


def _credit_split(text: str, a: int, b: int) -> list[_Piece]:
    """Split a parenthesised credit (（记者 成静）) off the end of a sentence-final line."""
    m = _P.paren_credit.search(text, a, b)
    if m and m.start() > a and text[m.start() - 1] in "。！？”」":
        inner = m.group(1)
        if not _P.soft_punct.search(inner) or _P.credit_line.match(inner):
            s = strip_range(text, a, m.start())[1]
            return [_Piece(a, s), _Piece(m.start(), b, "credit")]
    return [_Piece(a, b)]


# ---------------------------------------------------------------- roles


def _ends_sentence(line: str) -> bool:
    return bool(_P.ends_sentence.search(line))


def _lcs_len(a: str, b: str) -> int:
    """Length of the longest common substring (short ``a``, any ``b``)."""
    best = 0
    for i in range(len(a)):
        lo, hi = best + 1, len(a) - i
        while lo <= hi and a[i : i + lo] in b:
            best = lo
            lo += 1
    return best


#: Characters a line ending in an emoji needs before it to read as a sentence (突破3万个🎉),
#: not as a heading (活动亮点✨).
_EMOJI_SENTENCE = 8


#: A word in Latin letters, which a bilingual line adds after its Chinese.
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


def _width(line: str) -> int:
    """How long ``line`` reads: its characters, but in a Chinese line with its English (no
    fewer Han characters than Latin words) each Latin word counts one: 深圳市政府新闻办公室
    Information Office of Shenzhen Municipal Government is a masthead's length, not a
    paragraph's."""
    if not HAN_BASIC_RE.search(line) or not _LATIN_WORD.search(line):
        return len(line)
    collapsed, words = _LATIN_WORD.subn("a", line)
    return len(collapsed) if len(HAN_BASIC_RE.findall(line)) >= words else len(line)


_ENGLISH_TAIL = re.compile(r"\s+[A-Za-z][A-Za-z0-9'’.,&() -]*$")


def _chinese_part(line: str) -> str:
    """``line`` without the English translation after it (深圳市政府新闻办公室 Information Office
    of Shenzhen Municipal Government -> 深圳市政府新闻办公室)."""
    return _ENGLISH_TAIL.sub("", line) if HAN_BASIC_RE.match(line) else line


def _short(line: str, *, max_len: int, emoji_ends: bool = True) -> bool:
    """A line that can be a title, heading or caption: short, and it neither ends like a
    sentence nor states a figure (常住人口：1200万人) nor, with ``emoji_ends``, ends a WeChat
    sentence in an emoji (not asked at the top of a document, where such a line is the
    headline: 重磅！我市新能源汽车产量突破3万辆🎉)."""
    if _width(line) > max_len or _ends_sentence(line) or _P.figure_line.match(line):
        return False
    end = _P.emoji_end.search(line) if emoji_ends else None
    return end is None or end.start() + 1 < _EMOJI_SENTENCE


def _caption_evidence(lines: list[str], i: int, roles: list[str]) -> bool:
    line = lines[i]
    if _P.person_caption.search(line) or _P.photo.search(line) or _org_patterns()[0].match(line):
        return True
    prev = next((lines[j] for j in range(i - 1, -1, -1) if roles[j] in ("body", "")), "")
    common = _lcs_len(line, prev) if prev else 0
    return common >= 5 and common >= 0.75 * len(line)


def _is_nav_bar(line: str) -> bool:
    """A site's menu: short items between bars, one of them a menu word (首页, 登录 …) as a
    whole item or word, or six items or more."""
    if len(line) > 160 or not _P.nav_bar.match(line):
        return False
    words = [word for item in _NAV_BARS.split(line) for word in item.split()]
    return len(_NAV_BARS.findall(line)) >= 5 or any(_P.nav_word.fullmatch(w) for w in words)


_NAV_BARS = re.compile(r"[|｜丨]")


def _anywhere_role(line: str, i: int) -> str:
    """Role of a line that is clear wherever it stands (chrome, front matter, credits), or ""."""
    short = len(line) <= 60
    if _P.boiler_mark.match(line) or (len(line) <= 120 and len(_P.boiler_mark.findall(line)) >= 2):
        return "boilerplate"
    if short and (
        _P.chrome_line.match(line) or _P.strong_boiler.search(line) or is_page_number(line)
        or _P.breadcrumb.match(line) or _P.site_name.match(line)
    ) or _is_nav_bar(line):
        return "boilerplate"
    if len(line) <= 80 and _P.photo_sentence.match(line):
        return "caption"
    if _P.paper_front.match(line) or (
        short and (_P.doc_field.match(line) or _P.attachment.match(line))
    ):
        return "front_matter"
    if len(line) <= 200 and HEADS.export_chrome.match(line):
        return "front_matter"
    if short and (HEADS.issued_by.match(line) or HEADS.decree_number.match(line)):
        return "front_matter"
    if _P.credit_line.match(line) and short:
        return "credit"
    paren = _P.paren_credit.fullmatch(line)
    if paren and _P.date_line.match(line):
        return ""  # （2023年3月5日）: front matter at the top, a signature date at the end
    if paren and _P.photo.search(paren.group(1)):
        return "caption"  # （图片来源：新华社）
    if paren and i > 0:
        return "credit"
    return ""


def _first_pass(lines: list[str], roles: list[str], *, max_len: int) -> None:
    """Assign the roles of :func:`_anywhere_role`, link lists and attachment lists in place."""
    first_long = next(
        (i for i, ln in enumerate(lines)
         if not roles[i] and not _short(ln, max_len=max_len, emoji_ends=False)),
        len(lines),
    )
    follows = ""  # "links" after a related-links header, "attachment" after 附件：1.…
    for i, line in enumerate(lines):
        if roles[i]:
            follows = ""
            continue
        at_top = i < first_long
        if at_top and (_P.byline_prefix.match(line) or _P.reporter_line.match(line)):
            follows = ""
            continue
        if follows and _short(line, max_len=max_len):
            if follows == "links" or _P.numbered.match(line):
                roles[i] = "boilerplate" if follows == "links" else "front_matter"
                continue
        if follows == "field" and len(line) <= 60:
            roles[i], follows = "front_matter", ""  # the value of a table cell 索引号： / 0001
            continue
        roles[i] = _anywhere_role(line, i)
        follows = ""
        if _P.link_list_head.match(line):
            follows = "links"
        elif roles[i] == "front_matter" and _P.attachment.match(line):
            follows = "attachment"
        elif (roles[i] == "front_matter" and _P.doc_field.match(line)
              and HEADS.field_label.match(line)):
            follows = "field"
        elif HEADS.decree_number.match(line) and i > 0 and not roles[i - 1]:
            if HEADS.decree_head.match(lines[i - 1]):
                roles[i - 1] = "front_matter"  # 上海市人民政府令 / （第19号）


def names_a_document(line: str) -> bool:
    """Whether ``line`` ends in the genre of an official document (…办法, …条例, …的通知)."""
    return _P.doc_title.search(line) is not None


def is_numbered(line: str) -> bool:
    """Whether ``line`` opens with a heading's number (第三章, 一、, （二）, 1.2, ①)."""
    return _P.numbered.match(line) is not None


def _long_title(line: str) -> bool:
    """A long official document title (关于印发…的通知): no clause punctuation, ≤ 100 chars."""
    return len(line) <= 100 and bool(_P.doc_title.search(line)) and not _P.clause_punct.search(line)


def _is_title(line: str) -> bool:
    """A line that can be the title: at most 80 characters, or a long document title."""
    return not _P.numbered.match(line) and (len(line) <= 80 or _long_title(line))


def _salutation_next(lines: list[str], i: int) -> bool:
    """True if the line after ``i`` is a short salutation (各位代表：, 各位领导、各位来宾：)."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return len(nxt) <= 30 and nxt.endswith(("：", ":")) and not _P.clause_punct.search(nxt)


def _top_roles(lines: list[str], roles: list[str], *, max_len: int) -> None:
    """Title, subtitle, byline and front matter before the first body paragraph (in place)."""
    n = len(lines)
    first = next((i for i in range(n) if not roles[i]), n)
    first_body = next(
        (
            i
            for i, ln in enumerate(lines)
            if not roles[i]
            and not _short(ln, max_len=max_len, emoji_ends=False)
            and not (i == first and (_long_title(ln) or _P.exclaimed_headline.match(ln)))
        ),
        n,
    )
    top = [i for i in range(first_body) if not roles[i]]
    seen_title = "title" in roles  # the own title after a catalogue line (_catalogue_title)
    kicker = False
    for k, i in enumerate(top):
        line = lines[i]
        nxt = lines[top[k + 1]] if k + 1 < len(top) else ""
        if roles[i]:
            continue  # the continuation of a title split across lines
        if HEADS.speech_dateline.match(line):
            roles[i] = "subtitle" if seen_title else "front_matter"
        elif _P.front_matter.match(line) or _P.date_line.match(line) or (
                not seen_title and _P.genre_label.match(line)):
            roles[i] = "front_matter"  # a genre label is never the title (Press Release 新闻公报)
        elif (len(line) <= max_len and _P.date_time.search(line)
              and not _P.clause_punct.search(line)):
            roles[i] = "front_matter"  # 原创 智慧城市研究院 2023-03-05 10:00 北京
        elif _is_byline(line) or _P.dateline_line.match(line):
            roles[i] = "byline"
        elif (
            not seen_title
            and all(roles[j] == "front_matter" or (kicker and j == top[k - 1]) for j in top[:k])
            and _is_title(line)
        ):
            if _caption_evidence(lines, i, roles) and not _short(line, max_len=max_len,
                                                                  emoji_ends=False):
                continue
            if _org_patterns()[0].match(line):
                continue
            stack = _masthead_stack(lines, top[k:])
            if len(stack) > 1:  # 新闻局 / 澳门特别行政区政府: a stack of issuers
                after = top[k + len(stack)] if k + len(stack) < len(top) else None
                if after is not None and lines[after].startswith("关于") and not any(
                        lines[j].endswith("文件") for j in stack):
                    for j in (*stack, after):  # 中共…办公厅 / 国务院办公厅 / 关于…的意见: joint
                        roles[j] = "title"
                    seen_title = True
                else:
                    roles[i] = "front_matter"
                continue
            masthead = _P.masthead.match(_chinese_part(line)) or _P.genre_label.match(line)
            # the headline under a masthead and its date lines
            under = _after_dates(lines, top[k + 1 :]) if masthead else ""
            if masthead and under and _is_title(under) and not _is_byline(under) \
                    and not _P.masthead.match(under) and not HEADS.speech_dateline.match(under):
                if under == nxt and nxt.startswith("关于") and not line.endswith("文件"):
                    # 成都市人民政府办公厅 / 关于…的实施意见: one title over two lines
                    roles[i] = roles[top[k + 1]] = "title"
                    seen_title = True
                    continue
                roles[i] = "front_matter"  # the issuer's masthead; the title follows
                continue
            if not kicker and HEADS.kicker.search(line) and nxt and _is_title(nxt):
                roles[i], kicker = "subtitle", True  # 肩题 ending in ——, the headline follows
                continue
            roles[i], seen_title = "title", True
            for j in top[k + 1 :]:  # a title split inside a word: 政府工作报 / 告
                if not _split_word(lines[i], lines[j]):
                    break
                roles[j] = "title"
        elif _P.numbered.match(line):
            continue  # 第一章 总则 is a heading, not a byline
        elif seen_title and (
            line.startswith(("——", "--", "─"))
            or (_P.byline.match(nxt) and not _P.byline.match(line) and len(line) <= 80)
        ):
            roles[i] = "subtitle"
        elif (seen_title and (_P.byline.match(line) or _P.author_group.search(line))
              and len(line) <= 30):
            roles[i] = "byline"  # names, or an author group (市人大常委会调研组, 课题组)
        elif seen_title and _P.bare_name.match(line) and _salutation_next(lines, i):
            roles[i] = "byline"  # speaker of a speech above its salutation (各位代表：)


def _is_byline(line: str) -> bool:
    """A byline or credit (记者 王明, 作者：王明): under a headline that names an
    organisation (走进国家数据局), never a title of its own that would make it a masthead."""
    return bool(_P.credit_line.match(line) or _P.byline_prefix.match(line)
                or _P.reporter_line.match(line) or _P.social_handle.match(line))


def _after_dates(lines: list[str], top: list[int]) -> str:
    """The first of the lines ``top`` (indices) that is not a date line: what stands under a
    masthead and its date (高雄市政府 新聞稿 / 113年5月6日 / headline)."""
    return next((lines[j] for j in top if not _P.date_line.match(lines[j])), "")


def _masthead_stack(lines: list[str], top: list[int]) -> list[int]:
    """The masthead lines at the start of ``top`` (line indices), one after another."""
    stack: list[int] = []
    for j in top:
        if not _P.masthead.match(_chinese_part(lines[j])):
            break
        stack.append(j)
    return stack


def _split_word(title: str, nxt: str) -> bool:
    """True if ``nxt`` continues ``title`` broken across lines: joined, the two end like a
    document title (政府工作报 / 告, 关于…的通 / 知) and ``title`` alone does not. The
    continuation is short, or (a long title wrapped on a PDF page or a 红头 layout:
    杭州市人民政府关于印发…新型智慧城市 / 建设三年行动计划（2021—2023年）的通知) up to 40
    characters under a first line of 12 or more."""
    limit = 40 if len(title) >= 12 else 6
    if len(nxt) > limit or _P.clause_punct.search(nxt) or _P.numbered.match(nxt) or nxt.startswith(
        ("——", "--", "─")
    ):
        return False
    return bool(_P.doc_title.search(title + nxt)) and not _P.doc_title.search(title)


def _catalogue_title(lines: list[str], roles: list[str], *, reach: int = 12) -> None:
    """After export chrome (pkulaw's 【法宝引证码】/原文链接), the first line is the site's
    catalogue entry, which the document's own title repeats (often with other brackets or
    dashes) within the next ``reach`` lines: the catalogue line is front matter, the repeat the
    title (in place)."""
    first = next((i for i, r in enumerate(roles) if r != "front_matter"), len(lines))
    if (
        first == 0
        or first >= len(lines)
        or roles[first]
        or not any(HEADS.export_chrome.match(lines[i]) for i in range(first))
    ):
        return
    key = _title_key(lines[first])
    for j in range(first + 1, min(len(lines), first + 1 + reach)):
        if not roles[j] and key and _title_key(lines[j]) == key:
            roles[first], roles[j] = "front_matter", "title"
            return


def _title_key(line: str) -> str:
    """A title without spaces, brackets, quotes and dash variants, to compare two copies."""
    return HEADS.title_noise.sub("", line)


def _signature_pairs(lines: list[str], roles: list[str]) -> None:
    """An issuer line followed by a date line (国务院办公厅 / 2022年6月6日) is a credit pair."""
    for i in range(len(lines) - 1):
        if roles[i] or roles[i + 1]:
            continue
        issuer = _org_patterns()[1].match(lines[i]) or _P.office_name.match(lines[i])
        if issuer and _P.date_line.match(lines[i + 1]) and i > 0:
            roles[i] = roles[i + 1] = "credit"


def _attached_title(lines: list[str], roles: list[str], i: int) -> bool:
    """True for the title of an attached document right after a notice's signature block
    (国务院办公厅 / 2022年6月6日 / （此件公开发布）) or its 附件 line: a heading, as a
    document has one title (the notice's)."""
    if i == 0 or roles[i - 1] not in ("credit", "front_matter"):
        return False
    prev, line = lines[i - 1], lines[i]
    signature = (
        _P.date_line.match(prev)
        or _org_patterns()[1].match(prev)
        or "此件" in prev
        or _P.attachment.match(prev) is not None
    )
    return bool(signature) and not _P.numbered.match(line) and not _P.photo.search(line)


def _short_roles(lines: list[str], roles: list[str], *, max_len: int) -> None:
    """Heading or caption for short lines that do not end a sentence (in place)."""
    n = len(lines)
    short = [i for i in range(n) if not roles[i] and _short(lines[i], max_len=max_len)]
    evidence = {i: _caption_evidence(lines, i, roles) for i in short}
    short_set = set(short)
    last_long = max((i for i in range(n) if not roles[i] and i not in short_set), default=-1)
    clear_captions = sum(evidence.values())
    numbered = sum(1 for i in short if _P.numbered.match(lines[i]))
    for i in short:
        line = lines[i]
        nxt_is_body = i + 1 < n and not roles[i + 1] and (i + 1) not in short_set
        neighbour_short = (i - 1 in short_set) or (i + 1 in short_set)
        if i > last_long and (_P.date_line.match(line) or _org_patterns()[1].match(line)):
            roles[i] = "credit"  # issuer and date after the last paragraph (signature)
        elif _attached_title(lines, roles, i):
            roles[i] = "heading"  # the attached document's own title after the signature
        elif _P.numbered.match(line) and not evidence[i]:
            roles[i] = "heading"
        elif evidence[i] or (neighbour_short and not _P.numbered.match(line)):
            roles[i] = "caption"
        elif clear_captions >= 3 and clear_captions > numbered:
            roles[i] = "caption"
        elif nxt_is_body:
            roles[i] = "heading"
        else:
            roles[i] = "caption"


def _assign_roles(lines: list[str], fixed: list[str], *, max_len: int) -> list[str]:
    """Roles for the blocks' texts (``fixed`` holds roles known from splitting)."""
    roles = list(fixed)
    _first_pass(lines, roles, max_len=max_len)
    _catalogue_title(lines, roles)
    _top_roles(lines, roles, max_len=max_len)
    _signature_pairs(lines, roles)
    _short_roles(lines, roles, max_len=max_len)
    return [r or "body" for r in roles]


def segment_blocks(
    norm: NormalizedText, *, max_short: int = 50, nav_run: int = 40, front_matter_end: int = 0
) -> tuple[Block, ...]:
    """Blocks of ``norm`` (paragraphs, with glued chrome and credits split off) with roles.

    ``max_short`` is the longest line (in characters) that can be a title/heading/caption;
    ``nav_run`` the shortest run without punctuation that counts as a navigation run. Lines
    that start before the raw offset ``front_matter_end`` (a Markdown file's YAML front matter,
    found by the reader) are ``front_matter``.
    """
    if not isinstance(norm, NormalizedText):
        raise ParameterError("norm", f"expected NormalizedText, got {type(norm).__name__}")
    if max_short < 1 or nav_run < 1:
        raise ParameterError("max_short/nav_run", "must be >= 1")
    text = norm.text
    joins = frozenset(norm.norm_index(r.start) for r in norm.repairs if r.kind == "page_break")
    pieces = _pieces(text, nav_run=nav_run, joins=joins)
    lines = [text[p.start : p.end] for p in pieces]
    heads = {(a.start, a.end) for a in norm.anomalies if a.kind == "running_head"}
    fixed = [
        "front_matter" if (span := norm.raw_span(p.start, p.end))[0] < front_matter_end
        else "boilerplate" if span in heads  # a running head or foot of PDF pages
        else p.role
        for p in pieces
    ]
    roles = _assign_roles(lines, fixed, max_len=max_short)
    blocks = []
    for k, (p, role) in enumerate(zip(pieces, roles, strict=True)):
        start, end = norm.raw_span(p.start, p.end)
        blocks.append(Block(k, role, start, end, p.start, p.end, text[p.start : p.end]))
    return tuple(blocks)
