"""Tests for cityreports.analyses.trends: GLM trend recovery and degenerate inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.trends import TABLE_COLUMNS, TrendModel, fit_trends, plan_period
from cityreports.errors import ParameterError


def simulate(*, b: float, family: str, seed: int, n_docs: int = 400, a: float = -6.0):
    """Counts with log-rate a + b*(year - 2016) per char; NB2 with alpha=0.5 if negbin."""
    rng = np.random.default_rng(seed)
    years = rng.integers(2010, 2024, size=n_docs)
    n_chars = rng.integers(2000, 20000, size=n_docs)
    mu = n_chars * np.exp(a + b * (years - 2016))
    if family == "negbin":
        alpha = 0.5
        lam = rng.gamma(shape=1 / alpha, scale=mu * alpha)
        counts = rng.poisson(lam)
    else:
        counts = rng.poisson(mu)
    return pd.DataFrame(
        {
            "feature": "f",
            "term": "t",
            "doc_id": [f"d{i}" for i in range(n_docs)],
            "year": years,
            "count": counts,
            "n_chars": n_chars,
        }
    )


@pytest.mark.parametrize(
    ("family", "b", "seed"),
    [
        ("poisson", 0.08, 1),
        ("poisson", -0.05, 2),
        ("poisson", 0.0, 3),
        ("negbin", 0.1, 4),
        ("negbin", -0.07, 5),
    ],
)
def test_recovers_known_trend(family, b, seed):
    table = fit_trends(simulate(b=b, family=family, seed=seed), family=family)
    row = table.iloc[0]
    assert abs(row["estimate"] - b) < 4 * row["std_error"]
    assert row["ci_high"] - row["ci_low"] < 0.05
    assert row["converged"]
    assert not row["small_sample"]
    assert row["n_docs"] == 400


@pytest.mark.parametrize(("family", "b"), [("poisson", 0.08), ("negbin", -0.06)])
def test_confidence_interval_covers_true_slope_in_most_replications(family, b):
    fits = [
        fit_trends(simulate(b=b, family=family, seed=seed, n_docs=200), family=family).iloc[0]
        for seed in range(100, 140)
    ]
    covered = sum(f["ci_low"] <= b <= f["ci_high"] for f in fits)
    assert covered >= 34  # nominal 95% of 40 = 38; 34 allows sampling noise


def test_negbin_wider_ci_than_poisson_on_overdispersed_data():
    data = simulate(b=0.05, family="negbin", seed=11)
    pois = fit_trends(data, family="poisson").iloc[0]
    nb = fit_trends(data, family="negbin").iloc[0]
    assert nb["ci_high"] - nb["ci_low"] > pois["ci_high"] - pois["ci_low"]
    assert nb["alpha_nb"] > 0.1


def _frame(years, counts, n_chars=None, feature="f", term="t"):
    n = len(years)
    return pd.DataFrame(
        {
            "feature": feature,
            "term": term,
            "doc_id": [f"d{i}" for i in range(n)],
            "year": years,
            "count": counts,
            "n_chars": n_chars if n_chars is not None else [1000] * n,
        }
    )


@pytest.mark.parametrize(
    ("years", "counts", "note"),
    [
        ([2015, 2016, 2017, 2018, 2019], [0, 0, 0, 0, 0], "all counts zero"),
        ([2020] * 6, [1, 2, 3, 4, 5, 6], "one time point"),
        ([2015, 2016, 2017, 2018, 2019], [0, 0, 0, 0, 7], "separation"),
        ([2015, 2015, 2017, 2018, 2019], [3, 2, 0, 0, 0], "separation"),
        ([], [], "no observations"),
    ],
)
def test_degenerate_inputs_give_nan_rows(years, counts, note):
    data = _frame(years, counts) if years else _frame([2015], [1], n_chars=[0])
    table = fit_trends(data)
    assert len(table) == 1
    row = table.iloc[0]
    assert np.isnan(row["estimate"]) and np.isnan(row["p"])
    assert note in row["note"]


def test_missing_year_and_zero_length_rows_are_dropped():
    data = _frame([2015, 2016, None, 2018, 2019, 2020], [1, 2, 50, 3, 4, 5])
    data.loc[5, "n_chars"] = 0
    row = fit_trends(data).iloc[0]
    assert row["n_obs"] == 4
    assert np.isfinite(row["estimate"])


def test_small_sample_flag_keeps_estimate():
    row = fit_trends(_frame([2015, 2017, 2019], [1, 3, 6])).iloc[0]
    assert row["small_sample"]
    assert "n too small" in row["note"]
    assert np.isfinite(row["estimate"]) and row["estimate"] > 0


def test_one_row_per_feature_and_term_and_columns():
    data = pd.concat(
        [
            _frame([2015, 2016, 2017, 2018, 2019], [1, 2, 2, 3, 5], feature="a", term="x"),
            _frame([2015, 2016, 2017, 2018, 2019], [0, 0, 0, 0, 0], feature="a", term="y"),
            _frame([2015, 2016, 2017, 2018, 2019], [5, 4, 2, 2, 1], feature="b", term="x"),
        ]
    )
    model = TrendModel().fit(data)
    assert list(model.table_.columns) == list(TABLE_COLUMNS)
    assert list(zip(model.table_["feature"], model.table_["term"], strict=True)) == [
        ("a", "x"),
        ("a", "y"),
        ("b", "x"),
    ]
    assert set(model.results_) == {("a", "x"), ("a", "y"), ("b", "x")}
    assert model.table_.loc[0, "estimate"] > 0 > model.table_.loc[2, "estimate"]


@pytest.mark.parametrize(
    ("year", "period"), [(2011, 0), (2015, 0), (2016, 1), (2020, 1), (2021, 2), (2010, -1)]
)
def test_plan_period(year, period):
    assert plan_period(year) == period


def test_period_time_scale_is_five_times_year_slope():
    data = simulate(b=0.04, family="poisson", seed=7, n_docs=2000)
    by_period = fit_trends(data, time="period").iloc[0]
    assert 0.1 < by_period["estimate"] < 0.3  # about 5 years x 0.04 per year
    assert by_period["time"] == "period"


@pytest.mark.parametrize(
    ("kw", "name"),
    [({"family": "gauss"}, "family"), ({"time": "month"}, "time"), ({"alpha": 1.5}, "alpha")],
)
def test_bad_parameters(kw, name):
    with pytest.raises(ParameterError) as err:
        TrendModel(**kw).fit(_frame([2015, 2016], [1, 2]))
    assert err.value.name == name


def test_missing_columns_raise_parameter_error():
    with pytest.raises(ParameterError):
        fit_trends(pd.DataFrame({"feature": ["f"], "count": [1]}))


@settings(max_examples=30, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=12),
    family=st.sampled_from(["poisson", "negbin"]),
)
def test_any_counts_never_raise(counts, family):
    years = [2010 + (i % 7) for i in range(len(counts))]
    table = fit_trends(_frame(years, counts), family=family)
    assert len(table) == 1
    row = table.iloc[0]
    assert np.isnan(row["estimate"]) or row["ci_low"] <= row["estimate"] <= row["ci_high"]


def test_rhetoric_features_feed_trend_models(bundled_line_docs):
    from dataclasses import replace

    from cityreports.analyses.rhetoric import features_by_doc

    docs = [
        replace(d, meta=replace(d.meta, year=year))
        for d, year in zip(bundled_line_docs, [2020, 2020, 2021, 2023, 2015], strict=True)
    ]
    features = features_by_doc(docs)
    table = fit_trends(features, family="negbin")
    assert len(table) == len(features[["feature", "term"]].drop_duplicates())
    assert (table["n_docs"] == 5).all() and not table["small_sample"].any()
    fitted = table[table["estimate"].notna()]
    assert len(fitted) > 10
    assert (fitted["ci_low"] <= fitted["estimate"]).all()
    assert table[table["estimate"].isna()]["note"].str.len().gt(0).all()


@pytest.mark.parametrize(
    "counts",
    [pd.DataFrame(columns=["feature", "term", "doc_id", "year", "count", "n_chars"]),
     pd.DataFrame({"feature": ["f"], "term": ["t"], "doc_id": ["a"],
                   "year": pd.array([None], dtype="Int64"), "count": [3], "n_chars": [100]}),
     pd.DataFrame({"feature": ["f", "f"], "term": ["t", "t"], "doc_id": ["a", "b"],
                   "year": [2021, 2021], "count": [3, 0], "n_chars": [0, 0]})],
    ids=["no rows", "undated", "no text"],
)
def test_empty_and_degenerate_tables_keep_their_columns(counts):
    table = fit_trends(counts)
    assert tuple(table.columns) == TABLE_COLUMNS
    assert len(table) == len(counts[["feature", "term"]].drop_duplicates())
    assert table["estimate"].dtype == "float64" and table["estimate"].isna().all()
    assert table["n_docs"].dtype == "int64"
