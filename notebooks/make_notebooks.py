"""Write the analysis notebooks (nbformat), optionally with outputs from the bundled corpus.

    python notebooks/make_notebooks.py            # sources only (no outputs)
    python notebooks/make_notebooks.py --execute  # run them (cityreports.report.runner) and keep
                                                  # cleaned outputs: no timestamps or paths

Each notebook starts with a cell tagged ``parameters``; ``cityreports run`` overrides it.
Cells whose output is a stable number or table start with ``# NBVAL_CHECK_OUTPUT`` so
``pytest --nbval-lax notebooks/`` compares them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
CHECK = "# NBVAL_CHECK_OUTPUT\n"

PARAMETERS = '''\
corpus = None  # corpus folder or manifest CSV, None for the bundled corpus
year_min = None  # first year analysed, None for no bound
year_max = None  # last year analysed, None for no bound
lang = "en"  # figure labels, en or zh
formats = ["pdf", "svg", "png"]  # figure files to write
collapse_duplicates = True  # analyse one document per duplicate group
build_dir = "../build"  # tables go to build_dir/tables, relative to notebooks
figures_dir = "../figures"  # figures and MANIFEST.csv
cache_dir = None  # parsed-corpus cache, None for build/cache
'''

SETUP = '''\
import pandas as pd

{imports}
pd.set_option("display.width", 120)
params = dict(corpus=corpus, year_min=year_min, year_max=year_max, lang=lang, formats=formats,
              collapse_duplicates=collapse_duplicates{extra})
full = load_corpus(corpus, cache_dir=cache_dir)
selected = crf.select_corpus(full, year_min=year_min, year_max=year_max,
                             collapse_duplicates=collapse_duplicates)
out = crf.NotebookOutputs(source="{name}", corpus_sha256=full.sha256, parameters=params,
                          build_dir=build_dir, figures_dir=figures_dir, formats=formats)
'''


def _setup(name: str, *, extra: str = "", imports: str = "") -> str:
    """The set-up cell: imports (sorted, as ruff wants them), corpus, selection, outputs."""
    lines = {"from cityreports.report import figures as crf",
             "from cityreports.pipeline import load_corpus", *imports.split("\n")} - {""}
    block = "\n".join(sorted(lines, key=lambda x: x.split(" import ")[0].replace(" ", "~")))
    return SETUP.format(name=name, extra=extra, imports=block + "\n")


def _md(text: str):
    return nbformat.v4.new_markdown_cell(text)


def _code(text: str, *tags: str):
    meta = {"tags": list(tags)} if tags else {}
    return nbformat.v4.new_code_cell(text, metadata=meta)


def corpus_cells() -> list:
    """01_corpus: what the corpus holds and what was flagged."""
    return [
        _md("# 01 Corpus\n\nDocuments per year and script, sources, sizes, duplicate groups, "
            "and what the reader flagged (anomalies) or skipped."),
        _code(PARAMETERS, "parameters"),
        _code(_setup("01_corpus", imports="""\
from cityreports.report.tables import anomalies_table, documents_table, extract_tables
""") + '''
documents = documents_table(selected)
all_documents = documents_table(full)
for name, table in extract_tables(full).items():  # the `cityreports extract` tables
    out.table(table, name)
'''),
        _md("## Counts\n\nEvery number here is also written to `build/tables/values.json`."),
        _code(CHECK + '''\
groups = all_documents.groupby("duplicate_group")["doc_id"].count()
years = documents["year"].dropna()
summary = {
    "corpus.n_documents_read": len(full),
    "corpus.n_files_skipped": len(full.skipped),
    "corpus.n_duplicate_groups": int((groups > 1).sum()),
    "corpus.n_documents_analysed": len(documents),
    "corpus.n_undated": int(documents["year"].isna().sum()),
    "corpus.first_year": int(years.min()) if len(years) else None,
    "corpus.last_year": int(years.max()) if len(years) else None,
    "corpus.n_traditional": int((documents["script"] == "traditional").sum()),
    "corpus.n_chars_analysed": int(documents["n_chars"].sum()),
}
for key, value in summary.items():
    out.value(key, value)
print(pd.Series(summary).to_string())
'''),
        _md("## Documents per year and script"),
        _code(CHECK + '''\
by_year = (documents.assign(year=documents["year"].astype("string").fillna("undated"))
           .pivot_table(index="year", columns="script", values="doc_id", aggfunc="count",
                        fill_value=0))
out.table(by_year.reset_index(), "corpus_by_year")
print(by_year.to_string())
'''),
        _code('''\
with crf.house_style(lang=lang):
    fig = crf.corpus_overview(documents, lang=lang)
    out.figure(fig, "corpus_overview",
               caption="Documents per year by script (a) and document length by year (b).")
'''),
        _code(CHECK + '''\
n_trad = summary["corpus.n_traditional"]
span = (f"from {summary['corpus.first_year']} to {summary['corpus.last_year']}"
        if summary["corpus.first_year"] is not None else "(none with a year)")
print(f"{len(documents)} documents {span} are analysed; {n_trad} in traditional script, "
      "converted to simplified before any counting.")
'''),
        _md("## Sources and sizes"),
        _code(CHECK + '''\
listing = documents[["doc_id", "year", "script", "encoding", "n_chars", "duplicate_group",
                     "source"]]
out.table(documents.drop(columns=["path"]), "corpus_documents")
print(listing.to_string(index=False))
'''),
        _md("## Duplicate groups\n\nReports of the same event or text; with "
            "`collapse_duplicates` only the first document (by doc_id) of a group is analysed."),
        _code(CHECK + '''\
dups = all_documents[all_documents["duplicate_group"].map(groups) > 1]
print(dups[["duplicate_group", "doc_id", "year", "title"]].to_string(index=False)
      if len(dups) else "no duplicate groups")
'''),
        _md("## What was flagged\n\nAnomalies are left in the text and listed with raw "
            "offsets; skipped files were not read."),
        _code(CHECK + '''\
anomalies = anomalies_table(full)
out.table(anomalies, "corpus_anomalies")
print(anomalies.groupby("kind").size().to_string() if len(anomalies) else "no anomalies")
print(anomalies[["doc_id", "kind", "start", "end", "text"]].to_string(index=False))
skipped = pd.DataFrame([{"path": s.path, "reason": s.reason} for s in full.skipped],
                       columns=["path", "reason"])
print(skipped.to_string(index=False) if len(skipped) else "no files skipped")
'''),
    ]


def themes_cells() -> list:
    """02_themes: theme prevalence, keyness between periods, formulations over time."""
    return [
        _md("# 02 Themes\n\nTheme prevalence by year (codebook terms per 10,000 characters, "
            "bootstrap intervals), terms key to the later period, and formulations over time."),
        _code(PARAMETERS + 'codebook = None  # themes codebook YAML, None for the packaged one\n'
              'split_year = None  # first year of the later period, None for the median year\n',
              "parameters"),
        _code(_setup("02_themes", extra=", codebook=codebook, split_year=split_year",
                           imports="""\
from cityreports.codebooks import load_codebook
from cityreports.analyses.formulations import formulation_summary, formulation_timeline
from cityreports.analyses.keyness import keyness_between, median_split_year, since_year
from cityreports.analyses.themes import themes_by_doc, themes_by_year
from cityreports.text.tokens import Segmenter
""") + """
book = load_codebook(codebook) if codebook else None
segmenter = Segmenter()
segmenter.tokens("智慧城市")  # load the dictionary here: jieba reports it on stderr
"""),
        _md("## Theme prevalence by year"),
        _code(CHECK + """\
by_year = themes_by_year(selected, book, collapse_duplicates=collapse_duplicates)
out.table(by_year, "themes_by_year")
out.table(themes_by_doc(selected, book), "themes_by_doc")
totals = by_year.groupby("theme")["hits"].sum().sort_values(ascending=False, kind="stable")
out.value("themes.n_hits", int(totals.sum()))
out.value("themes.top_theme", str(totals.index[0]) if totals.sum() else None)
print(totals.to_string())
"""),
        _code("""\
with crf.house_style(lang=lang):
    fig = crf.theme_prevalence(by_year, lang=lang, labels=crf.theme_labels(book, lang=lang))
    out.figure(fig, "themes_by_year", caption="Theme mentions per 10,000 characters by year "
               "(a) and for the most frequent themes with 95% bootstrap intervals (b).")
print(crf.missing(crf.theme_prevalence, by_year)
      or f"The most frequent theme is {totals.index[0]} with {int(totals.iloc[0])} mentions.")
"""),
        _md("## Keyness between periods"),
        _code(CHECK + """\
split = split_year if split_year is not None else median_split_year(selected)
key = keyness_between(selected, segmenter=segmenter, target=since_year(split),
                      collapse_duplicates=collapse_duplicates)
out.table(key, "keyness")
out.value("keyness.split_year", split)
print(f"later period: {split} onwards" if split is not None else "no split: fewer than two years")
print(key.sort_values("signed", ascending=False).head(10)[["term", "target", "reference",
      "signed"]].round(2).to_string(index=False))
"""),
        _code("""\
with crf.house_style(lang=lang):
    fig = crf.keyness_bars(key, lang=lang)
    since = split if split is not None else "the split year"
    out.figure(fig, "keyness_periods", caption=f"Terms key to reports from {since} on "
               "(positive) and to earlier reports (negative), signed log-likelihood G2.")
print(crf.missing(crf.keyness_bars, key)
      or "Bars to the right are terms used relatively more from the split year on.")
"""),
        _md("## Formulations over time"),
        _code(CHECK + """\
summary = formulation_summary(selected, collapse_duplicates=collapse_duplicates)
timeline = formulation_timeline(selected, collapse_duplicates=collapse_duplicates)
out.table(summary, "formulations")
out.table(timeline, "formulation_timeline")
print(summary[["formulation", "first_year", "last_year"]].to_string(index=False))
"""),
        _code("""\
with crf.house_style(lang=lang):
    fig = crf.formulation_timeline_figure(summary, timeline, lang=lang)
    out.figure(fig, "formulation_timeline", caption="First and last appearance of each "
               "formulation found (a) and rates per 10,000 characters by year of lineage "
               "formulations (b).")
print(crf.missing(crf.formulation_timeline_figure, summary, timeline)
      or "Each line spans the years between a formulation's first and last appearance.")
"""),
    ]


def rhetoric_cells() -> list:
    """03_rhetoric: rhetorical features by year with GLM trends, and voices."""
    return [
        _md("# 03 Rhetoric\n\nRhetorical features per year with a Poisson GLM trend "
            "(rate ratio per year, 95% CI), and who speaks: voice shares by year."),
        _code(PARAMETERS, "parameters"),
        _code(_setup("03_rhetoric", extra="", imports="""\
from cityreports.analyses.rhetoric import features_by_doc
from cityreports.analyses.speakers import speakers_table, voice_shares
from cityreports.analyses.trends import fit_trends
""")),
        _code(CHECK + """\
features = features_by_doc(selected)
trends = fit_trends(features)  # one trend per feature and term
feature_trends = fit_trends(crf.feature_totals(features))  # one per feature, counts only
out.table(features, "features_by_doc")
out.table(trends, "trends")
out.table(feature_trends, "feature_trends")
print(feature_trends[["feature", "estimate", "ci_low", "ci_high", "n_docs", "note"]]
      .round(3).to_string(index=False))
"""),
        _code("""\
with crf.house_style(lang=lang):
    fig = crf.rhetoric_trends(features, feature_trends, lang=lang)
    out.figure(fig, "rhetoric_by_year", caption="Rhetorical features (occurrences of all "
               "their terms) per 10,000 characters by year (a) and GLM rate ratio per year "
               "with 95% CI (b).")
print(crf.missing(crf.rhetoric_trends, features, feature_trends)
      or "Intervals that cross 1 show no clear change over the years covered.")
"""),
        _code(CHECK + """\
shares = voice_shares(selected)
out.table(shares, "voice_shares")
out.table(speakers_table(selected), "speakers")
print(shares.groupby("voice")["chars"].sum().to_string())
"""),
        _code("""\
with crf.house_style(lang=lang):
    fig = crf.voices_by_year(shares, lang=lang)
    out.figure(fig, "voices_by_year", caption="Share of body text (characters) by voice and "
               "year; text not attributed to a speaker is the narrator's.")
print(crf.missing(crf.voices_by_year, shares)
      or "Each bar splits a year's body text by who speaks: kinds of speaker, or the narrator.")
"""),
    ]


def claims_cells() -> list:
    """04_claims: quantitative claims by unit and qualifier, flagged inconsistencies."""
    return [
        _md("# 04 Claims\n\nQuantitative claims by unit and qualifier over time, with the "
            "cross-checks that flagged inconsistencies. Claims are listed for every document in "
            "the year range, duplicates included: the cross-checks compare reports of one "
            "event."),
        _code(PARAMETERS, "parameters"),
        _code(_setup("04_claims", extra="", imports="""\
from cityreports.quant.checks import run_checks
from cityreports.quant.claims import claims_table
from cityreports.report.tables import documents_table
""")),
        _code(CHECK + """\
# every claim in the year range: duplicates are kept, since the cross-checks compare
# the reports of one event with each other
scope = crf.select_corpus(full, year_min=year_min, year_max=year_max,
                          collapse_duplicates=False)
claims = claims_table(scope)
checks = run_checks(scope)
documents = documents_table(scope)
out.table(claims, "claims")
out.table(checks, "checks")
out.value("claims.n_claims", len(claims))
out.value("claims.n_flagged", int((~checks["status"].isin(["consistent"])).sum()))
print(claims.groupby("unit").size().to_string())
print(checks.groupby(["check", "status"]).size().to_string())
"""),
        _code("""\
with crf.house_style(lang=lang):
    fig = crf.claims_overview(claims, documents, checks, lang=lang)
    out.figure(fig, "claims_overview", caption="Quantitative claims by unit (a) and by "
               "qualifier with flagged inconsistencies (b), by year.")
print(f"{len(claims)} claims; {int((checks['status'] != 'consistent').sum())} check rows "
      "flagged or inconsistent." + (f" Figure: {note}." if (note := crf.missing(
          crf.claims_overview, claims, documents, checks)) else ""))
"""),
    ]


TOPIC_PARAMETERS = PARAMETERS + '''\
n_topics = 8  # number of topics of the model
seed = 0  # random seed of the topic model (same seed, same topics)
'''


def topics_cells() -> list:
    """05_topics: topics whose prevalence depends on year and kind, by year and by kind."""
    return [
        _md("# 05 Topics\n\nThemes no codebook names: a topic model whose topic prevalence "
            "depends on the year (Legendre polynomials) and the kind of document (tomotopy's "
            "GDMR, like stm's `prevalence = ~ s(year) + kind`), with each topic's most probable "
            "and FREX (frequent and exclusive) terms, and its prevalence by year with bootstrap "
            "intervals."),
        _code(TOPIC_PARAMETERS, "parameters"),
        _code(_setup("05_topics", extra=", n_topics=n_topics, seed=seed", imports="""\
from cityreports.analyses.topics import fit_topics, topic_prevalence, topics_table
from cityreports.errors import ParameterError
from cityreports.report.plots.topics import topic_prevalence_figure
""")),
        _code("""\
# the first segmentation loads jieba's dictionary (a message on stderr)
try:
    model = fit_topics(selected, n_topics=n_topics, seed=seed)
except ParameterError as exc:  # too few dated documents with text: empty tables
    model = None
    print(f"No topic model: {exc}")
"""),
        _code(CHECK + """\
topics = topics_table(model)
by_year = topic_prevalence(model, by="year", seed=seed)
by_kind = topic_prevalence(model, by="kind", seed=seed)
out.table(topics, "topics")
out.table(by_year, "topic_prevalence")
out.table(by_kind, "topic_prevalence_by_kind")
out.value("topics.n_topics", model.n_topics if model is not None else None)
out.value("topics.n_docs", len(model.docvars) if model is not None else 0)
summary = topics[topics["rank"] <= 6].groupby("topic").agg(
    top=("term", " ".join), frex=("frex_term", " ".join), prevalence=("prevalence", "first"))
print(summary.round(3).to_string() if len(summary) else "No topics.")
"""),
        _code("""\
with crf.house_style(lang=lang):
    fig = topic_prevalence_figure(by_year, by_kind, lang=lang)
    out.figure(fig, "topics_by_year", caption="Topic prevalence (mean document share) by "
               "year with 95% bootstrap intervals for the most prevalent topics (a), and every "
               "topic's prevalence by kind of document (b).")
print("Topics are labelled by their three most probable terms; read the FREX terms in the "
      "table above to tell similar topics apart." if model is not None
      else "No figure: the corpus has too few dated documents for a topic model.")
"""),
    ]


NOTEBOOKS = {
    "01_corpus": corpus_cells,
    "02_themes": themes_cells,
    "03_rhetoric": rhetoric_cells,
    "04_claims": claims_cells,
    "05_topics": topics_cells,
}


def build(name: str):
    """The source notebook ``name`` (no outputs), with stable cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = NOTEBOOKS[name]()
    for i, cell in enumerate(nb.cells):
        cell.id = f"{name[:2]}-{i:02d}"
    return nb


def write_sources(folder: Path, names) -> list[Path]:
    paths = []
    for name in names:
        path = folder / f"{name}.ipynb"
        nbformat.write(build(name), path)
        paths.append(path)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="run and keep outputs")
    parser.add_argument("--only", action="append", help="notebook name, e.g. 01_corpus")
    args = parser.parse_args(argv)
    names = args.only or list(NOTEBOOKS)
    if not args.execute:
        write_sources(HERE, names)
        return 0
    from cityreports.report.runner import clean_notebook, run_notebooks

    repo = HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "notebooks"
        src.mkdir()
        write_sources(src, names)
        build_dir = Path(tmp) / "build"
        report = run_notebooks(notebooks_dir=src, build_dir=build_dir,
                               figures_dir=repo / "figures", progress=False)
        for result in report.results:
            print(result.describe(), file=sys.stderr)
        if not report.ok:
            return 1
        for name in names:
            nb = nbformat.read(build_dir / "notebooks" / f"{name}.ipynb", as_version=4)
            nbformat.write(clean_notebook(nb), HERE / f"{name}.ipynb")
        tables = repo / "build" / "tables"
        tables.mkdir(parents=True, exist_ok=True)
        for path in sorted((build_dir / "tables").iterdir()):
            shutil.copyfile(path, tables / path.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
