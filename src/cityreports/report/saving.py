"""Saving figures reproducibly: fixed metadata and provenance, MANIFEST.csv, values.json."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from cityreports._version import package_version
from cityreports.csvfiles import csv_bytes, unescape_cell
from cityreports.errors import ParameterError
from cityreports.report.output import write_if_changed
from cityreports.report.style import FORMATS, PNG_DPI, check_formats

PATH_PARAMETERS = frozenset({"corpus", "build_dir", "out_dir", "figures_dir", "cache_dir"})
MANIFEST_COLUMNS = ("file", "caption", "source", "corpus_sha256", "parameters", "sha256")

# --- saving, provenance, manifest -----------------------------------------------------------


def provenance_parameters(parameters: Mapping[str, object]) -> str:
    """Parameters as canonical JSON, without machine paths (see :data:`PATH_PARAMETERS`)."""
    kept = {k: v for k, v in sorted(parameters.items()) if k not in PATH_PARAMETERS}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def _metadata(fmt: str, *, caption: str, source: str, corpus_sha256: str, params: str) -> dict:
    creator = f"cityreports {package_version()}"
    keywords = f"corpus_sha256={corpus_sha256}; source={source}"
    if fmt == "pdf":
        return {
            "Title": caption,
            "Author": "cityreports",
            "Subject": params,
            "Keywords": keywords,
            "Creator": creator,
            "CreationDate": None,
            "ModDate": None,
        }
    if fmt == "svg":
        return {
            "Title": caption,
            "Creator": creator,
            "Date": None,
            "Description": params,
            "Source": source,
            "Identifier": f"corpus_sha256={corpus_sha256}",
            "Keywords": ["cityreports", source],
        }
    return {
        "Title": caption,
        "Software": creator,
        "Description": params,
        "Source": keywords,
    }


def freeze_layout(fig) -> None:
    """Run the figure's layout engine once, then fix the axes where it put them.

    Constrained layout starts from the previous draw, so a second save of the same figure
    would move axes by a rounding step; frozen, every save (and every format) is identical.
    """
    engine = fig.get_layout_engine()
    if engine is None or type(engine).__name__ == "PlaceHolderLayoutEngine":
        return
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


#: The ids matplotlib's SVG writer makes from a hash of what they name (clip paths ``p``,
#: markers ``m``, hatches ``h``, images, path collections ``C0_1_``): ten hex digits.
_SVG_HASHED_ID = re.compile(rb'(?<=id=")((?:p|m|h|image|C\d+_\d+_)[0-9a-f]{10})(?=")')


def stable_svg_ids(data: bytes) -> bytes:
    """``data`` (an SVG from matplotlib) with its hashed ids numbered in order of appearance.

    A clip path's id hashes its rectangle at full float precision, so a difference far below
    what the file prints (one machine's rounding in the layout) renamed it and changed the
    bytes of a figure that draws the same; numbered, the file depends on what it draws."""
    names: dict[bytes, bytes] = {}
    for m in _SVG_HASHED_ID.finditer(data):
        old = m.group(1)
        names.setdefault(old, old[:-10] + b"n%d" % (len(names) + 1))
    if not names:
        return data
    pattern = re.compile(b"(?<=[#\"])(" + b"|".join(map(re.escape, names)) + b")(?=[\")])")
    return pattern.sub(lambda m: names[m.group(1)], data)


def figure_bytes(fig, fmt: str, *, metadata: Mapping[str, object], dpi: int = PNG_DPI) -> bytes:
    """The figure rendered as ``fmt`` bytes (deterministic for fixed inputs; layout frozen;
    an SVG's ids numbered, see :func:`stable_svg_ids`)."""
    import matplotlib as mpl

    freeze_layout(fig)
    buf = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "cityreports", "pdf.fonttype": 42,
                         "ps.fonttype": 42, "svg.fonttype": "path"}):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=dict(metadata))
    return stable_svg_ids(buf.getvalue()) if fmt == "svg" else buf.getvalue()


def save_figure(
    fig,
    name: str,
    *,
    figures_dir: str | os.PathLike[str] = "figures",
    formats: Sequence[str] = FORMATS,
    caption: str = "",
    source: str = "",
    corpus_sha256: str = "",
    parameters: Mapping[str, object] | None = None,
) -> list[Path]:
    """Write ``name.pdf|svg|png`` with provenance metadata and record them in MANIFEST.csv."""
    if not name or Path(name).name != name or "." in name:
        raise ParameterError("name", f"must be a plain file stem like 'corpus', got {name!r}")
    formats = check_formats(list(formats) if not isinstance(formats, str) else formats)
    params = provenance_parameters(parameters or {})
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written, rows = [], []
    for fmt in formats:
        meta = _metadata(fmt, caption=caption, source=source, corpus_sha256=corpus_sha256,
                         params=params)
        data = figure_bytes(fig, fmt, metadata=meta)
        path = folder / f"{name}.{fmt}"
        write_if_changed(path, data)
        written.append(path)
        rows.append({
            "file": path.name,
            "caption": caption,
            "source": source,
            "corpus_sha256": corpus_sha256,
            "parameters": params,
            "sha256": hashlib.sha256(data).hexdigest(),
        })
    update_manifest(folder / "MANIFEST.csv", rows)
    return written


def read_manifest(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """Rows of a MANIFEST.csv (empty when the file does not exist)."""
    path = Path(path)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{key: unescape_cell(value) for key, value in row.items()}
                for row in csv.DictReader(fh)]


def manifest_text(rows: Sequence[Mapping[str, str]]) -> str:
    """Canonical CSV text of manifest rows: fixed columns, sorted by file, ``\\n`` line ends
    (the one CSV encoder: a caption that starts like a formula gets a ``'`` in front)."""
    table = [list(MANIFEST_COLUMNS)]
    table += [[row.get(c, "") for c in MANIFEST_COLUMNS]
              for row in sorted(rows, key=lambda r: r["file"])]
    return csv_bytes(table).decode("utf-8")


def update_manifest(path: str | os.PathLike[str], rows: Sequence[Mapping[str, str]]) -> Path:
    """Merge ``rows`` into the manifest at ``path`` (a row replaces the one for its file)."""
    path = Path(path)
    merged = {row["file"]: row for row in read_manifest(path)}
    merged.update({row["file"]: dict(row) for row in rows})
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, manifest_text(list(merged.values())).encode("utf-8"))
    return path


def _json_value(value: object) -> object:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if value is pd.NA:
        return None
    raise ParameterError("value", f"must be a number, string, bool or None, got {type(value)}")


def record_value(
    key: str,
    value: object,
    *,
    source: str,
    build_dir: str | os.PathLike[str] = "build",
) -> Path:
    """Merge ``key: {value, source}`` into ``build_dir/tables/values.json`` (sorted keys)."""
    if not isinstance(key, str) or not key or key.strip() != key:
        raise ParameterError("key", f"must be a non-empty string without outer spaces: {key!r}")
    path = Path(build_dir) / "tables" / "values.json"
    values = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    values[key] = {"value": _json_value(value), "source": source}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    write_if_changed(path, (text + "\n").encode("utf-8"))
    return path


