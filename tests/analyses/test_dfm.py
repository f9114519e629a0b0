"""Document-feature matrices: counts, docvars, the Matrix Market export and R reading it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.io
import scipy.sparse

from cityreports.analyses.dfm import (
    DOCVAR_COLUMNS,
    DocumentFeatureMatrix,
    content_tokens,
    dfm,
    read_dfm,
)
from cityreports.analyses.themes import themes_by_doc
from cityreports.cli import main
from cityreports.errors import ParameterError
from cityreports.pipeline import parse_corpus
from cityreports.text.tokens import Segmenter
from tests.conftest import DATA
from tests.factories import make_corpus, make_doc

R_READ = r"""
args <- commandArgs(trailingOnly = TRUE)
m <- Matrix::readMM(file.path(args[1], "dfm.mtx"))
dv <- read.csv(file.path(args[1], "docvars.csv"), encoding = "UTF-8", colClasses = "character")
f <- read.csv(file.path(args[1], "features.csv"), encoding = "UTF-8", colClasses = "character")
unq <- function(x) sub("^'", "", x)  # text cells a spreadsheet would run carry a ' in front
dimnames(m) <- list(unq(dv$doc_id), unq(f$feature))
s <- Matrix::summary(as(m, "TsparseMatrix"))
out <- data.frame(doc_id = rownames(m)[s$i], feature = colnames(m)[s$j], count = s$x)
write.csv(out, args[2], row.names = FALSE, fileEncoding = "UTF-8")
cat(nrow(m), ncol(m), sum(m), "\n")
"""


@pytest.fixture(scope="module")
def segmented():
    return parse_corpus(DATA, segment=True)


def test_token_dfm_counts_the_content_tokens_of_each_document(bundled_corpus):
    d = dfm(bundled_corpus)
    seg = Segmenter()
    for i, doc in enumerate(bundled_corpus):
        expected = Counter(content_tokens(doc, roles=("body",), segmenter=seg))
        row = d.matrix.getrow(i)
        got = {d.features[j]: int(v) for j, v in zip(row.indices, row.data, strict=True)}
        assert got == dict(expected)
    assert list(d.features) == sorted(d.features)
    assert d.doc_ids == tuple(sorted(bundled_corpus.doc_ids))


def test_parsed_tokens_and_a_segmenter_give_the_same_matrix(bundled_corpus, segmented):
    a, b = dfm(bundled_corpus), dfm(segmented)
    assert a.features == b.features
    assert (a.matrix != b.matrix).nnz == 0


def test_docvars_align_with_the_rows(bundled_corpus):
    d = dfm(bundled_corpus)
    assert list(d.docvars.columns) == DOCVAR_COLUMNS
    groups = bundled_corpus.group_of()
    for i, doc in enumerate(bundled_corpus):
        row = d.docvars.iloc[i]
        assert row.doc_id == doc.doc_id and row.year == doc.meta.year
        assert row.duplicate_group == groups[doc.doc_id]
        assert row.kind == (getattr(doc.meta, "kind", "") or "")


def test_codebook_dfm_equals_themes_by_doc(bundled_corpus):
    d = dfm(bundled_corpus, features="codebook")
    wide = themes_by_doc(bundled_corpus).pivot(index="doc_id", columns="theme", values="hits")
    expected = wide.loc[list(d.doc_ids), list(d.features)].to_numpy()
    assert np.array_equal(d.matrix.toarray(), expected)


def test_export_round_trips_in_python(tmp_path, bundled_corpus):
    """Acceptance: readMM of the export equals the in-memory matrix; docvars align."""
    d = dfm(bundled_corpus)
    paths = d.export_dfm(tmp_path / "dfm")
    back = scipy.io.mmread(paths["matrix"]).tocsr()
    assert back.shape == d.shape and (back != d.matrix).nnz == 0
    features = pd.read_csv(paths["features"], dtype=str, keep_default_na=False)
    assert tuple(features.feature) == d.features
    again = read_dfm(tmp_path / "dfm")
    pd.testing.assert_frame_equal(again.docvars, d.docvars)
    assert (again.matrix != d.matrix).nnz == 0


def test_export_is_byte_identical_across_runs(tmp_path, bundled_corpus):
    digests = []
    for name in ("a", "b"):
        paths = dfm(bundled_corpus).export_dfm(tmp_path / name)
        digests.append({k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in paths.items()})
    assert digests[0] == digests[1]


def _formula_like_dfm() -> DocumentFeatureMatrix:
    """Two documents and features whose names a spreadsheet would read as formulas."""
    matrix = scipy.sparse.csr_matrix(np.array([[1, 2], [0, 3]], dtype=np.int64))
    docvars = pd.DataFrame({"doc_id": ["-a", "b"], "year": pd.array([2020, None], "Int64"),
                            "kind": ["news", "=policy"], "region": ["", ""],
                            "duplicate_group": ["-a", "b"]})
    return DocumentFeatureMatrix(matrix, ("=SUM(A1)", "智慧城市"), docvars)


def test_formula_like_names_are_escaped_in_the_files_and_read_back(tmp_path):
    d = _formula_like_dfm()
    paths = d.export_dfm(tmp_path / "dfm")
    assert "'=SUM(A1)" in paths["features"].read_text(encoding="utf-8").splitlines()
    assert paths["docvars"].read_text(encoding="utf-8").splitlines()[1].startswith("'-a,")
    again = read_dfm(tmp_path / "dfm")
    assert again.features == d.features
    pd.testing.assert_frame_equal(again.docvars, d.docvars)


@pytest.mark.parametrize("which", ["bundled", "formula-like"])
def test_r_reads_the_export(tmp_path, bundled_corpus, which):
    """R's Matrix::readMM with the features and docvars gives the same cells (R is installed
    from Debian's r-base-core and r-cran-matrix by make test)."""
    assert shutil.which("Rscript"), "Rscript missing: apt-get install r-base-core r-cran-matrix"
    d = dfm(bundled_corpus) if which == "bundled" else _formula_like_dfm()
    d.export_dfm(tmp_path / "dfm")
    script = tmp_path / "read.R"
    script.write_text(R_READ, encoding="utf-8")
    result = subprocess.run(["Rscript", str(script), str(tmp_path / "dfm"),
                             str(tmp_path / "cells.csv")],
                            check=True, capture_output=True, text=True)
    n_docs, n_features, total = result.stdout.split()
    assert (int(n_docs), int(n_features)) == d.shape
    assert int(float(total)) == int(d.matrix.sum())
    cells = pd.read_csv(tmp_path / "cells.csv", dtype={"doc_id": str, "feature": str},
                        keep_default_na=False)
    cells = cells.sort_values(["doc_id", "feature"], ignore_index=True)
    mine = d.to_frame().sort_values(["doc_id", "feature"], ignore_index=True)
    assert cells.doc_id.tolist() == mine.doc_id.tolist()
    assert cells.feature.tolist() == mine.feature.tolist()
    assert cells["count"].astype("int64").tolist() == mine["count"].tolist()


def test_min_count_and_collapse_duplicates(bundled_corpus):
    full = dfm(bundled_corpus)
    frequent = dfm(bundled_corpus, min_count=3)
    totals = dict(zip(full.features, np.asarray(full.matrix.sum(axis=0)).ravel(), strict=True))
    assert frequent.features == tuple(f for f in full.features if totals[f] >= 3)
    one = dfm(bundled_corpus, collapse_duplicates=True)
    assert one.doc_ids == bundled_corpus.representatives()


def test_empty_documents_give_empty_rows():
    corpus = make_corpus([make_doc("。", doc_id="a"), make_doc("智慧城市建设。", doc_id="b")])
    d = dfm(corpus)
    assert d.shape[0] == 2 and d.matrix.getrow(0).nnz == 0 and "智慧城市" in d.features


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"features": "words"}, "features"), ({"min_count": 0}, "min_count"),
     ({"features": "codebook", "codebook": "themes.yml"}, "codebook"),
     ({"roles": ("nope",)}, "roles")],
)
def test_bad_options_are_parameter_errors(bundled_corpus, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        dfm(bundled_corpus, **kwargs)


def test_extract_writes_the_dfm(tmp_path):
    assert main(["extract", str(DATA), "--out", str(tmp_path), "--no-progress", "--dfm"]) == 0
    back = read_dfm(tmp_path / "dfm")
    assert back.shape[0] == len(pd.read_csv(tmp_path / "documents.csv"))
    assert back.matrix.sum() > 0
