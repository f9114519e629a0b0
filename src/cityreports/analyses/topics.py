"""Topics whose prevalence depends on year and kind: a covariate topic model, like stm's.

:func:`fit_topics` fits tomotopy's ``GDMRModel`` (Dirichlet-multinomial regression, Lee and
Song): each document's topic prior is ``exp`` of a linear function of its *year* (Legendre
polynomials of degree ``degree`` over the corpus's year range) and its *kind* (categorical),
so prevalence may move with time and differ by genre, as with stm's ``prevalence = ~ s(year)
+ kind``. Words are the documents' content tokens (segmenter tokens of the sentences in the
chosen roles without stop-words, numbers and punctuation) used in at least ``min_df``
documents. Fitting is deterministic: a fixed ``seed`` and one worker thread.

* :func:`topics_table`: per topic its most probable terms and its FREX terms (stm's
  ``calcfrex``: the weighted harmonic mean of the within-topic ECDF ranks of a term's
  exclusivity ``beta_kv / sum_j beta_jv`` and of its frequency ``beta_kv``, weight ``w`` on
  exclusivity), and its mean prevalence.
* :func:`topic_prevalence`: mean document-topic proportion per year (or kind), with
  percentile bootstrap intervals resampling that year's documents (seeded per year).

Documents without a year cannot be placed on the year axis and are left out of the model;
their number is in :attr:`TopicModel.n_undated`.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from cityreports.errors import ParameterError
from cityreports.records import check_roles, select_documents
from cityreports.text.tokens import (
    Segmenter,
    default_segmenter,
    is_content_token,
    sentence_tokens,
)

TOPIC_COLUMNS = ["topic", "label", "rank", "term", "prob", "frex_term", "frex", "prevalence"]
PREVALENCE_COLUMNS = ["topic", "label", "n_docs", "prevalence", "low", "high"]


@dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted topic model: topic-word and document-topic distributions and their inputs."""

    n_topics: int
    seed: int
    terms: tuple[str, ...]
    topic_word: np.ndarray  # (n_topics, n_terms), rows sum to 1
    doc_topic: np.ndarray  # (n_docs, n_topics), rows sum to 1
    docvars: pd.DataFrame  # doc_id, year, kind (rows of doc_topic)
    log_likelihood: float
    n_undated: int = 0

    def labels(self, n: int = 3) -> list[str]:
        """A short label per topic: its ``n`` most probable terms joined by ``/``."""
        top = np.argsort(-self.topic_word, axis=1, kind="stable")[:, :n]
        return ["/".join(self.terms[j] for j in row) for row in top]


def _document_words(doc, *, roles, segmenter) -> list[str]:
    stop = (segmenter if segmenter is not None else default_segmenter()).is_stopword
    return [t for sentence in sentence_tokens(doc, roles=roles, segmenter=segmenter)
            for t in sentence if is_content_token(t) and not stop(t)]


def _covariates(docs, docvars: pd.DataFrame | None) -> pd.DataFrame:
    """doc_id, year, kind per document: the documents' metadata, overridden by ``docvars``
    (a missing kind is ``unknown``)."""
    frame = pd.DataFrame({
        "doc_id": [d.doc_id for d in docs],
        "year": pd.array([d.meta.year for d in docs], dtype="Int64"),
        "kind": [getattr(d.meta, "kind", "") or "" for d in docs],
    })
    if docvars is None:
        return frame.assign(kind=frame["kind"].replace("", "unknown"))
    if "doc_id" not in docvars.columns:
        raise ParameterError("docvars", "needs a doc_id column")
    extra = docvars.drop_duplicates("doc_id").set_index("doc_id")
    for column in ("year", "kind"):
        if column in extra.columns:
            given = frame["doc_id"].map(extra[column])
            frame[column] = given.where(given.notna(), frame[column])
    frame["year"] = pd.to_numeric(frame["year"]).astype("Int64")
    frame["kind"] = frame["kind"].fillna("").astype(str).replace("", "unknown")
    return frame


def fit_topics(
    corpus,
    *,
    n_topics: int = 8,
    seed: int = 0,
    iterations: int = 500,
    degree: int = 2,
    min_df: int = 2,
    docvars: pd.DataFrame | None = None,
    segmenter: Segmenter | None = None,
    roles: Sequence[str] = ("body",),
    collapse_duplicates: bool = True,
) -> TopicModel:
    """Fit ``n_topics`` topics with prevalence depending on year and kind (module docstring).

    ``docvars`` (columns ``doc_id`` and ``year`` and/or ``kind``) replaces the documents'
    metadata where it has a value, e.g. a manifest's curated kinds.
    """
    import tomotopy as tp  # heavy compiled dependency: loaded only when a model is fitted

    if not isinstance(n_topics, int) or not 2 <= n_topics <= 200:
        raise ParameterError("n_topics", f"must be an integer from 2 to 200, got {n_topics!r}")
    for name, value, low in (("iterations", iterations, 10), ("degree", degree, 0),
                             ("min_df", min_df, 1)):
        if not isinstance(value, int) or value < low:
            raise ParameterError(name, f"must be an integer >= {low}, got {value!r}")
    roles = check_roles(roles)
    docs = select_documents(corpus, collapse_duplicates=collapse_duplicates, roles=roles)
    covariates = _covariates(docs, docvars)
    dated = covariates["year"].notna().to_numpy()
    words = [_document_words(d, roles=roles, segmenter=segmenter) if ok else []
             for d, ok in zip(docs, dated, strict=True)]
    keep = [i for i in range(len(docs)) if dated[i] and words[i]]
    if len(keep) < 2:
        raise ParameterError("corpus", "needs at least two dated documents with text")
    years = covariates["year"].to_numpy(dtype=float, na_value=np.nan)[keep]
    # the year range is taken from the documents (tomotopy 0.14 crashes when it is given);
    # with one year only, the year term is a constant (degree 0)
    one_year = float(years.min()) == float(years.max())
    model = tp.GDMRModel(k=n_topics, degrees=[0 if one_year else degree], min_df=min_df,
                         seed=seed)
    for i, year in zip(keep, years, strict=True):
        model.add_doc(words[i], numeric_metadata=[float(year)],
                      metadata=covariates["kind"].iloc[i])
    model.train(iterations, workers=1)
    if model.num_vocabs == 0:
        raise ParameterError("min_df", "no term is used in that many documents")
    vocab = list(model.used_vocabs)
    topic_word = np.array([model.get_topic_word_dist(k) for k in range(n_topics)])
    # iterate: indexing model.docs is unreliable in tomotopy 0.14; the order is insertion order
    fitted = list(model.docs)
    if len(fitted) != len(keep):  # pragma: no cover - tomotopy keeps every added document
        raise ParameterError("corpus", "the topic model dropped documents")
    doc_topic = np.array([d.get_topic_dist() for d in fitted], dtype=float)
    return TopicModel(
        n_topics=n_topics, seed=seed, terms=tuple(vocab), topic_word=topic_word,
        doc_topic=doc_topic, docvars=covariates.iloc[keep].reset_index(drop=True),
        log_likelihood=float(model.ll_per_word), n_undated=int((~dated).sum()),
    )


def frex_scores(topic_word: np.ndarray, *, weight: float = 0.5) -> np.ndarray:
    """stm's FREX: ``1 / (w / ECDF(excl) + (1 - w) / ECDF(freq))`` within each topic."""
    if not 0.0 <= weight <= 1.0:
        raise ParameterError("frex_weight", f"must be between 0 and 1, got {weight!r}")
    exclusivity = topic_word / topic_word.sum(axis=0, keepdims=True)
    n_terms = topic_word.shape[1]
    excl_rank = rankdata(exclusivity, method="max", axis=1) / n_terms
    freq_rank = rankdata(topic_word, method="max", axis=1) / n_terms
    return 1.0 / (weight / excl_rank + (1.0 - weight) / freq_rank)


def topics_table(model: TopicModel | None, *, n_terms: int = 10, frex_weight: float = 0.5):
    """One row per (topic, rank): the rank-th most probable term and the rank-th FREX term.

    ``prevalence`` is the topic's mean proportion over the model's documents. Ties are broken
    by term, so the table does not depend on the vocabulary's order. ``model=None`` (no model
    could be fitted) gives the columns and no rows.
    """
    if not isinstance(n_terms, int) or n_terms < 1:
        raise ParameterError("n_terms", f"must be an integer >= 1, got {n_terms!r}")
    if model is None:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in TOPIC_COLUMNS}).astype(
            {"topic": "int64", "rank": "int64", "label": object, "term": object,
             "frex_term": object})
    frex = frex_scores(model.topic_word, weight=frex_weight)
    terms = np.asarray(model.terms, dtype=object)
    by_term = np.argsort(terms, kind="stable")
    labels = model.labels()
    prevalence = model.doc_topic.mean(axis=0)
    rows = []
    for k in range(model.n_topics):
        top = by_term[np.argsort(-model.topic_word[k, by_term], kind="stable")][:n_terms]
        exclusive = by_term[np.argsort(-frex[k, by_term], kind="stable")][:n_terms]
        for rank, (j, f) in enumerate(zip(top, exclusive, strict=True), start=1):
            rows.append((k + 1, labels[k], rank, terms[j], model.topic_word[k, j], terms[f],
                         frex[k, f], prevalence[k]))
    return pd.DataFrame(rows, columns=TOPIC_COLUMNS).astype({"topic": "int64", "rank": "int64"})


def topic_prevalence(
    model: TopicModel | None, *, by: str = "year", n_boot: int = 1000, seed: int = 0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Mean topic proportion per ``by`` (``"year"`` or ``"kind"``) with percentile bootstrap
    intervals over that group's documents (each group seeded with ``(seed, group)``).
    ``model=None`` gives the columns and no rows."""
    if by not in ("year", "kind"):
        raise ParameterError("by", f"must be 'year' or 'kind', got {by!r}")
    if not isinstance(n_boot, int) or n_boot < 0:
        raise ParameterError("n_boot", f"must be an integer >= 0, got {n_boot!r}")
    if not 0.0 < ci < 1.0:
        raise ParameterError("ci", f"must be between 0 and 1, got {ci!r}")
    columns = [by, *PREVALENCE_COLUMNS]
    if model is None:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns}).astype(
            {"topic": "int64", "n_docs": "int64", "label": object})
    groups = model.docvars[by]
    labels = model.labels()
    alpha = (1.0 - ci) / 2.0
    frames = []
    for value in sorted(groups.dropna().unique()):
        rows = np.flatnonzero((groups == value).to_numpy())
        theta = model.doc_topic[rows]
        mean = theta.mean(axis=0)
        low = high = np.full(model.n_topics, np.nan)
        if n_boot:
            key = int(value) if by == "year" else zlib.crc32(str(value).encode())
            rng = np.random.default_rng([seed, key])
            draws = rng.integers(0, len(rows), size=(n_boot, len(rows)))
            boot = theta[draws].mean(axis=1)
            low, high = np.quantile(boot, [alpha, 1.0 - alpha], axis=0)
        frames.append(pd.DataFrame({
            by: value, "topic": np.arange(1, model.n_topics + 1), "label": labels,
            "n_docs": len(rows), "prevalence": mean, "low": low, "high": high,
        }))
    if not frames:
        return topic_prevalence(None, by=by)
    frame = pd.concat(frames, ignore_index=True)[columns]
    return frame.astype({"topic": "int64", "n_docs": "int64"})
