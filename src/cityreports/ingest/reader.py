"""Read report files into :class:`~cityreports.records.RawDocument` records.

Encodings: UTF-8 (with or without BOM), UTF-16/32 (BOM, or BOM-less UTF-16 recognised by its NUL
pattern), GB18030 (superset of GBK/GB2312) and Big5 (``big5``, ``cp950``, ``big5hkscs``).
GB18030 and Big5 are told apart by decoding with both and scoring how many decoded characters
are frequent Chinese characters: bytes of one decoded as the other give rare characters.

Formats: ``.txt``; ``.md`` with optional YAML front matter (``raw_text`` is the body after the
front matter, so offsets index the report text; front-matter fields go into ``metadata``);
``.json`` (one record, or a list of records); ``.jsonl`` and ``.csv`` (one report per record).
Records of multi-record files get ``doc_id`` ``<id>#<n>`` (n = 1-based record number) and
``sha256`` of the record's text encoded as UTF-8; every other ``sha256`` is of the file's bytes.

A corpus is a folder (read recursively, hidden entries skipped) or a manifest CSV with columns
``doc_id,file[,title,date,source,url,notes,...]``; a folder holding ``corpus.csv`` is read as that
manifest. Non-empty manifest columns (except ``doc_id``, ``file``, ``notes``) override the file's
metadata, and ``metadata["manifest_fields"]`` lists them comma-separated.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml

from cityreports.errors import InputError, ParameterError
from cityreports.records import RawDocument, Skipped

__all__ = ["FORMATS", "decode_bytes", "read_corpus", "read_file"]

#: File suffix -> format name.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}

MANIFEST_NAME = "corpus.csv"
DEFAULT_TEXT_FIELDS = ("content", "text", "body")

# Record keys (lower-case) that feed each metadata key, first match wins.
_META_KEYS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "publish_date", "pub_date", "pubdate", "published_at"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link"),
    "source": ("source", "publisher"),
}
_MANIFEST_SKIP_COLUMNS = frozenset({"doc_id", "file", "notes"})

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

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


# --------------------------------------------------------------------------- decoding


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
_PLAUSIBLE_RE = re.compile(f"[\u4e00-\u9fff{_char_class(''.join(_CJK_PUNCTUATION))}]+")
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
    from charset_normalizer import from_bytes

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


# --------------------------------------------------------------------------- files


def read_file(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str], text_field: str | None = None
) -> list[RawDocument]:
    """Read one report file (one or more records); ``doc_id`` is its path relative to ``root``.

    Raises :class:`InputError` for any problem, including one bad record of a multi-record file.
    """
    path = Path(path)
    docs, skipped = _read_records(
        path, doc_id=_doc_id(path, root=Path(root)), text_field=text_field
    )
    if skipped:
        raise InputError(skipped[0].path, skipped[0].reason)
    return docs


def _doc_id(path: Path, *, root: Path) -> str:
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError as exc:
        raise ParameterError("root", f"{path} is not inside {root}") from exc
    return rel.with_suffix("").as_posix()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc


def _read_records(
    path: Path, *, doc_id: str, text_field: str | None
) -> tuple[list[RawDocument], list[Skipped]]:
    """Documents of one file plus skipped records; whole-file problems raise InputError."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown format '{path.suffix or '(no suffix)'}'")
    data = _read_bytes(path)
    text, encoding = decode_bytes(data, path=str(path))
    sha = hashlib.sha256(data).hexdigest()
    if fmt in ("txt", "md"):
        metadata: dict[str, str] = {}
        if fmt == "md":
            text, metadata = split_front_matter(text)
        if not text.strip():
            raise InputError(str(path), "no text (only whitespace)")
        doc = RawDocument(doc_id, str(path), fmt, encoding, sha, text, metadata)
        return [doc], []
    records = _parse_records(text, fmt=fmt, path=str(path))
    columns = records[0][1].keys() if fmt == "csv" and records else None
    if columns is not None and _find_text_key(columns, text_field) is None:
        raise InputError(str(path), _missing_text_field(text_field, columns=list(columns)))
    single = fmt == "json" and len(records) == 1 and records[0][0] == 0
    docs: list[RawDocument] = []
    skipped: list[Skipped] = []
    for n, record in records:
        where = str(path) if single else f"{path}#{n}"
        try:
            body = _record_text(record, text_field=text_field, path=where)
        except InputError as exc:
            skipped.append(Skipped(where, exc.problem))
            continue
        meta = record_metadata(record)
        if single:
            docs.append(RawDocument(doc_id, str(path), fmt, encoding, sha, body, meta))
        else:
            rec_sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
            docs.append(RawDocument(f"{doc_id}#{n}", str(path), fmt, encoding, rec_sha, body, meta))
    return docs, skipped


def _parse_records(text: str, *, fmt: str, path: str) -> list[tuple[int, Mapping[str, object]]]:
    """``(n, record)`` pairs; ``n`` is 1-based, or 0 for the single object of a JSON file."""
    if fmt == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc}") from exc
        if isinstance(obj, dict):
            return [(0, obj)]
        if isinstance(obj, list) and obj and all(isinstance(r, dict) for r in obj):
            return list(enumerate(obj, start=1))
        raise InputError(path, "JSON must be an object or a non-empty list of objects")
    if fmt == "jsonl":
        return _parse_jsonl(text, path=path)
    return _parse_csv(text, path=path)


def _parse_jsonl(text: str, *, path: str) -> list[tuple[int, Mapping[str, object]]]:
    records: list[tuple[int, Mapping[str, object]]] = []
    lines = (line for line in text.splitlines() if line.strip())
    for n, line in enumerate(lines, start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}#{n}", f"invalid JSON line: {exc}") from exc
        if not isinstance(obj, dict):
            raise InputError(f"{path}#{n}", "JSON line is not an object")
        records.append((n, obj))
    if not records:
        raise InputError(path, "no records")
    return records


def _parse_csv(text: str, *, path: str) -> list[tuple[int, Mapping[str, object]]]:
    """Rows as dicts; the csv field-size limit is raised while reading (long reports)."""
    old_limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [(n, dict(row)) for n, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise InputError(path, f"invalid CSV: {exc}") from exc
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        raise InputError(path, "no rows")
    return rows


def _find_text_key(keys: object, text_field: str | None) -> str | None:
    names = {str(k).strip().lower(): k for k in keys}  # type: ignore[attr-defined]
    wanted = (text_field.strip().lower(),) if text_field else DEFAULT_TEXT_FIELDS
    for name in wanted:
        if name in names:
            return names[name]
    return None


def _missing_text_field(text_field: str | None, *, columns: list[str] | None = None) -> str:
    tried = f"'{text_field}'" if text_field else f"(tried {', '.join(DEFAULT_TEXT_FIELDS)})"
    found = f"; columns: {', '.join(map(str, columns))}" if columns is not None else ""
    return f"missing text field {tried}{found}"


def _record_text(record: Mapping[str, object], *, text_field: str | None, path: str) -> str:
    key = _find_text_key(record.keys(), text_field)
    if key is None:
        raise InputError(path, _missing_text_field(text_field))
    value = record[key]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(value)
    if not isinstance(value, str):
        raise InputError(path, f"text field '{key}' is not a string")
    if not value.strip():
        raise InputError(path, f"empty text field '{key}'")
    return value


def _meta_value(value: object) -> str:
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(s for s in (_meta_value(v) for v in value) if s)
    if hasattr(value, "isoformat"):  # dates parsed by YAML
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value).strip()


def record_metadata(record: Mapping[str, object]) -> dict[str, str]:
    """Metadata keys title, date, author, url, source from a record's (aliased) fields."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    meta: dict[str, str] = {}
    for key, aliases in _META_KEYS.items():
        for alias in aliases:
            value = _meta_value(lowered.get(alias))
            if value:
                meta[key] = value
                break
    return meta


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split YAML front matter off a Markdown text: ``(body, metadata)``.

    Without a well-formed front matter (``---`` line, YAML mapping, ``---``/``...`` line) the
    text is returned whole with empty metadata.
    """
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return text, {}
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        return text, {}
    try:
        data = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.YAMLError:
        return text, {}
    if not isinstance(data, dict):
        return text, {}
    return text[closing.end() :], record_metadata(data)


# --------------------------------------------------------------------------- corpus


def read_corpus(
    source: str | os.PathLike[str], *, text_field: str | None = None, strict: bool = False
) -> tuple[list[RawDocument], list[Skipped]]:
    """Read a corpus folder, manifest CSV or single report file.

    Returns documents sorted by ``doc_id`` (plain string order) and the skipped files/records
    with reasons, in reading order. ``strict=True`` raises the first problem instead.
    """
    source = Path(source)
    if source.is_dir():
        manifest = source / MANIFEST_NAME
        if manifest.is_file():
            items = _manifest_items(manifest, text_field=text_field)
        else:
            items = _folder_items(source, text_field=text_field)
    elif source.is_file():
        if source.suffix.lower() == ".csv" and _is_manifest(source):
            items = _manifest_items(source, text_field=text_field)
        else:
            items = iter(
                [
                    _file_item(
                        source, doc_id=_doc_id(source, root=source.parent), text_field=text_field
                    )
                ]
            )
    else:
        raise InputError(str(source), "no such file or folder")
    docs: dict[str, RawDocument] = {}
    skipped: list[Skipped] = []
    for found, problems in items:
        for problem in problems:
            if strict:
                raise InputError(problem.path, problem.reason)
            skipped.append(problem)
        for doc in found:
            if doc.doc_id in docs:
                first = docs[doc.doc_id].path
                reason = f"duplicate doc_id '{doc.doc_id}' (first: {first})"
                if strict:
                    raise InputError(doc.path, reason)
                skipped.append(Skipped(doc.path, reason))
                continue
            docs[doc.doc_id] = doc
    return sorted(docs.values(), key=lambda d: d.doc_id), skipped


_Item = tuple[list[RawDocument], list[Skipped]]


def _file_item(path: Path, *, doc_id: str, text_field: str | None) -> _Item:
    try:
        return _read_records(path, doc_id=doc_id, text_field=text_field)
    except InputError as exc:
        return [], [Skipped(exc.path, exc.problem)]


def _folder_items(root: Path, *, text_field: str | None) -> Iterator[_Item]:
    for path in _walk(root):
        yield _file_item(path, doc_id=_doc_id(path, root=root), text_field=text_field)


def _walk(root: Path) -> list[Path]:
    """Non-hidden files below ``root``, sorted by relative POSIX path."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder) / f for f in files if not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _read_manifest(manifest: Path) -> list[dict[str, str]]:
    text, _ = decode_bytes(_read_bytes(manifest), path=str(manifest))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
        rows = [
            {
                k.strip().lower(): v.strip()
                for k, v in row.items()
                if isinstance(k, str) and isinstance(v, str)
            }
            for row in reader
        ]
    except csv.Error as exc:
        raise InputError(str(manifest), f"invalid manifest CSV: {exc}") from exc
    if "file" not in fields:
        raise InputError(str(manifest), "manifest has no 'file' column")
    return rows


def _is_manifest(path: Path) -> bool:
    try:
        _read_manifest(path)
    except InputError:
        return False
    return True


def _manifest_items(manifest: Path, *, text_field: str | None) -> Iterator[_Item]:
    rows = _read_manifest(manifest)
    base = manifest.parent
    for n, row in enumerate(rows, start=1):
        where = f"{manifest}#{n}"
        if not row.get("file"):
            yield [], [Skipped(where, "manifest row has an empty 'file' column")]
            continue
        path = base / row["file"]
        if not path.is_file():
            yield [], [Skipped(str(path), f"file not found (manifest row {n})")]
            continue
        try:
            doc_id = row.get("doc_id") or _doc_id(path, root=base)
        except ParameterError:
            yield (
                [],
                [Skipped(str(path), f"file outside the manifest folder (row {n}) needs a doc_id")],
            )
            continue
        found, problems = _file_item(path, doc_id=doc_id, text_field=text_field)
        overrides = {k: v for k, v in row.items() if v and k and k not in _MANIFEST_SKIP_COLUMNS}
        if overrides:
            found = [_with_manifest_fields(doc, overrides) for doc in found]
        yield found, problems


def _with_manifest_fields(doc: RawDocument, overrides: Mapping[str, str]) -> RawDocument:
    metadata = {**doc.metadata, **overrides, "manifest_fields": ",".join(sorted(overrides))}
    return RawDocument(
        doc.doc_id, doc.path, doc.format, doc.encoding, doc.sha256, doc.raw_text, metadata
    )
