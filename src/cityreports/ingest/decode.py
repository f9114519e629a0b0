"""Decode a report file's bytes into text, with line endings untouched.

Encodings: UTF-8 (with or without BOM), UTF-16/32 (BOM, or BOM-less UTF-16 recognised by its NUL
pattern), GB18030 (superset of GBK/GB2312) and Big5 (``big5``, ``cp950``, ``big5hkscs``).
GB18030 and Big5 are told apart by decoding with both and scoring how many decoded characters
are frequent Chinese characters: bytes of one decoded as the other give rare characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from charset_normalizer import from_bytes

from cityreports.errors import InputError
from cityreports.text.lexicon import HAN_BASIC

__all__ = ["cjk_score", "decode_bytes"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")
# C0 controls other than tab, LF, VT, FF, CR; plus DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_MAX_CONTROL_SHARE = 0.05
_MIN_CJK_SCORE = 0.25  # real Chinese text: ~0.7; GB18030 <-> Big5 mis-decodings: < 0.05
_MIN_COMMON_SHARE = 0.8  # real Chinese text: ~0.99; mis-decodings: < 0.5
_MIN_CHARS_TO_JUDGE = 20
_MAX_REPLACED_SHARE = 0.002
_RANK_PREFIX = 5000

# The ~500 most frequent Chinese characters (from word frequencies of jieba's dictionary) in
# simplified form and their traditional forms (OpenCC s2t, s2tw, s2hk).
_FREQUENT_HANZI = frozenset(
    "一万三上下不与专世业东两並个中为主举么义之也书了争事二于五亚些亞交产京亲人什今从他代令以们"
    "件价任众会传但位住体何作你使來便保信個們候值做備傳像價儿元先光克兒党入內全兩八公共关兵其具"
    "内再军农决况准几出分划则別利别到制則前力办功加务动势動務勢包化北区區十千半华单南即却卻历原"
    "去县参參又及反发取受变口古只叫可台史号司吃各合同名后向听告员周命和品員商問喫單器四回因团国"
    "图國圖團土在地场型城基報場境增士声处备复外多大天太夫头女她好如始委子字学學它安完官定实家容"
    "實对导将將專對導小少尔就展属屬山州工己已市布师帝带師帶常干平年并幹幾广应府度廣建开式张張強"
    "强当形影往很律後得從復德心必快怎思性总息情想意愛感應成我或战戰所手才打技把投报拉持指据接提"
    "據支收改放政教数整數文料断斯新斷方於族无日早时明是時更書最會月有望朝期本术机权李条来東极构"
    "林果校样根格條業極構樣機權次正此步武歷死段每比民气氣水求汉江決沒没河治況法活派流济海深清游"
    "湖源準漢濟火点為热無然熱爭爱爲爾片物特王现現理生產用由电界當病發白百的皇目直相省看真眼眾着"
    "知石研示社神种科积称程種稱積究空立笑第等算管米类精系紀約紅級組結給統經網線編縣總红约级纪线"
    "组经结给统编网美羣群義老考者而职联聯聲職聽股育能自至臺與舉色花英華萬著處號衆行術表被装裏裝"
    "裡西要見規親觀见观规解言計記設許話該認語說説調論證議變讓计认让议记许论设证话该语说调象資質"
    "质资走起路身車軍較轉车转较辦農边达过运近还这进远连选這通速造連進遊運過道達遠選還邊那部都里"
    "重量金鐵铁長长門開間關门问间队阳际院陽隊随際隨难集難電需非面革領頭題類领题風风首馬马體高魚"
    "鱼麼黃黄點黨"
)
_CJK_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉【】—…·「」『』％")


def decode_bytes(data: bytes, *, path: str) -> tuple[str, str]:
    """Decode a file's bytes; return ``(text, encoding)`` with line endings untouched.

    Raises :class:`InputError` naming ``path`` for empty, binary or undecodable data.
    """
    if not data:
        raise InputError(path, "empty file")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                raise InputError(path, f"invalid {name} after its byte-order mark") from exc
    if b"\x00" in data:
        sniffed = _sniff_utf16(data)
        if sniffed is None:
            raise InputError(path, "binary file, not text")
        return sniffed
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise InputError(path, "binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _prefer_chinese(text, data)
    found = _decode_chinese(data) or _decode_lossy(data) or _decode_charset_normalizer(data)
    if found is None:
        raise InputError(path, "cannot decode as UTF-8, UTF-16, GB18030 or Big5")
    return found


def _count(regex: re.Pattern[str], text: str) -> int:
    """Number of characters of ``text`` that ``regex`` (a character class, ``+``) matches."""
    return len(text) - len(regex.sub("", text))


def _char_class(chars: str) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


# ``\s`` of a str pattern is ``str.isspace``; counting by deleting runs keeps the work in C.
_SPACE_RE = re.compile(r"\s+")
_ASCII_OR_SPACE_RE = re.compile(r"[\x00-\x7f\s]+")
_PLAUSIBLE_RE = re.compile(f"[{HAN_BASIC}{_char_class(''.join(_CJK_PUNCTUATION))}]+")
_FREQUENT_RE = re.compile(f"[{_char_class(''.join(_FREQUENT_HANZI | _CJK_PUNCTUATION))}]+")
_CONTROL_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _visible_count(text: str) -> int:
    """Number of non-whitespace characters."""
    return len(_SPACE_RE.sub("", text))


def cjk_score(text: str) -> float:
    """Share of non-ASCII, non-space characters that are frequent Chinese characters or
    Chinese punctuation (0.0 when there are none)."""
    total = _non_ascii_count(text)
    if not total:
        return 0.0
    return _count(_FREQUENT_RE, text) / total


def _plausible_share(text: str) -> float:
    """Share of non-ASCII, non-space characters that are CJK ideographs or CJK punctuation."""
    total = _non_ascii_count(text)
    if not total:
        return 1.0
    return _count(_PLAUSIBLE_RE, text) / total


@functools.cache
def _is_common_hanzi(char: str) -> bool:
    """In GB2312 level 1 (3755 common simplified) or Big5 level 1 (5401 common traditional)."""
    for codec, low, high in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            lead = char.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if low <= lead <= high:
            return True
    return False


def _common_share(text: str) -> float:
    chars = [c for c in text[:_RANK_PREFIX] if ord(c) > 0x7F and not c.isspace()]
    if not chars:
        return 1.0
    return sum(1 for c in chars if _is_common_hanzi(c) or c in _CJK_PUNCTUATION) / len(chars)


def _rank(candidate: tuple[str, str]) -> tuple[float, float, float]:
    """Common-character share plus half the frequent-character share, less a penalty for
    implausible characters; ties go to the frequent share, then the plausible share.

    A wrong GB18030/Big5 reading of short text can hit a few frequent characters by chance,
    but most of its other characters are rare ones (outside GB2312/Big5 level 1), and it
    often yields Cyrillic, Greek, kana or box-drawing characters among the Han ones, each of
    which costs three times what a common character earns.
    """
    text = candidate[0]
    plausible, frequent = _plausible_share(text), cjk_score(text)
    return _common_share(text) + frequent / 2 - 3 * (1 - plausible), frequent, plausible


def _prefer_chinese(text: str, data: bytes) -> tuple[str, str]:
    """Valid UTF-8 that shows no Chinese (short GB/Big5 bytes can be valid UTF-8) yields to a
    GB18030/Big5 reading that does."""
    if _plausible_share(text) >= 0.5 or _non_ascii_count(text) < 0.5 * _visible_count(text):
        return text, "utf-8"
    other = _decode_chinese(data)
    if other is not None and cjk_score(other[0]) > cjk_score(text):
        return other
    return text, "utf-8"


def _non_ascii_count(text: str) -> int:
    """Number of non-ASCII, non-whitespace characters."""
    return len(_ASCII_OR_SPACE_RE.sub("", text))


def _sniff_utf16(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16 (the data has NULs): the byte order whose text has no control
    characters and reads best."""
    if len(data) % 2:
        return None
    candidates = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL_CHAR_RE.search(text):
            candidates.append((text, codec))
    return _pick(candidates, trust_short=False)


def _strict_candidates(data: bytes) -> Iterator[tuple[str, str]]:
    try:
        yield data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    for codec in _BIG5_CODECS:
        try:
            yield data.decode(codec), codec
        except UnicodeDecodeError:
            continue
        return


def _pick(
    candidates: list[tuple[str, str]], *, trust_short: bool = True
) -> tuple[str, str] | None:
    """Best-scoring candidate (first wins ties) if it looks like Chinese text.

    A text with too few non-ASCII characters to judge is accepted when ``trust_short`` (the
    bytes already decoded strictly as GB18030/Big5); BOM-less UTF-16 is only a guess from NUL
    bytes, so there a short text must look like text by itself.
    """
    if not candidates:
        return None
    best = max(candidates, key=_rank)  # max keeps the first of ties
    text = best[0]
    if cjk_score(text) >= _MIN_CJK_SCORE or _common_share(text) >= _MIN_COMMON_SHARE:
        return best
    if _non_ascii_count(text) < _MIN_CHARS_TO_JUDGE:
        if trust_short or _ascii_share(text) >= _MIN_ASCII_SHARE:
            return best
    return None


_MIN_ASCII_SHARE = 0.9  # BOM-less UTF-16 of Western text: nearly every character is ASCII


def _ascii_share(text: str) -> float:
    """Share of non-space characters that are ASCII."""
    visible = _visible_count(text)
    return 1.0 - _non_ascii_count(text) / visible if visible else 0.0


def _decode_chinese(data: bytes) -> tuple[str, str] | None:
    return _pick(list(_strict_candidates(data)))


def _decode_lossy(data: bytes) -> tuple[str, str] | None:
    """A file with a few broken bytes (e.g. cut mid-character): decode with U+FFFD.

    The encoding is reported as ``<codec>+replace`` so the loss stays visible.
    """
    candidates = []
    for codec in ("utf-8", "gb18030", "big5"):
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= max(1, _MAX_REPLACED_SHARE * len(text)):
            candidates.append((text, f"{codec}+replace"))
    return _pick(candidates)


def _decode_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    visible = _visible_count(text)
    if not visible:
        return None
    mostly_ascii = _non_ascii_count(text) <= 0.2 * visible
    if mostly_ascii or cjk_score(text) >= _MIN_CJK_SCORE:
        return text, best.encoding
    return None

