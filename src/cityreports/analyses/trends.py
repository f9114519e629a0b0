"""Trend models: does the rate of a feature change over time?

For every ``(feature, term)`` a GLM of the count per document on centred time is fitted, with
``log(n_chars)`` as offset, so the coefficient on time is the log rate ratio per year (or per
five-year plan period). Poisson or negative binomial; for the negative binomial the dispersion
``alpha`` is estimated by the method of moments from the Poisson fit (Cameron & Trivedi 1990
auxiliary regression, no intercept), then held fixed in the NB GLM.

Degenerate inputs (all zeros, a single time point, every non-zero count at the earliest or
latest time — where the maximum-likelihood estimate does not exist — or a failed fit) give a row
with NaN estimate and a ``note``, never an exception.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cityreports.errors import ParameterError

FAMILIES = ("poisson", "negbin")
TIMES = ("year", "period")
REQUIRED_COLUMNS = ("feature", "term", "doc_id", "year", "count", "n_chars")
#: The columns of the trend table, in order, with the dtypes of an empty table (no feature and
#: term to fit).
TABLE_DTYPES = {
    "feature": object,
    "term": object,
    "estimate": "float64",
    "std_error": "float64",
    "ci_low": "float64",
    "ci_high": "float64",
    "rate_ratio": "float64",
    "p": "float64",
    "n_docs": "int64",
    "n_obs": "int64",
    "n_times": "int64",
    "total_count": "float64",
    "family": object,
    "time": object,
    "alpha_nb": "float64",
    "converged": bool,
    "small_sample": bool,
    "note": object,
}
TABLE_COLUMNS = tuple(TABLE_DTYPES)
#: Fewer documents than this: estimate reported, ``small_sample=True``.
MIN_DOCS = 5
#: First year of the 12th five-year plan; plan periods are counted from it.
PLAN_PERIOD_ORIGIN = 2011


def plan_period(year: float) -> float:
    """Index of the five-year plan period of ``year`` (2011–2015 -> 0, 2016–2020 -> 1, …)."""
    return float(np.floor((year - PLAN_PERIOD_ORIGIN) / 5))


@dataclass(frozen=True)
class TrendFit:
    """Result of one trend fit (one feature and term)."""

    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p: float
    converged: bool
    alpha_nb: float
    note: str


def _nan_fit(note: str) -> TrendFit:
    nan = float("nan")
    return TrendFit(nan, nan, nan, nan, nan, False, nan, note)


def _degenerate(y: np.ndarray, t: np.ndarray) -> str:
    """A note when the MLE of the time slope cannot exist, else ``""``."""
    if len(y) == 0:
        return "no observations"
    if y.sum() == 0:
        return "all counts zero"
    if np.unique(t).size < 2:
        return "one time point"
    positive = t[y > 0]
    if np.all(positive == t.max()) or np.all(positive == t.min()):
        return "separation: all non-zero counts at one end of the time range"
    return ""


def _moment_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """NB2 dispersion by the Cameron–Trivedi moment regression, clipped to a small positive."""
    denom = float(np.sum(mu**2))
    if denom <= 0:
        return 1e-8
    alpha = float(np.sum((y - mu) ** 2 - y) / denom)
    return max(alpha, 1e-8)


def fit_glm(
    y: np.ndarray,
    t: np.ndarray,
    offset: np.ndarray,
    *,
    family: str = "poisson",
    alpha: float = 0.05,
) -> TrendFit:
    """Fit ``log E[y] = offset + a + b*t`` and return ``b`` with its Wald CI and p-value."""
    import statsmodels.api as sm  # lazy: heavy import

    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    offset = np.asarray(offset, dtype=float)
    note = _degenerate(y, t)
    if note:
        return _nan_fit(note)
    x = sm.add_constant(t - t.mean(), has_constant="add")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.GLM(y, x, family=sm.families.Poisson(), offset=offset).fit()
            alpha_nb = float("nan")
            if family == "negbin":
                alpha_nb = _moment_alpha(y, np.asarray(res.fittedvalues, dtype=float))
                nb = sm.families.NegativeBinomial(alpha=alpha_nb)
                res = sm.GLM(y, x, family=nb, offset=offset).fit()
    except Exception as exc:  # any numerical failure becomes a NaN row, never an error
        return _nan_fit(f"fit failed: {type(exc).__name__}")
    params = np.asarray(res.params, dtype=float)
    ci = np.asarray(res.conf_int(alpha=alpha), dtype=float)
    bse = np.asarray(res.bse, dtype=float)
    pvals = np.asarray(res.pvalues, dtype=float)
    if not np.all(np.isfinite([params[1], bse[1]])):
        return _nan_fit("fit failed: non-finite estimate")
    return TrendFit(
        estimate=float(params[1]),
        std_error=float(bse[1]),
        ci_low=float(ci[1, 0]),
        ci_high=float(ci[1, 1]),
        p=float(pvals[1]),
        converged=bool(getattr(res, "converged", True)),
        alpha_nb=alpha_nb,
        note="" if getattr(res, "converged", True) else "did not converge",
    )


class TrendModel:
    """Per-term GLM trend of counts over time (scikit-learn manner).

    ``fit(counts)`` takes a tidy frame with columns ``feature, term, doc_id, year, count,
    n_chars`` (e.g. from :func:`analyses.rhetoric.features_by_doc`). Rows with missing year
    or ``n_chars <= 0`` are dropped. Learned: ``results_`` (``(feature, term) -> TrendFit``) and
    ``table_`` (one row per feature and term, see :data:`TABLE_COLUMNS`).
    """

    def __init__(self, *, family: str = "poisson", time: str = "year", alpha: float = 0.05):
        self.family = family
        self.time = time
        self.alpha = alpha

    def _check(self) -> None:
        if self.family not in FAMILIES:
            raise ParameterError("family", f"must be one of {FAMILIES}, got {self.family!r}")
        if self.time not in TIMES:
            raise ParameterError("time", f"must be one of {TIMES}, got {self.time!r}")
        if not 0 < self.alpha < 1:
            raise ParameterError("alpha", f"must be in (0, 1), got {self.alpha!r}")

    def fit(self, counts: pd.DataFrame) -> TrendModel:
        """Fit one model per ``(feature, term)``; returns ``self``."""
        self._check()
        missing = [c for c in REQUIRED_COLUMNS if c not in counts.columns]
        if missing:
            raise ParameterError("counts", f"missing columns {missing}")
        data = counts.loc[:, list(REQUIRED_COLUMNS)].copy()
        data["year"] = pd.to_numeric(data["year"], errors="coerce")
        data["count"] = pd.to_numeric(data["count"], errors="coerce")
        data["n_chars"] = pd.to_numeric(data["n_chars"], errors="coerce")
        data = data[data["year"].notna() & data["count"].notna() & (data["n_chars"] > 0)]
        results: dict[tuple[str, str], TrendFit] = {}
        rows = []
        keys = counts.loc[:, ["feature", "term"]].drop_duplicates()
        groups = {k: g for k, g in data.groupby(["feature", "term"], sort=False)}
        for feature, term in keys.itertuples(index=False):
            g = groups.get((feature, term), data.iloc[0:0])
            t = g["year"].to_numpy(dtype=float)
            if self.time == "period":
                t = np.array([plan_period(v) for v in t], dtype=float)
            y = g["count"].to_numpy(dtype=float)
            fit = fit_glm(
                y,
                t,
                np.log(g["n_chars"].to_numpy(dtype=float)),
                family=self.family,
                alpha=self.alpha,
            )
            results[(feature, term)] = fit
            n_docs = int(g["doc_id"].nunique())
            rows.append(
                {
                    "feature": feature,
                    "term": term,
                    "estimate": fit.estimate,
                    "std_error": fit.std_error,
                    "ci_low": fit.ci_low,
                    "ci_high": fit.ci_high,
                    "rate_ratio": float(np.exp(fit.estimate)),
                    "p": fit.p,
                    "n_docs": n_docs,
                    "n_obs": len(g),
                    "n_times": int(np.unique(t).size),
                    "total_count": float(y.sum()),
                    "family": self.family,
                    "time": self.time,
                    "alpha_nb": fit.alpha_nb,
                    "converged": fit.converged,
                    "small_sample": n_docs < MIN_DOCS,
                    "note": _join_notes(fit.note, "n too small" if n_docs < MIN_DOCS else ""),
                }
            )
        self.results_ = results
        table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
        self.table_ = table.astype(TABLE_DTYPES) if table.empty else table
        return self


def _join_notes(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def fit_trends(
    features_df: pd.DataFrame,
    *,
    family: str = "poisson",
    time: str = "year",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Tidy trend table: one row per feature and term (see :class:`TrendModel`)."""
    return TrendModel(family=family, time=time, alpha=alpha).fit(features_df).table_
