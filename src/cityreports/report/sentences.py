"""One interpretation sentence per figure, computed from its tables, with human labels.

Each function takes the tables its figure takes (and the display names of themes or
formulations) and returns one or two English sentences a notebook prints under the figure;
when the figure has nothing to show, the sentence says what is missing. Numbers are formatted
for reading (``1,234``, ``23%``); no internal id appears.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cityreports.quant.checks import flag_rows
from cityreports.report.plots.base import (
    _claims_missing,
    _corpus_missing,
    _formulations_missing,
    _keyness_missing,
    _promises_missing,
    _rhetoric_missing,
    _themes_missing,
    _voices_missing,
    _with_int_years,
    document_kinds,
    kind_name,
    shown_kinds,
)
from cityreports.report.style import LABELS, _pretty, label


def _count(n: float) -> str:
    return f"{int(n):,}"


def _join(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _name(key: str, names: Mapping[str, str] | None) -> str:
    if names and key in names:
        return str(names[key])
    return label(key) if key in LABELS else _pretty(key)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{_count(n)} {word if n == 1 else (plural or word + 's')}"


def corpus_sentence(documents: pd.DataFrame) -> str:
    """How many documents, from when to when, the busiest year, scripts and kinds."""
    empty = _corpus_missing(documents)
    if empty == "no_documents":
        return "No documents are analysed (the selection is empty)."
    n = len(documents)
    dated = _with_int_years(documents)
    undated = n - len(dated)
    if empty:
        return f"None of the {_plural(n, 'document')} has a year, so none can be placed in time."
    per_year = dated.groupby("year").size()
    busiest = int(per_year.idxmax())
    span = (f"from {dated['year'].min()} to {dated['year'].max()}"
            if per_year.size > 1 else f"all from {busiest}")
    text = f"{_plural(n, 'document')} are analysed, {span}" if n > 1 else (
        f"One document is analysed, from {busiest}")
    if undated:
        text += f" ({_count(undated)} undated)"
    if per_year.size > 1 and (per_year == per_year.max()).sum() == 1:
        text += f"; the most in {busiest} ({_count(per_year.max())})"
    text += "."
    if "script" in documents:
        trad = int((documents["script"] == "traditional").sum())
        if trad:
            verb = "is" if trad == 1 else "are"
            text += (f" {_count(trad)} {verb} in traditional script, converted to simplified "
                     "before any counting.")
    kinds = document_kinds(documents)
    chosen = shown_kinds(kinds)
    if chosen:
        counts = kinds[kinds != ""].value_counts()
        text += " By kind: " + ", ".join(
            f"{kind_name(k, lang='en')} {_count(counts[k])}" for k in chosen) + "."
    return text


def themes_sentence(themes_by_year: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """The most frequent theme, its share of all mentions and the year of its highest rate."""
    empty = _themes_missing(themes_by_year)
    if empty:
        return label(empty) + "."
    table = _with_int_years(themes_by_year)
    totals = table.groupby("theme")["hits"].sum()
    top = sorted(totals.index, key=lambda t: (-float(totals[t]), str(t)))[0]
    share = float(totals[top]) / float(totals.sum())
    rows = table[table["theme"] == top].sort_values(["per_10k_chars", "year"],
                                                    ascending=[False, True])
    peak = rows.iloc[0]
    n_docs = int(peak["n_docs"]) if "n_docs" in peak and pd.notna(peak["n_docs"]) else None
    docs = f", {_plural(n_docs, 'document')}" if n_docs is not None else ""
    text = (f"The most frequent theme is {_name(top, names)} ({_plural(totals[top], 'mention')}, "
            f"{share:.0%} of all theme mentions)")
    if table["year"].nunique() > 1:
        text += (f"; its rate is highest in {int(peak['year'])} "
                 f"({peak['per_10k_chars']:.1f} per 10,000 characters{docs})")
    return text + "."


def keyness_sentence(keyness: pd.DataFrame, split_year: int | None, *, top: int = 3) -> str:
    """The terms most key to the later and to the earlier period."""
    empty = _keyness_missing(keyness)
    if empty or split_year is None:
        return label("no_keyness") + "."
    table = keyness.dropna(subset=["signed"])
    later = table[table["signed"] > 0].sort_values(["signed", "term"], ascending=[False, True])
    earlier = table[table["signed"] < 0].sort_values(["signed", "term"], ascending=[True, True])
    parts = []
    if len(later):
        parts.append(f"from {split_year} on, {_join(list(later['term'].head(top)))} "
                     "are used relatively more")
    if len(earlier):
        parts.append(f"before {split_year}, {_join(list(earlier['term'].head(top)))}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def formulations_sentence(summary: pd.DataFrame, timeline: pd.DataFrame,
                          names: Mapping[str, str] | None = None, *, most: int = 3) -> str:
    """How many formulations occur, the earliest, and the newest."""
    empty = _formulations_missing(summary, timeline)
    if empty:
        return label(empty) + "."
    seen = summary.dropna(subset=["first_year"])
    if "total_hits" in seen:
        seen = seen[pd.to_numeric(seen["total_hits"], errors="coerce").fillna(0) > 0]
    seen = seen.assign(first_year=seen["first_year"].astype(int)).sort_values(
        ["first_year", "formulation"])
    first = seen.iloc[0]
    text = (f"{_plural(len(seen), 'formulation')} of the codebook occur; the earliest is "
            f"{_name(first['formulation'], names)} (first in {first['first_year']})")
    newest_year = int(seen["first_year"].max())
    newest = seen[seen["first_year"] == newest_year]
    if newest_year != int(first["first_year"]):
        shown = [_name(f, names) for f in newest["formulation"].head(most)]
        more = len(newest) - len(shown)
        listed = _join(shown + ([f"{more} more"] if more > 0 else []))
        text += f", and {_count(len(newest))} first appear in {newest_year}: {listed}"
    return text + "."


def rhetoric_sentence(feature_trends: pd.DataFrame, features: pd.DataFrame) -> str:
    """The features that rise and fall most clearly per year, and how many show no change."""
    empty = _rhetoric_missing(features, feature_trends)
    if empty:
        return label(empty) + "."
    fits = feature_trends.drop_duplicates("feature")
    est = pd.to_numeric(fits["estimate"], errors="coerce")
    lo = pd.to_numeric(fits["ci_low"], errors="coerce")
    hi = pd.to_numeric(fits["ci_high"], errors="coerce")
    ok = est.notna() & lo.notna() & hi.notna()
    if not ok.any():
        return "No trend could be estimated: the documents span too few years."
    clear = fits[ok & ((lo > 0) | (hi < 0))].assign(_e=est)

    def one(row) -> str:
        return (f"{_name(row['feature'], None)} (rate ratio {np.exp(row['estimate']):.2f}, "
                f"95% CI {np.exp(row['ci_low']):.2f}–{np.exp(row['ci_high']):.2f})")

    parts = []
    rises = clear[clear["_e"] > 0].sort_values(["_e", "feature"], ascending=[False, True])
    falls = clear[clear["_e"] < 0].sort_values(["_e", "feature"], ascending=[True, True])
    if len(rises):
        parts.append(f"{one(rises.iloc[0])} rises most")
    if len(falls):
        parts.append(f"{one(falls.iloc[0])} falls most")
    flat = int(ok.sum()) - len(clear)
    if not parts:
        return (f"No feature changes clearly over the years covered: all {_count(flat)} "
                "intervals cross 1.")
    text = "Per year, " + " and ".join(parts)
    if flat:
        text += (f"; {_count(flat)} of {_count(int(ok.sum()))} features show no clear change "
                 "(intervals crossing 1)")
    return text + "."


def voices_sentence(shares: pd.DataFrame) -> str:
    """The share of body text said by speakers, by voice, and the year it is highest."""
    empty = _voices_missing(shares)
    if empty:
        return label(empty) + "."
    table = _with_int_years(shares)
    total = float(table["chars"].sum())
    speakers = table[table["voice"] != "narrator"]
    said = float(speakers["chars"].sum())
    if said <= 0:
        return "No speaker is quoted or reported: all body text is the narrator's."
    by_voice = speakers.groupby("voice")["chars"].sum().sort_values(ascending=False)
    listed = _join([f"{label(v)} {c / total:.1%}" for v, c in by_voice.items() if c > 0])
    per_year = table.groupby("year")["chars"].sum()
    year_share = (speakers.groupby("year")["chars"].sum() / per_year).dropna()
    text = f"Speakers account for {said / total:.1%} of body text ({listed})"
    if year_share.size > 1:
        best = int(year_share.idxmax())
        text += f"; the most in {best} ({year_share.max():.0%})"
    return text + "."


def claims_sentence(claims: pd.DataFrame, documents: pd.DataFrame,
                    checks: pd.DataFrame) -> str:
    """How many claims, the commonest unit, claims without a unit, and the flagged checks."""
    empty = _claims_missing(claims, documents, checks)
    if empty in ("no_documents", "no_claims"):
        return label(empty) + "."
    units = claims["unit"].fillna("").astype(str).str.strip()
    n_docs = claims["doc_id"].nunique()
    text = f"{_plural(len(claims), 'quantitative claim')} in {_plural(n_docs, 'document')}"
    counted = units[units != ""].value_counts()
    if len(counted):
        top = sorted(counted.index, key=lambda u: (-int(counted[u]), u))[0]
        text += f"; the commonest unit is {top} ({_plural(counted[top], 'claim')})"
    blank = int((units == "").sum())
    if blank:
        text += f", {_count(blank)} have no unit"
    flagged = flag_rows(checks)
    text += f". {_plural(len(flagged), 'cross-check')} flag an inconsistency"
    if len(flagged):
        dated = _with_int_years(documents)
        years = flagged.assign(doc_id=flagged["doc_id"].astype(str)).merge(
            dated.assign(doc_id=dated["doc_id"].astype(str))[["doc_id", "year"]], on="doc_id")
        if years["year"].nunique() > 1:
            per = years.groupby("year").size()
            text += f", the most in {int(per.idxmax())} ({_count(per.max())})"
    return text.replace("1 cross-check flag ", "1 cross-check flags ") + "."


def target_outcome_sentence(table: pd.DataFrame) -> str:
    """How many targets were paired with the next year's outcome, met / missed / unclear, where
    the missed outcomes fell, and the indicator paired most often."""
    if _promises_missing(table):
        return ("No target of a work report could be paired with the outcome the next year's "
                "report states (this needs work reports of one government for consecutive "
                "years).")
    table = _with_int_years(table)
    status = table["status"].astype(str)
    counts = {s: int((status == s).sum()) for s in ("met", "missed", "unclear")}
    years = f"{table['year'].min()}–{table['year'].max()}" if table["year"].nunique() > 1 else (
        str(table["year"].min()))
    text = (f"Of {_plural(len(table), 'target')} of a work report ({years}) paired with the "
            f"outcome the next year's report states, {counts['met']:,} "
            f"{'was' if counts['met'] == 1 else 'were'} met, {counts['missed']:,} missed and "
            f"{counts['unclear']:,} unclear")
    where = table.loc[status == "missed", "direction"].fillna("").astype(str)
    above, below = int((where == "above").sum()), int((where == "below").sum())
    if above or below:
        text += f" ({_count(above)} missed above the target, {_count(below)} below it)"
    per = table.groupby("indicator").size()
    top = sorted(per.index, key=lambda i: (-int(per[i]), i))[0]
    if per[top] > 1:
        mine = table[table["indicator"] == top]
        name = str(mine["indicator_label"].iloc[0])
        met = int((mine["status"] == "met").sum())
        missed = mine[mine["status"] == "missed"]
        ups = int((missed["direction"] == "above").sum())
        text += (f"; {name}, paired most often ({_count(per[top])} years), was met "
                 f"{_plural(met, 'time')} and missed {_plural(len(missed), 'time')}")
        if len(missed) and ups == len(missed):
            text += ", above the target" if ups == 1 else ", each time above the target"
        elif len(missed) and ups:
            text += f", {_count(ups)} of them above the target"
    return text + "."


def topics_sentence(topics: pd.DataFrame, by_year: pd.DataFrame) -> str:
    """The most prevalent topic with its top and FREX terms, and the year it peaks."""
    if topics is None or topics.empty:
        return "No topic model: too few dated documents with text."
    first = topics.sort_values(["prevalence", "topic", "rank"],
                               ascending=[False, True, True])
    topic = int(first["topic"].iloc[0])
    rows = topics[topics["topic"] == topic].sort_values("rank")
    top = _join(list(rows["term"].head(3)))
    frex = _join(list(rows["frex_term"].head(3)))
    share = float(rows["prevalence"].iloc[0])
    text = (f"The most prevalent topic, {topic}, is {share:.0%} of the documents' text on "
            f"average; its most probable terms are {top} and its most exclusive {frex}")
    years = _with_int_years(by_year) if by_year is not None else by_year
    if years is not None and len(years) and years["year"].nunique() > 1:
        mine = years[years["topic"] == topic].sort_values(["prevalence", "year"],
                                                          ascending=[False, True])
        if len(mine):
            text += f"; it peaks in {int(mine['year'].iloc[0])}"
    return text + "."


def collocations_sentence(collocations: pd.DataFrame, *, top: int = 10, most: int = 3) -> str:
    """The strongest collocation of each period (by z), and how many of the last period's
    ``top`` are not collocations of the earlier periods at all, led by the ``most`` strongest.

    ``collocations`` is :func:`~cityreports.analyses.collocations.collocations`' table, its
    periods in order (a single period: only its strongest collocations are named).
    """
    if collocations is None or collocations.empty:
        return "No collocation occurs often enough to be scored."
    table = collocations.dropna(subset=["z"])
    periods = list(dict.fromkeys(table["period"]))
    if not periods:
        return "No collocation occurs often enough to be scored."
    strongest = [table[table["period"] == p].iloc[0] for p in periods]

    def name(row) -> str:
        return f"“{row['collocation']}” (z = {row['z']:.1f}, {_plural(row['count'], 'time')})"

    if len(periods) == 1:
        names = _join([f"“{c}”" for c in table["collocation"].head(most)])
        return f"The strongest collocations are {names}."
    text = "Strongest collocation by period: " + "; ".join(
        f"{p}, {name(r)}" for p, r in zip(periods, strongest, strict=True))
    earlier = set(table.loc[table["period"] != periods[-1], "collocation"])
    later = table[table["period"] == periods[-1]].head(top)
    new = later[~later["collocation"].isin(earlier)]
    if len(new):
        led = _join([f"“{c}”" for c in new["collocation"].head(most)])
        text += (f". {len(new)} of the {len(later)} strongest of {periods[-1]} are new (not "
                 f"scored in an earlier period), led by {led}")
    return text + "."
