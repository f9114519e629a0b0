"""The record every converter returns, and the small helpers they share."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

#: What the members of a zipped document (DOCX, ODT) may decompress to in all, by their
#: declared sizes (zipfile stops each member at its declared size and fails its CRC check if
#: the data go on, so the declared sizes bound what is decompressed).
MAX_UNCOMPRESSED = 200 * 1024 * 1024


@dataclass(frozen=True)
class ConvertedText:
    """Text extracted from one file, with the metadata the file states.

    ``text_source`` names the extractor ("python-docx", "pdfplumber", "trafilatura", "lxml");
    ``page_breaks`` (PDF only) holds the offset in ``text`` where each page starts.
    """

    text: str
    text_source: str
    metadata: dict[str, str] = field(default_factory=dict)
    page_breaks: tuple[int, ...] = ()


# --------------------------------------------------------------------------------------------
# shared helpers

_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_COMPACT_YMD = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")


def _iso_date(value: str) -> str:
    """``yyyy-mm-dd`` for a date string that starts with a recognisable date, else the string."""
    value = value.strip()
    for pattern in (_YMD, _COMPACT_YMD):
        m = pattern.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                pass
    return value.removeprefix("D:")  # a PDF date with less than a day


def _reason(exc: BaseException, default: str) -> str:
    """A short one-line reason from an exception's message (no class names)."""
    text = " ".join(str(exc).split())
    return text[:120] if text else default


def _put(metadata: dict[str, str], key: str, value: object) -> None:
    """Set ``metadata[key]`` to the stripped string ``value`` when non-empty and not yet set."""
    if isinstance(value, str) and value.strip() and not metadata.get(key):
        metadata[key] = " ".join(value.split())


def zip_problem(data: bytes, *, required: str) -> str | None:
    """Why ``data`` is not a readable zip archive holding ``required`` within
    :data:`MAX_UNCOMPRESSED`; None if it may be."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if data[:4] == b"PK\x03\x04":
            return "truncated or damaged zip archive"
        return "not a zip archive"
    if required not in {info.filename for info in infos}:
        return f"no {required} in the archive"
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        return (
            f"decompresses to {total / 2**20:,.0f} MB, over the "
            f"{MAX_UNCOMPRESSED // 2**20} MB limit (zip bomb?)"
        )
    return None
