"""Normalise decoded report text without losing anything: every output character maps to raw.

The normaliser works in a few vectorised passes over a code-point array and keeps, for each
output character, the index of the raw character it came from (one raw character per output
character; raw characters that map to nothing were *deleted* and are always whitespace, line
breaks, CR, zero-width characters or U+3000 indentation).

Passes
1. character map: CR LF -> LF, lone CR / form feed -> LF, invisible characters (zero-width
   space/joiners, word joiner, BOM, soft hyphen, direction marks) deleted, tabs and Unicode
   spaces -> space, full-width digits and Latin letters -> half-width.
2. layout: leading/trailing whitespace of lines removed, runs of blank lines -> one ``\\n``,
   U+3000 indentation inside a line (two or more U+3000, or one after a sentence end; or two or
   more spaces after a Chinese sentence end before Han text) -> a paragraph break (recorded as
   a ``paragraph_break`` repair); a single mid-line U+3000 -> a space.
3. page-break repair: a long paragraph that stops mid-sentence and is continued by the next
   paragraph is joined (``page_break`` repair; the removed raw whitespace is its span). In
   hard-wrapped text (PDF extraction: most lines of one display width, ~35 Han cells, wrapped
   mid-sentence) a line is joined too, however short the width, when the first unit of the next
   line would not have fit on it, and the next line does not start a paragraph (indented, after
   a blank line, numbered, or a heading-like short line). A form feed (the page break of text
   extracted from a PDF) is a page break for certain: a sentence cut there is joined whatever
   the length of its last line. Page furniture between the two halves of a sentence cut by a
   page break (:mod:`text.page_breaks`: a page number — a marker, - 3 - or 第3页 共10页; a
   bare 3 or 3/10 only beside a form feed — and a running head or foot, a short line repeated
   at the page edges) is taken out with the line breaks around it: the join's ``page_break``
   repair keeps its raw text. Any other page-number line stays a line (the structure stage
   marks it boilerplate), and so does any other running head, flagged ``running_head``.
4. half-width ``, ; : ? ! ( )`` next to Han characters -> full-width.
5. traditional -> simplified (OpenCC ``t2s``, or ``hk2s``/``tw2s`` when those change more)
   only for paragraphs that really are traditional; the map stays 1:1.

Anomalies (``lost_character``, ``foreign_token``, ``mixed_script``) are flagged, never changed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from cityreports.errors import ParameterError
from cityreports.records import Anomaly, NormalizedText, Repair
from cityreports.text.lexicon import INVISIBLE, Patterns
from cityreports.text.page_breaks import furniture_joins, is_page_number
from cityreports.text.script_tables import converter, hk_table, script_tables

__all__ = ["normalize", "detect_script", "is_page_number"]

#: Characters that end a sentence or clause so a paragraph may stop after them.
TERMINAL = "。！？；：…!?;:.．”’」』）)】》〉>"

#: Invisible characters deleted in pass 1 (lexicon.INVISIBLE).
_ZERO_WIDTH = np.array([ord(c) for c in INVISIBLE], dtype=np.uint32)
_SPACES = (0x09, 0x0B, 0xA0, 0x1680, 0x202F, 0x205F, *range(0x2000, 0x200B))
_BREAKS = (0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_FUNCTION_WORDS = frozenset(
    "and or the of to in for with on at by is are was were be as from that this not but "
    "an a its it".split()
)

# The patterns of the passes (whitespace, line breaks, punctuation, lost characters, foreign runs).
_P = Patterns("text/normalize")


# ------------------------------------------- script flags (OpenCC tables: text/script_tables)


def _script_flags(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per code point: is it traditional-only, is it simplified-only (BMP Han chars)."""
    trad, simp = script_tables()
    bmp = np.where(cp < 0x10000, cp, 0).astype(np.int64)
    return trad[bmp], simp[bmp]


@lru_cache(maxsize=1)
def _translation() -> dict[int, int]:
    """``str.translate`` table for pass 1 (line breaks, spaces, full-width digits/Latin)."""
    table = {c: 0x0A for c in (0x0D, *_BREAKS)}
    table.update({c: 0x20 for c in _SPACES})
    for lo, hi in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)):
        table.update({c: c - 0xFEE0 for c in range(lo, hi)})
    return table


@lru_cache(maxsize=1)
def _translation_array() -> np.ndarray:
    """:func:`_translation` as a code-point array over the BMP (every key is in the BMP and
    maps to one code point; identity elsewhere), for a vectorised lookup."""
    table = np.arange(0x10000, dtype=np.uint32)
    for key, value in _translation().items():
        table[key] = value
    return table


def _translate(text: str) -> str:
    """``text.translate(_translation())``: an ASCII text goes to ``str.translate`` (its fast
    path); any other through a numpy lookup of its code points, several times faster than a
    dict lookup per character (lone surrogates pass through unchanged)."""
    if text.isascii():
        return text.translate(_translation())
    cp = _to_codepoints(text)
    mapped = np.where(cp < 0x10000, _translation_array()[cp & 0xFFFF], cp)
    return mapped.tobytes().decode("utf-32-le", "surrogatepass")


def _classify(trad: int, simp: int) -> str:
    """Script from counts of traditional-only and simplified-only characters."""
    if trad + simp == 0:
        return "none"
    if min(trad, simp) >= 3 and min(trad, simp) >= 0.25 * (trad + simp):
        return "mixed"
    if trad > simp:
        return "traditional" if trad >= 3 and trad >= 4 * simp else "none"
    return "simplified"


def detect_script(text: str) -> str:
    """Return 'simplified', 'traditional', 'mixed' or 'none' (no script-specific Han chars).

    Counts characters that OpenCC ``t2s`` would change (traditional evidence) and characters
    ``s2t`` would change (simplified evidence). A lone traditional-looking character (e.g. the
    乾 of a name) is not enough evidence for 'traditional'.
    """
    if not isinstance(text, str):
        raise ParameterError("text", f"expected str, got {type(text).__name__}")
    is_t, is_s = _script_flags(_to_codepoints(text))
    return _classify(int(is_t.sum()), int(is_s.sum()))


# ---------------------------------------------------------------- passes


def _to_codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()


def _char_pass(raw: str) -> tuple[str, np.ndarray]:
    """Pass 1: per-character mapping and deletions. Returns text and raw index per char."""
    if _P.delete.search(raw):
        cp = _to_codepoints(raw)
        keep = ~np.isin(cp, _ZERO_WIDTH)
        keep[:-1] &= ~((cp[:-1] == 0x0D) & (cp[1:] == 0x0A))
        idx = np.flatnonzero(keep)
        raw = _P.delete.sub("", raw)
    else:
        idx = np.arange(len(raw), dtype=np.int64)
    return _translate(raw), idx


def _apply_edits(
    text: str, idx: np.ndarray, edits: list[tuple[int, int, int, str]]
) -> tuple[str, np.ndarray]:
    """Delete ``[a, b)`` of each (sorted, disjoint) edit, keeping ``k`` (if >= 0) as ``c``."""
    if not edits:
        return text, idx
    keep = np.ones(len(text), dtype=bool)
    pieces: list[str] = []
    pos = 0
    for a, b, k, c in edits:
        pieces.append(text[pos:a])
        keep[a:b] = False
        if k >= 0:
            keep[k] = True
            pieces.append(c)
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces), idx[keep]


def _replace_at(text: str, changes: list[tuple[int, str]]) -> str:
    """Replace single characters at sorted positions."""
    if not changes:
        return text
    pieces, pos = [], 0
    for i, c in changes:
        pieces += [text[pos:i], c]
        pos = i + 1
    pieces.append(text[pos:])
    return "".join(pieces)


def _inside_spaced_label(text: str, a: int, b: int) -> bool:
    """Whether the spaces ``[a, b)`` are inside a field label spaced out with U+3000 that
    starts a line or follows other spaces (标　　题：; 索 引 号：…　分　　类：通知)."""
    for m in _P.spaced_label.finditer(text, max(0, a - 12), min(len(text), b + 12)):
        at = m.start()
        if at < a and m.end() > b and (at == 0 or text[at - 1] in "\n \u3000"):
            return True
    return False


def _layout_pass(text: str, idx: np.ndarray, raw: str) -> tuple[str, np.ndarray, list[Repair]]:
    """Pass 2: strip lines, collapse blank lines, turn mid-line U+3000 runs into breaks."""
    edits: list[tuple[int, int, int, str]] = []
    repairs: list[Repair] = []
    n = len(text)
    for m in _P.whitespace.finditer(text):
        a, b = m.span()
        run = m.group()
        if a == 0 or b == n:
            edits.append((a, b, -1, ""))
        elif "\n" in run:
            edits.append((a, b, a + run.index("\n"), "\n"))
        elif "\u3000" not in run and not (
            text[a - 1] in "。！？…”」』" and _P.para_start.match(text[b])
        ):
            continue  # ordinary spaces inside a line are kept
        elif _inside_spaced_label(text, a, b):
            continue  # 标　　题：, …/2023-00123　分　　类：通知: the spaces of a label
        else:
            first = a + run.index("\u3000") if "\u3000" in run else a
            if run.count("\u3000") >= 2 or _ends_sentence(text, a):
                edits.append((a, b, first, "\n"))
                rs, re_ = int(idx[a]), int(idx[b - 1]) + 1
                repairs.append(Repair("paragraph_break", rs, re_, raw[rs:re_], "\n"))
            else:
                edits.append((a, b, first, " "))
    new_text, new_idx = _apply_edits(text, idx, edits)
    return new_text, new_idx, repairs


def _ends_sentence(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends a sentence: a sentence end, or a closing quote after one
    (…。」); a quote closing a name (通過「智慧國家2.0綱領」　4年投入…) ends none."""
    last = text[end - 1]
    if last in "。！？!?…":
        return True
    return last in "”’」』" and end >= 2 and text[end - 2] in "。！？!?…"


#: Fewest lines of (nearly) the same width that make a text hard-wrapped.
_MIN_WRAPPED_LINES = 3
#: Least share of the longer lines (at least half the wrap width) that are full lines.
_MIN_FULL_SHARE = 0.2


def _line_width(line: str) -> int:
    """Display width in columns: a Han character or any other wide character 2, printable
    ASCII (half-width digits, Latin, space) 1."""
    ascii_chars = sum(len(r) for r in _P.ascii_run.findall(line))
    return 2 * len(line) - ascii_chars


def _wrap_width(text: str, *, min_width: int = 15) -> int:
    """Width in columns of a hard-wrapped text (PDF extraction: every full line ~35 Han cells,
    wrapped mid-sentence), or 0 when the text is not hard-wrapped.

    A candidate width ``W`` (≥ ``min_width`` cells) has at least three lines within one Han
    cell (two columns) of it; its full lines (within two cells) are at least a fifth of the lines
    half as wide as ``W`` or wider (a few lines of about the same length in a text of one
    paragraph a line are chance, not a page width); and at most a tenth of the lines are wider
    than ``W`` + one cell, or at most three tenths when none is wider than 1.5 ``W`` (a footnote
    in a smaller font, not a paragraph on one line). The wrap width is the candidate most lines
    share (the widest of equals): all but the last line of a paragraph are full.
    """
    widths = np.array([_line_width(ln) for ln in text.split("\n") if ln], dtype=np.int64)
    n = len(widths)
    if n < _MIN_WRAPPED_LINES:
        return 0
    # at_most[k]: lines of width <= k (one histogram, so each candidate costs O(1) and a text of
    # many lines of many widths stays linear)
    at_most = np.cumsum(np.bincount(widths))
    top = len(at_most) - 1

    def upto(k: int) -> int:
        return 0 if k < 0 else int(at_most[min(k, top)])

    widest = int(widths.max())
    best, wrap = _MIN_WRAPPED_LINES - 1, 0
    for w in np.flatnonzero(np.bincount(widths)[2 * min_width:]) + 2 * min_width:
        w = int(w)
        near = upto(w) - upto(w - 3)
        if near < best:
            continue
        wider = n - upto(w + 2)
        if wider > 0.3 * n or (wider > 0.1 * n and widest > 1.5 * w):
            continue
        full = upto(w + 2) - upto(w - 5)
        if full >= _MIN_FULL_SHARE * (n - upto(w // 2 - 1)):
            best, wrap = near, w  # the widest of equals
    return wrap


def _soft_wrap(prev: str, nxt: str, wrap: int, *, first_line: bool) -> bool:
    """True if the line ``prev`` of a hard-wrapped text (wrap width ``wrap`` columns) was
    wrapped before ``nxt``: the unit ``nxt`` starts with (one character with the punctuation a
    line may not start with, a Latin word or a number, an opening mark with what follows it)
    would not have fit on ``prev``'s line.

    Widths are estimates, so a line may fall one Han cell short, and a Latin letter a third of a
    column more (proportional fonts); the first line of a paragraph may be indented two cells
    (the indentation is gone from PDF text), unless it is a numbered heading (no sentence
    punctuation inside). A table row or a line of names (spaces between wide characters, or runs
    of spaces) is never a wrapped line.
    """
    if _P.cell_gap.search(prev) or _P.cell_gap.search(nxt):
        return False
    unit = _P.first_unit.match(nxt)
    slack = 2 + sum(c.isascii() and c.isalpha() for c in prev) // 3
    if first_line and not (_P.numbered.match(prev) and not _P.sentence_punct.search(prev)):
        slack += 4
    return _line_width(prev) + _line_width(unit.group() if unit else nxt[:1]) + slack > wrap


def _gap(raw: str, idx: np.ndarray, j: int) -> tuple[int, bool]:
    """``(line breaks, indented)`` of the raw whitespace a join at ``j`` (the normalised line
    break) would remove: one line break or more (a blank line), and whether the next line is
    indented (U+3000, a tab or two spaces after the last line break)."""
    gap = raw[int(idx[j - 1]) + 1 : int(idx[j + 1])]
    ends = list(_P.line_ends.finditer(gap))
    rest = gap[ends[-1].end() :] if ends else gap
    return len(ends), "\u3000" in rest or "\t" in rest or rest.count(" ") >= 2


def _title_like(line: str, *, min_line: int) -> bool:
    """A short line without clause punctuation: a heading, a caption, an item of a list."""
    return len(line) < min_line and not _P.clause_punct.search(line)


def _page_break_pass(
    text: str, idx: np.ndarray, raw: str, *, min_line: int
) -> tuple[str, np.ndarray, list[Repair], list[Anomaly]]:
    """Pass 3: join a long paragraph broken mid-sentence with the paragraph continuing it.

    In a hard-wrapped text (:func:`_wrap_width`) a line that stops mid-sentence (no sentence
    punctuation at its end) and was wrapped before the next one (:func:`_soft_wrap`) is joined
    with it as well, even if it is shorter than ``min_line``, unless the next line starts a new
    paragraph: it is indented or after a blank line, it is numbered (一、 （一） 1.), or it looks
    like a heading (:func:`_title_like`; such a line still joins when it is a full line itself
    wrapped into a punctuated line, as in a sentence without a comma over a whole line). Page
    number lines (- 2 -) never join: they neither end nor start like running text.
    """
    edits: list[tuple[int, int, int, str]] = []
    repairs: list[Repair] = []
    number_edits, number_repairs, heads = furniture_joins(
        text, idx, raw, min_line=min_line,
        heading_like=lambda line: _title_like(line, min_line=min_line),
    )
    around_numbers = {j for a, b, _, _ in number_edits for j in range(a, b)}
    has_break = bool(_P.line_break.search(text))
    wrap = _wrap_width(text) if has_break else 0
    breaks = _P.wrap_break.finditer(text) if wrap else _P.line_break.finditer(text)

    def soft(j: int, prev: str, nxt: str, *, first_line: bool) -> bool:
        n_breaks, indented = _gap(raw, idx, j)
        return n_breaks == 1 and not indented and _soft_wrap(prev, nxt, wrap, first_line=first_line)

    for m in breaks:
        j = m.start() + 1
        if not (_P.han.match(text[j - 1]) or _P.han.match(text[j + 1])):
            continue  # Latin on both sides: joining would glue two words
        if j in around_numbers:
            continue  # taken out with the page furniture between them
        line_start = text.rfind("\n", 0, j) + 1
        next_end = text.find("\n", j + 1)
        next_end = len(text) if next_end < 0 else next_end
        prev, nxt = text[line_start:j], text[j + 1 : next_end]
        if _P.numbered.match(nxt) or is_page_number(prev) or is_page_number(nxt):
            continue
        if not (_P.han.search(prev) and _P.han.search(nxt)):
            continue  # a line of Latin only (a bilingual release's English) is no half sentence
        at_page_break = "\f" in raw[int(idx[j - 1]) + 1 : int(idx[j + 1])]
        first_line = not (edits and edits[-1][0] == line_start - 1)
        wrapped = bool(wrap) and soft(j, prev, nxt, first_line=first_line)
        if not _P.line_break.match(text, j - 1) and not wrapped:
            continue  # after % or 》: only a wrapped line continues
        if len(prev) < min_line and not (wrapped or at_page_break):
            continue
        if _title_like(nxt, min_line=min_line) and not (
            wrapped and _wrapped_into_sentence(text, next_end, nxt, soft)
        ):
            continue  # the next line looks like a heading or caption
        edits.append((j, j + 1, -1, ""))
        rs, re_ = int(idx[j - 1]) + 1, int(idx[j + 1])
        repairs.append(Repair("page_break", rs, re_, raw[rs:re_], ""))
    joins = sorted(zip(edits + number_edits, repairs + number_repairs, strict=True),
                   key=lambda join: join[0][0])
    new_text, new_idx = _apply_edits(text, idx, [edit for edit, _ in joins])
    return new_text, new_idx, [repair for _, repair in joins], heads


def _wrapped_into_sentence(text: str, end: int, line: str, soft) -> bool:
    """True if ``line`` (ending at ``end``) is itself wrapped into a line with punctuation."""
    if end >= len(text) or not _P.wrap_break.match(text, end - 1):
        return False
    after_end = text.find("\n", end + 1)
    after = text[end + 1 : len(text) if after_end < 0 else after_end]
    if _P.numbered.match(after) or not _P.clause_punct.search(after):
        return False
    return soft(end, line, after, first_line=False)


def _punctuation_pass(text: str) -> str:
    """Pass 4: half-width punctuation in Chinese context -> full-width (1:1)."""

    changes: list[tuple[int, str]] = []
    n = len(text)
    for m in _P.half_punct.finditer(text):
        a, b = m.span()
        before = text[a - 1] if a > 0 else ""
        after = text[b] if b < n else ""
        if not (_P.context.match(before) or _P.context.match(after)):
            continue
        if set(m.group()) == {"?"} and _P.han.match(before) and _P.han.match(after):
            continue  # lost characters, flagged as an anomaly
        changes += [(i, _HALF_TO_FULL[text[i]]) for i in range(a, b)]
    return _replace_at(text, changes)


def _convert_same_length(chunk: str, config: str) -> str:
    """Convert ``chunk`` with OpenCC ``config``; char by char if the length would change."""
    out = converter(config).convert(chunk)
    if len(out) == len(chunk):
        return out
    return "".join(o if len(o := converter(config).convert(c)) == 1 else c for c in chunk)


def _convert_chunk(chunk: str) -> str:
    """Traditional -> simplified, same length; Hong Kong variants (hk2s) when they change more."""
    base = _convert_same_length(chunk, "t2s")
    if not hk_table()[np.minimum(_to_codepoints(chunk), 0xFFFF).astype(np.int64)].any():
        return base
    hk = _convert_same_length(chunk, "hk2s")
    if hk == base:
        return base
    orig = _to_codepoints(chunk)
    changed_hk = int((_to_codepoints(hk) != orig).sum())
    return hk if changed_hk > int((_to_codepoints(base) != orig).sum()) else base


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer("\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _script_pass(
    text: str, idx: np.ndarray, raw: str, *, convert: bool
) -> tuple[str, str, list[Anomaly]]:
    """Pass 5: detect script per paragraph, convert traditional paragraphs, flag mixed ones."""
    is_t, is_s = _script_flags(_to_codepoints(text))
    doc_script = _classify(int(is_t.sum()), int(is_s.sum()))
    spans = _paragraph_spans(text)
    bounds = np.array([a for a, _ in spans] + [len(text)], dtype=np.int64)
    t_counts = np.add.reduceat(is_t.astype(np.int64), bounds[:-1]) if spans else []
    s_counts = np.add.reduceat(is_s.astype(np.int64), bounds[:-1]) if spans else []
    anomalies: list[Anomaly] = []
    wanted: list[tuple[int, int]] = []
    for (a, b), t, s in zip(spans, t_counts, s_counts, strict=True):
        para_script = _classify(int(t), int(s))
        if para_script == "mixed":
            rs, re_ = int(idx[a]), int(idx[b - 1]) + 1
            detail = f"{t} traditional-only and {s} simplified-only characters"
            anomalies.append(Anomaly("mixed_script", rs, re_, raw[rs:re_], detail))
        if para_script == "traditional" or (
            doc_script == "traditional" and para_script in ("none", "mixed")
        ):
            wanted.append((a, b))
    if not (convert and wanted):
        return text, doc_script, anomalies
    runs: list[list[int]] = []
    for a, b in wanted:  # merge paragraphs separated by one line break into runs
        if runs and runs[-1][1] + 1 == a:
            runs[-1][1] = b
        else:
            runs.append([a, b])
    pieces, pos = [], 0
    for a, b in runs:
        pieces += [text[pos:a], _convert_chunk(text[a:b])]
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces), doc_script, anomalies


def _flag_anomalies(text: str, idx: np.ndarray, raw: str) -> list[Anomaly]:
    """Lost characters and stray lower-case English words between Han characters."""
    found: list[Anomaly] = []
    n = len(text)
    for m in _P.lost.finditer(text):
        a, b = m.span()
        if not (a > 0 and b < n and _P.han.match(text[a - 1]) and _P.han.match(text[b])):
            continue
        if "？" in m.group():
            # the clause read within 200 characters: searched from 0 it rescanned the text
            # before it for each ？ (quadratic in a Q&A document)
            clause = _P.clause_start.search(text, max(0, a - 200), a)
            if clause and _P.question_words.search(clause.group()):
                continue
        rs, re_ = int(idx[a]), int(idx[b - 1]) + 1
        found.append(
            Anomaly("lost_character", rs, re_, raw[rs:re_], "question mark between Han chars")
        )
    for m in _P.foreign.finditer(text):
        a, b = m.span()
        left = a - 1 if a > 0 and text[a - 1] == " " else a
        right = b + 1 if b < n and text[b] == " " else b
        if not (left > 0 and right < n):
            continue
        if not (_P.han.match(text[left - 1]) and _P.han.match(text[right])):
            continue
        spaced = left < a and right > b
        words = m.group().split()
        if not (any(w in _FUNCTION_WORDS for w in words) or (spaced and b - a > 1)):
            continue
        rs, re_ = int(idx[a]), int(idx[b - 1]) + 1
        found.append(
            Anomaly("foreign_token", rs, re_, raw[rs:re_], "lower-case English inside Chinese")
        )
    return found


def normalize(
    raw_text: str, *, convert_script: bool = True, min_broken_line: int = 40
) -> NormalizedText:
    """Normalise ``raw_text``; the result maps every character back to its raw offset.

    ``convert_script`` converts traditional paragraphs to simplified; ``min_broken_line`` is
    the shortest paragraph (in characters) that a page-break join may continue.
    """
    if not isinstance(raw_text, str):
        raise ParameterError("raw_text", f"expected str, got {type(raw_text).__name__}")
    if min_broken_line < 1:
        raise ParameterError("min_broken_line", f"must be >= 1, got {min_broken_line}")
    text, idx = _char_pass(raw_text)
    text, idx, breaks = _layout_pass(text, idx, raw_text)
    text, idx, joins, heads = _page_break_pass(text, idx, raw_text, min_line=min_broken_line)
    anomalies = _flag_anomalies(text, idx, raw_text) + heads
    text = _punctuation_pass(text)
    text, script, mixed = _script_pass(text, idx, raw_text, convert=convert_script)
    starts = idx.astype(np.int32)  # offsets < 2**31; half the memory and pickle size
    repairs = tuple(sorted(breaks + joins, key=lambda r: r.start))
    return NormalizedText(
        text=text,
        raw_start=starts,
        raw_end=starts + 1,
        raw_length=len(raw_text),
        script=script,
        repairs=repairs,
        anomalies=tuple(sorted(anomalies + mixed, key=lambda x: (x.start, x.kind))),
    )
