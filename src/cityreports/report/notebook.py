"""Notebook helpers: the selected corpus and where a notebook writes its outputs."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from cityreports.errors import ParameterError
from cityreports.records import Corpus
from cityreports.report.saving import _write_if_changed, record_value, save_figure
from cityreports.report.style import FORMATS, check_formats

# --- notebook helpers -----------------------------------------------------------------------


def select_corpus(
    corpus: Corpus,
    *,
    year_min: int | None = None,
    year_max: int | None = None,
    collapse_duplicates: bool = True,
) -> Corpus:
    """The documents of ``corpus`` in ``[year_min, year_max]``, one per duplicate group.

    With a year bound, undated documents are left out (they cannot be placed in the range).
    A duplicate group is represented by :func:`cityreports.records.representative_docs`
    (dated, then fullest, then smallest doc_id) — the rule every analysis uses.
    """
    if year_min is not None and year_max is not None and year_min > year_max:
        raise ParameterError("year_min", f"year range {year_min}..{year_max} is empty")
    selected = corpus.subset(years=(year_min, year_max))
    return selected.collapse_duplicates() if collapse_duplicates else selected


class NotebookOutputs:
    """Where one notebook writes: figures (with MANIFEST rows), tables and values.json.

    ``source`` names the notebook; ``parameters`` are its parameters (machine paths are left
    out of provenance by :func:`provenance_parameters`).
    """

    def __init__(
        self,
        *,
        source: str,
        corpus_sha256: str,
        parameters: Mapping[str, object],
        build_dir: str | os.PathLike[str] = "build",
        figures_dir: str | os.PathLike[str] = "figures",
        formats: Sequence[str] = FORMATS,
    ) -> None:
        self.source = source
        self.corpus_sha256 = corpus_sha256
        self.parameters = dict(parameters)
        self.build_dir = Path(build_dir)
        self.figures_dir = Path(figures_dir)
        self.formats = check_formats(formats if isinstance(formats, str) else list(formats))

    def figure(self, fig, name: str, *, caption: str) -> list[Path]:
        """Save ``fig`` as ``figures_dir/name.<format>`` and record it in MANIFEST.csv."""
        return save_figure(fig, name, figures_dir=self.figures_dir, formats=self.formats,
                           caption=caption, source=self.source,
                           corpus_sha256=self.corpus_sha256, parameters=self.parameters)

    def table(self, table: pd.DataFrame, name: str) -> Path:
        """Write ``table`` as ``build_dir/tables/name.csv`` (UTF-8, ``\\n``, no index)."""
        path = self.build_dir / "tables" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = table.to_csv(index=False, lineterminator="\n")
        _write_if_changed(path, text.encode("utf-8"))
        return path

    def value(self, key: str, value: object) -> object:
        """Record a quotable number in ``build_dir/tables/values.json``; return it."""
        record_value(key, value, source=self.source, build_dir=self.build_dir)
        return value

