"""Were the reports' promises kept? The ``target_vs_outcome`` checks as a tidy table.

:func:`target_outcome_table` joins each ``target_vs_outcome`` row of
:func:`cityreports.quant.checks.run_checks` with the two claims it cites (the target in the
report of year N, the outcome in the report of year N+1) and gives one row per pair with the
indicator's display names, the year, both values in one unit (rates in percent), the band the
target accepts (:func:`accepted_band`) and where the outcome fell: ``within``, ``above`` or
``below`` it (empty when the two are not comparable). The claims notebook draws it
(:func:`cityreports.report.plots.claims.target_outcome_figure`) and shows its first rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from cityreports.quant.promises import (
    APPROX_PP,
    APPROX_REL,
    RATE_UNITS,
    Indicator,
    in_percent,
    indicators,
    parse_detail,
)

__all__ = ["PROMISE_COLUMNS", "STATUSES", "accepted_band", "target_outcome_table"]

#: Statuses of a pair, in the order tables and figures show them.
STATUSES = ("met", "missed", "unclear")
PROMISE_COLUMNS = (
    "indicator", "indicator_label", "indicator_label_zh", "year", "status", "direction",
    "target_doc", "target_start", "target_end", "target_surface", "target_qualifier",
    "target_value", "target_low", "target_high", "band_low", "band_high", "unit",
    "outcome_doc", "outcome_start", "outcome_end", "outcome_surface", "outcome_value",
    "outcome_unit", "comparable",
)
_CLAIM_VALUES = ("surface", "value", "low", "high", "unit", "qualifier")


def accepted_band(qualifier: str, value: float | None, low: float | None, high: float | None,
                  *, rate: bool) -> tuple[float, float]:
    """``(lowest, highest)`` outcome that meets a target (the rules of ``target_vs_outcome``):
    exact: the value; approx (左右, 约): ±0.5 percentage points for a rate, ±5 % for an amount;
    more_than / less_than: the bound, open on the other side; range: both bounds. NaN when the
    qualifier gives no band."""
    nan = (math.nan, math.nan)
    if qualifier == "exact" and _number(value):
        return float(value), float(value)
    if qualifier in ("approx", "nearly") and _number(value):
        tolerance = APPROX_PP if rate else APPROX_REL * abs(float(value))
        return float(value) - tolerance, float(value) + tolerance
    if qualifier in ("more_than", "approx_more_than") and _number(low):
        return float(low), math.inf
    if qualifier == "less_than" and _number(high):
        return -math.inf, float(high)
    if qualifier in ("range", "vague_range") and _number(low) and _number(high):
        return float(low), float(high)
    return nan


def _number(x: object) -> bool:
    return x is not None and not pd.isna(x) and math.isfinite(float(x))


def _claim_values(claims: pd.DataFrame) -> pd.DataFrame:
    """``(doc_id, start, end) -> value, low, high, unit, qualifier`` of the claims table."""
    keys = ["doc_id", "start", "end"]
    if claims is None or claims.empty or not set(keys) <= set(claims.columns):
        return pd.DataFrame(columns=[*keys, *_CLAIM_VALUES])
    table = claims.reindex(columns=[*keys, *_CLAIM_VALUES]).copy()
    table["doc_id"] = table["doc_id"].astype(str)
    for column in ("start", "end"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("Int64")
    return table.drop_duplicates(keys)


def _in_unit(values: pd.Series, units: pd.Series) -> pd.Series:
    return pd.Series([in_percent(v, u) if _number(v) else math.nan
                      for v, u in zip(values, units, strict=True)], index=values.index,
                     dtype=float)


def _direction(status: str, outcome: float, band: tuple[float, float]) -> str:
    if status == "met":
        return "within"
    if status != "missed" or not _number(outcome):
        return ""
    low, high = band
    if not math.isnan(high) and outcome > high:
        return "above"
    if not math.isnan(low) and outcome < low:
        return "below"
    return ""


def target_outcome_table(checks: pd.DataFrame, claims: pd.DataFrame, *,
                         lexicon: Sequence[Indicator] | None = None) -> pd.DataFrame:
    """One row per ``target_vs_outcome`` pair of ``checks``, with values from ``claims``
    (:func:`cityreports.quant.claims.claims_table`), sorted by indicator and year; the columns
    of :data:`PROMISE_COLUMNS` (empty, with those columns, when there is no pair)."""
    lexicon = indicators() if lexicon is None else lexicon
    by_id = {ind.id: ind for ind in lexicon}
    if checks is None or checks.empty or "check" not in checks:
        return pd.DataFrame(columns=list(PROMISE_COLUMNS))
    pairs = checks[checks["check"].astype(str) == "target_vs_outcome"]
    if pairs.empty:
        return pd.DataFrame(columns=list(PROMISE_COLUMNS))
    parsed = [parse_detail(d) for d in pairs["detail"]]
    table = pd.DataFrame({
        "indicator": [p[0] if p else "" for p in parsed],
        "year": pd.array([p[1] if p else None for p in parsed], dtype="Int64"),
        "status": pairs["status"].astype(str).to_numpy(),
        "target_doc": pairs["doc_id"].astype(str).to_numpy(),
        "target_start": pd.to_numeric(pairs["start"]).astype("Int64").to_numpy(),
        "target_end": pd.to_numeric(pairs["end"]).astype("Int64").to_numpy(),
        "outcome_doc": pairs["other_doc_id"].astype(str).to_numpy(),
        "outcome_start": pd.to_numeric(pairs["other_start"]).astype("Int64").to_numpy(),
        "outcome_end": pd.to_numeric(pairs["other_end"]).astype("Int64").to_numpy(),
    })
    values = _claim_values(claims)
    for side in ("target", "outcome"):
        keys = {"doc_id": f"{side}_doc", "start": f"{side}_start", "end": f"{side}_end"}
        side_values = values.rename(columns=keys | {c: f"{side}_raw_{c}" for c in _CLAIM_VALUES})
        table = table.merge(side_values, how="left", on=list(keys.values()))
        table[f"{side}_surface"] = table.pop(f"{side}_raw_surface")
    t_unit = table["target_raw_unit"].fillna("").astype(str)
    o_unit = table["outcome_raw_unit"].fillna("").astype(str)
    t_rate = t_unit.isin(list(RATE_UNITS))
    table["unit"] = t_unit.where(~t_rate, "%")
    table["outcome_unit"] = o_unit.where(~o_unit.isin(list(RATE_UNITS)), "%")
    table["target_qualifier"] = table["target_raw_qualifier"].fillna("").astype(str)
    for name in ("value", "low", "high"):
        table[f"target_{name}"] = _in_unit(table[f"target_raw_{name}"], t_unit)
    table["outcome_value"] = _in_unit(table["outcome_raw_value"], o_unit)
    table["comparable"] = (table["unit"] == table["outcome_unit"]) & (table["unit"] != "")
    bands = [accepted_band(q, v, lo, hi, rate=bool(r)) for q, v, lo, hi, r in zip(
        table["target_qualifier"], table["target_value"], table["target_low"],
        table["target_high"], t_rate, strict=True)]
    table["band_low"] = [b[0] for b in bands]
    table["band_high"] = [b[1] for b in bands]
    table["direction"] = [_direction(s, o, b) if c else "" for s, o, b, c in zip(
        table["status"], table["outcome_value"], bands, table["comparable"], strict=True)]
    table["indicator_label"] = [by_id[i].name(lang="en") if i in by_id else i
                                for i in table["indicator"]]
    table["indicator_label_zh"] = [by_id[i].name(lang="zh") if i in by_id else i
                                   for i in table["indicator"]]
    for side in ("target", "outcome"):
        table[f"{side}_surface"] = table[f"{side}_surface"].fillna("").astype(str)
    table = table.sort_values(["indicator", "year", "target_doc", "target_start"],
                              kind="stable")
    return table.reindex(columns=list(PROMISE_COLUMNS)).reset_index(drop=True)
