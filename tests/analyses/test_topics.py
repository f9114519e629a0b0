"""Topics with covariates: determinism, FREX, prevalence intervals, the figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cityreports.analyses.topics import (  # noqa: E402
    fit_topics,
    frex_scores,
    topic_prevalence,
    topics_table,
)
from cityreports.errors import ParameterError  # noqa: E402
from cityreports.report.plots.themes import topic_prevalence_figure  # noqa: E402
from cityreports.report.saving import figure_bytes  # noqa: E402
from cityreports.report.style import house_style  # noqa: E402
from tests.factories import make_corpus, make_doc  # noqa: E402

KINDS = pd.DataFrame({"doc_id": ["000_798e359ce5c0ada4", "002_1ead8699afd08a20"],
                      "kind": ["news", "speech"]})


@pytest.fixture(scope="module")
def model(bundled_corpus):
    return fit_topics(bundled_corpus, n_topics=3, iterations=100, min_df=1, docvars=KINDS)


def test_two_runs_give_identical_tables_and_figures(bundled_corpus, model):
    again = fit_topics(bundled_corpus, n_topics=3, iterations=100, min_df=1, docvars=KINDS)
    pd.testing.assert_frame_equal(topics_table(model), topics_table(again))
    a, b = topic_prevalence(model, n_boot=50), topic_prevalence(again, n_boot=50)
    pd.testing.assert_frame_equal(a, b)
    figures = []
    for m in (model, again):
        with house_style():
            fig = topic_prevalence_figure(topic_prevalence(m, n_boot=50),
                                          topic_prevalence(m, by="kind", n_boot=50))
            figures.append(figure_bytes(fig, "svg", metadata={"Date": None}))
            plt.close(fig)
    assert figures[0] == figures[1]


def test_model_shapes_and_distributions(model, bundled_corpus):
    assert model.topic_word.shape == (3, len(model.terms))
    assert np.allclose(model.topic_word.sum(axis=1), 1.0, atol=1e-4)
    assert np.allclose(model.doc_topic.sum(axis=1), 1.0, atol=1e-4)
    dated = [d for d in bundled_corpus.collapse_duplicates() if d.meta.year is not None]
    assert len(model.docvars) == len(dated) == model.doc_topic.shape[0]
    assert set(model.docvars.kind) >= {"speech"}  # docvars override the metadata


def test_topics_table_lists_top_and_frex_terms(model):
    table = topics_table(model, n_terms=5)
    assert list(table.columns) == ["topic", "label", "rank", "term", "prob", "frex_term",
                                   "frex", "prevalence"]
    assert len(table) == 3 * 5
    for _, g in table.groupby("topic"):
        assert (g.prob.diff().dropna() <= 1e-12).all()
        assert (g.frex.diff().dropna() <= 1e-12).all()
    assert table.groupby("topic").prevalence.first().sum() == pytest.approx(1.0, abs=1e-4)


def test_frex_by_hand():
    """Two topics, three terms. Topic 1: frequencies .5 .3 .2 rank 3/3 2/3 1/3; exclusivity
    .5/.6 .3/.6 .2/.8 -> ranks 3/3 2/3 1/3; FREX = 1 / (.5/e + .5/f)."""
    beta = np.array([[0.5, 0.3, 0.2], [0.1, 0.3, 0.6]])
    frex = frex_scores(beta, weight=0.5)
    expected_t1 = [1 / (0.5 / 1 + 0.5 / 1), 1 / (0.5 / (2 / 3) + 0.5 / (2 / 3)),
                   1 / (0.5 / (1 / 3) + 0.5 / (1 / 3))]
    assert frex[0] == pytest.approx(expected_t1)
    # topic 2: frequency ranks 1/3 2/3 1; exclusivity .1/.6 .3/.6 .6/.8 -> 1/3 2/3 1
    assert frex[1] == pytest.approx([1 / 3, 2 / 3, 1.0])
    only_excl = frex_scores(beta, weight=1.0)
    assert only_excl[1] == pytest.approx([1 / 3, 2 / 3, 1.0])


def test_prevalence_intervals_contain_the_mean(model):
    table = topic_prevalence(model, n_boot=200)
    assert set(table.year) == set(model.docvars.year)
    ok = table[table.n_docs > 0]
    assert ((ok.low <= ok.prevalence + 1e-12) & (ok.prevalence <= ok.high + 1e-12)).all()
    assert table.groupby("year").prevalence.sum().to_numpy() == pytest.approx(1.0, abs=1e-4)
    by_kind = topic_prevalence(model, by="kind", n_boot=0)
    assert by_kind.low.isna().all() and set(by_kind.kind) >= {"news", "speech"}


def test_undated_documents_are_left_out_and_counted():
    docs = [make_doc("数字政府建设加快推进。数据共享不断深化。", doc_id="a", year=2018),
            make_doc("城市大脑平台上线运行。数字孪生城市建设。", doc_id="b", year=2023),
            make_doc("智慧交通系统投入使用。", doc_id="c")]
    m = fit_topics(make_corpus(docs), n_topics=2, iterations=20, min_df=1)
    assert m.n_undated == 1 and tuple(m.docvars.doc_id) == ("a", "b")


def test_one_year_only_still_fits():
    docs = [make_doc("数字政府建设加快推进。", doc_id="a", year=2020),
            make_doc("城市大脑平台上线运行。", doc_id="b", year=2020)]
    m = fit_topics(make_corpus(docs), n_topics=2, iterations=20, min_df=1)
    assert m.doc_topic.shape == (2, 2)


def test_empty_figure_without_dated_documents():
    fig = topic_prevalence_figure(pd.DataFrame(columns=["year", "topic", "label", "prevalence",
                                                        "low", "high"]))
    assert fig.axes and not fig.axes[0].axison
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"n_topics": 1}, "n_topics"), ({"iterations": 1}, "iterations"),
     ({"min_df": 0}, "min_df"), ({"docvars": pd.DataFrame({"x": [1]})}, "docvars")],
)
def test_bad_options(bundled_corpus, kwargs, name):
    with pytest.raises(ParameterError, match=name):
        fit_topics(bundled_corpus, **kwargs)


def test_too_few_documents():
    with pytest.raises(ParameterError, match="two dated documents"):
        fit_topics(make_corpus([make_doc("数字政府。", year=2020)]), n_topics=2)
