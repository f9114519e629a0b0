"""Document-feature matrices, and their export for R (``Matrix``, ``quanteda``, ``stm``).

:func:`dfm` counts, per document, either its content tokens (``features="tokens"``: the
segmenter's tokens of the sentences in the chosen roles, stop-words, punctuation and numbers
left out) or its codebook hits (``features="codebook"``: one column per theme, counted as
:func:`~cityreports.analyses.themes.themes_by_doc` counts them, Taiwan/Hong Kong variants
included). The result holds a ``scipy.sparse`` CSR matrix, the feature names and the document
variables (``doc_id, year, kind, region, duplicate_group``).

:meth:`DocumentFeatureMatrix.export_dfm` writes three files R reads without a converter::

    m  <- Matrix::readMM("dfm/dfm.mtx")
    dv <- read.csv("dfm/docvars.csv", encoding = "UTF-8")
    dimnames(m) <- list(dv$doc_id, read.csv("dfm/features.csv", encoding = "UTF-8")$feature)
    x  <- quanteda::as.dfm(m); quanteda::docvars(x) <- dv
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cityreports.codebooks import Codebook, FormulationBook, load_codebook
from cityreports.csvfiles import unescape_cell, write_csv
from cityreports.errors import ParameterError
from cityreports.records import check_roles, duplicate_group_of, select_documents
from cityreports.text.terms import document_profiles
from cityreports.text.tokens import (
    Segmenter,
    default_segmenter,
    is_content_token,
    sentence_tokens,
)

if TYPE_CHECKING:
    import scipy.sparse


def _scipy():
    """:mod:`scipy` with its ``io`` and ``sparse`` modules, imported on first use (``extract``
    without ``--dfm`` imports this module but never builds a matrix)."""
    import scipy.io
    import scipy.sparse

    return scipy


FEATURES = ("tokens", "codebook")
DOCVAR_COLUMNS = ["doc_id", "year", "kind", "region", "duplicate_group"]
#: File names written by :meth:`DocumentFeatureMatrix.export_dfm`.
MATRIX_FILE, FEATURES_FILE, DOCVARS_FILE = "dfm.mtx", "features.csv", "docvars.csv"


@dataclass(frozen=True, eq=False)
class DocumentFeatureMatrix:
    """Counts of ``features`` (columns) in documents (rows, in the order of ``docvars``)."""

    matrix: scipy.sparse.csr_matrix
    features: tuple[str, ...]
    docvars: pd.DataFrame
    kind: str = "tokens"

    def __post_init__(self) -> None:
        n_docs, n_features = self.matrix.shape
        if n_docs != len(self.docvars) or n_features != len(self.features):
            raise ParameterError("matrix", f"shape {self.matrix.shape} does not fit "
                                 f"{len(self.docvars)} documents and {len(self.features)} features")

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(self.docvars["doc_id"])

    def to_frame(self) -> pd.DataFrame:
        """Long table of the non-zero cells: ``doc_id, feature, count``."""
        coo = self.matrix.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame({
            "doc_id": np.asarray(self.doc_ids, dtype=object)[coo.row[order]],
            "feature": np.asarray(self.features, dtype=object)[coo.col[order]],
            "count": coo.data[order].astype(np.int64),
        })

    def export_dfm(self, path: str | os.PathLike[str]) -> dict[str, Path]:
        """Write ``dfm.mtx`` (Matrix Market, integer), ``features.csv`` and ``docvars.csv``
        into the folder ``path`` (created); returns the three paths. Same input, same bytes."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"matrix": folder / MATRIX_FILE, "features": folder / FEATURES_FILE,
                 "docvars": folder / DOCVARS_FILE}
        buffer = io.BytesIO()
        _scipy().io.mmwrite(buffer, self.matrix.tocoo(), field="integer", symmetry="general")
        paths["matrix"].write_bytes(buffer.getvalue())
        # the one CSV encoder: text a spreadsheet reads as a formula gets a ' in front
        write_csv(pd.DataFrame({"feature": list(self.features)}), paths["features"])
        write_csv(self.docvars, paths["docvars"])
        return paths


def read_dfm(path: str | os.PathLike[str]) -> DocumentFeatureMatrix:
    """A matrix written by :meth:`DocumentFeatureMatrix.export_dfm`, read back."""
    folder = Path(path)
    sp = _scipy()
    matrix = sp.sparse.csr_matrix(sp.io.mmread(folder / MATRIX_FILE)).astype(np.int64)
    features = pd.read_csv(folder / FEATURES_FILE, dtype=str, keep_default_na=False)
    text = ("doc_id", "kind", "region", "duplicate_group")
    docvars = pd.read_csv(folder / DOCVARS_FILE, dtype=dict.fromkeys(text, str),
                          keep_default_na=False, na_values={"year": [""]})
    for column in text:
        docvars[column] = docvars[column].map(unescape_cell)
    docvars["year"] = docvars["year"].astype("Int64")
    return DocumentFeatureMatrix(matrix, tuple(map(unescape_cell, features["feature"])), docvars)


def _docvars(docs, groups) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(d.doc_id, d.meta.year, getattr(d.meta, "kind", "") or "",
          getattr(d.meta, "region", "") or "", groups.get(d.doc_id, d.doc_id)) for d in docs],
        columns=DOCVAR_COLUMNS,
    )
    return frame.astype({"year": "Int64", "doc_id": str, "kind": str, "region": str,
                         "duplicate_group": str})


def content_tokens(doc, *, roles: Sequence[str], segmenter: Segmenter | None) -> list[str]:
    """The content tokens of ``doc``'s sentences in ``roles`` (stop-words, numbers dropped)."""
    stop = (segmenter if segmenter is not None else default_segmenter()).is_stopword
    out: list[str] = []
    for sentence in sentence_tokens(doc, roles=roles, segmenter=segmenter):
        out.extend(t for t in sentence if is_content_token(t) and not stop(t))
    return out


def dfm(
    corpus,
    *,
    features: str = "tokens",
    codebook: Codebook | FormulationBook | None = None,
    segmenter: Segmenter | None = None,
    roles: Sequence[str] = ("body",),
    min_count: int = 1,
    collapse_duplicates: bool = False,
) -> DocumentFeatureMatrix:
    """The document-feature matrix of ``corpus`` (rows sorted by doc_id).

    ``features="tokens"``: content tokens (see :func:`content_tokens`), columns sorted by
    term, those used fewer than ``min_count`` times in the corpus dropped.
    ``features="codebook"``: hits of each entry of ``codebook`` (default: the themes
    codebook), columns in codebook order, all kept. ``collapse_duplicates`` keeps one document
    per duplicate group (:meth:`~cityreports.records.Corpus.collapse_duplicates`).
    """
    if features not in FEATURES:
        raise ParameterError("features", f"must be one of {FEATURES}, got {features!r}")
    if not isinstance(min_count, int) or min_count < 1:
        raise ParameterError("min_count", f"must be an integer >= 1, got {min_count!r}")
    roles = check_roles(roles)
    docs = select_documents(corpus, collapse_duplicates=collapse_duplicates, roles=roles)
    groups = duplicate_group_of(corpus)
    docvars = _docvars(docs, groups)
    if features == "codebook":
        book = codebook if codebook is not None else load_codebook()
        if not isinstance(book, Codebook | FormulationBook):
            raise ParameterError("codebook", f"expected a Codebook, got {type(book).__name__}")
        profiles = document_profiles(docs, book.matcher(), book.ids, roles=roles, groups=groups)
        dense = np.array([p.hits for p in profiles], dtype=np.int64).reshape(len(docs), -1)
        matrix = _scipy().sparse.csr_matrix(dense)
        return DocumentFeatureMatrix(matrix, tuple(book.ids), docvars, kind="codebook")
    rows, cols, vocab = [], [], {}
    for i, doc in enumerate(docs):
        for token in content_tokens(doc, roles=roles, segmenter=segmenter):
            rows.append(i)
            cols.append(vocab.setdefault(token, len(vocab)))
    terms = sorted(vocab)
    order = np.empty(len(vocab), dtype=np.int64)
    order[[vocab[t] for t in terms]] = np.arange(len(terms))
    sparse = _scipy().sparse
    matrix = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.int64), (np.asarray(rows, dtype=np.int64),
                                              order[np.asarray(cols, dtype=np.int64)])),
        shape=(len(docs), len(terms)),
    ).tocsr()
    matrix.sum_duplicates()
    keep = np.flatnonzero(np.asarray(matrix.sum(axis=0)).ravel() >= min_count)
    return DocumentFeatureMatrix(matrix[:, keep].tocsr(), tuple(terms[j] for j in keep), docvars)
