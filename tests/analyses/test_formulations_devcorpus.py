"""Acceptance on the 31 national work reports of the shared dev corpus: every codebook
formulation's first year in the formulations table (``formulation_summary`` with the
notebooks' default ``collapse_duplicates=True``, as written to ``formulations.csv``) equals the
first year its terms occur in those texts by plain substring search.

The plain search is independent of the package: each file is read as UTF-8 and put through
NFKC (full-width digits, Latin letters and ＋ become half-width), the invisible characters the
normaliser deletes are removed (U+200B–U+200D, U+2060, U+FEFF, U+00AD) and OpenCC ``t2s`` makes
it simplified. The year is the manifest's, not the one the package infers, so a wrong year
shows here too.

Honest differences, by design of the matcher (stated in docs/metadata.md, the codebook's
header and ``analyses/formulations.py``), are taken out of the plain counts:

* a term inside a longer term of the codebook counts only for the longer one (智慧城市 inside
  新型智慧城市 is new_smart_city, not smart_city): occurrences of the longer term are subtracted;
* a term directly followed by an organisation suffix (数字经济司, 局/司/厅/署) is an agency's
  name and is not counted.

On these 31 texts neither rule changes a first year; they are there so the comparison stays
honest when the codebook grows.
"""

from __future__ import annotations

import csv
import shutil
import unicodedata

import opencc
import pandas as pd
import pytest

from cityreports.analyses.formulations import formulation_summary, formulation_timeline
from cityreports.codebooks import load_formulations
from cityreports.pipeline import parse_corpus

from ..conftest import DEVCORPUS

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
BOOK = load_formulations()


def plain_text(raw: str) -> str:
    """The normalisation of the plain search: NFKC, invisible characters out, t2s."""
    return opencc.OpenCC("t2s").convert(unicodedata.normalize("NFKC", raw).translate(INVISIBLE))


def _surfaces(item) -> tuple[str, ...]:
    return tuple(item.terms) + tuple(variant for variant, _ in item.variants)


ALL_SURFACES = tuple(s for item in BOOK.formulations for s in _surfaces(item))


def plain_count(text: str, term: str) -> int:
    """Occurrences of ``term`` in ``text``, less those inside a longer codebook term and those
    naming an agency (term + organisation suffix)."""
    count = text.count(term)
    for longer in {s for s in ALL_SURFACES if term in s and s != term}:
        count -= text.count(longer) * longer.count(term)
    for suffix in BOOK.organisation_suffixes:
        count -= text.count(term + suffix)
    return max(count, 0)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """The 31 national reports, copied alone into a folder and parsed as a user would."""
    with open(DEVCORPUS / "MANIFEST.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == "gov_work_report_national"]
    folder = tmp_path_factory.mktemp("national")
    for row in rows:
        shutil.copyfile(DEVCORPUS / "docs" / row["file"], folder / row["file"])
    texts = {
        int(row["year"]): plain_text(
            (folder / row["file"]).read_text(encoding="utf-8")
        )
        for row in rows
    }
    corpus = parse_corpus(folder)
    summary = formulation_summary(corpus, BOOK, collapse_duplicates=True)
    timeline = formulation_timeline(corpus, BOOK, collapse_duplicates=True)
    return corpus, texts, summary.set_index("formulation"), timeline


def plain_years(texts: dict[int, str], item) -> list[int]:
    return sorted(y for y, text in texts.items()
                  if any(plain_count(text, s) for s in _surfaces(item)))


def test_the_series_is_read_whole(national):
    corpus, texts, _, timeline = national
    assert len(texts) == len(corpus.documents) == 31
    assert sorted(d.meta.year for d in corpus) == sorted(texts)
    # no year vanishes when duplicates are collapsed: the series forms no group
    assert set(timeline.year) == set(texts) and set(timeline.n_docs) == {1}


@pytest.mark.parametrize("item", BOOK.formulations, ids=BOOK.ids)
def test_first_year_equals_plain_search(national, item):
    _, texts, summary, _ = national
    row = summary.loc[item.id]
    years = plain_years(texts, item)
    first = None if pd.isna(row.first_year) else int(row.first_year)
    assert first == (years[0] if years else None)
    assert row.n_docs_with == len(years)


@pytest.mark.parametrize("item", BOOK.formulations, ids=BOOK.ids)
def test_years_with_the_formulation_equal_plain_search(national, item):
    _, texts, _, timeline = national
    seen = timeline[(timeline.formulation == item.id) & (timeline.n_docs_with > 0)]
    assert sorted(seen.year) == plain_years(texts, item)


def test_the_comparison_is_not_empty(national):
    """Enough formulations occur, and in different years, for the comparison to mean something."""
    texts = national[1]
    firsts = {plain_years(texts, item)[0] for item in BOOK.formulations
              if plain_years(texts, item)}
    assert len(firsts) >= 3

