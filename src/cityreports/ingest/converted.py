"""The record every converter returns, and the small helpers they share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


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


