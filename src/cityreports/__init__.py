"""cityreports: themes, rhetoric shifts and quantitative claims in Chinese smart-city reports.

The public API, for ``import cityreports as cr``::

    corpus = cr.load_corpus()                    # the bundled corpus, parsed once and cached
    corpus = cr.read_corpus("path/to/reports")   # your own folder or manifest CSV
    recent = corpus.subset(years=(2016, None)).collapse_duplicates()
    cr.themes_by_year(recent)                    # theme rates per 10,000 characters, CIs
    cr.claims_table(corpus)                      # every quantitative claim with raw offsets
    cr.kwic(corpus, "数字孪生", window=20)         # concordance with raw offsets

The stages live in subpackages in pipeline order (``ingest`` -> ``text`` -> ``metadata`` ->
``dedup`` -> ``quant`` -> ``analyses`` -> ``report``); see ``docs/ARCHITECTURE.md``.
Importing the package loads the library modules but reads no data and starts no work.
"""

from cityreports._version import __version__
from cityreports.analyses.collocations import collocations
from cityreports.analyses.dfm import DocumentFeatureMatrix, dfm, read_dfm
from cityreports.analyses.formulations import formulation_summary, formulation_timeline, new_terms
from cityreports.analyses.keyness import keyness, keyness_between, top_terms
from cityreports.analyses.kwic import kwic
from cityreports.analyses.rhetoric import features_by_doc, load_lexicon
from cityreports.analyses.speakers import find_speakers, speakers_table, voice_shares
from cityreports.analyses.themes import theme_hits, themes_by_doc, themes_by_year
from cityreports.analyses.topics import TopicModel, fit_topics, topic_prevalence, topics_table
from cityreports.analyses.trends import TrendModel, fit_trends
from cityreports.codebooks import (
    Codebook,
    FormulationBook,
    codebook_issues,
    load_codebook,
    load_formulations,
    read_dictionary,
)
from cityreports.errors import CityReportsError, InputError, ParameterError
from cityreports.pipeline import load_corpus, parse_corpus
from cityreports.quant.checks import run_checks
from cityreports.quant.claims import claim_diagnostics, claims_table, extract_claims
from cityreports.quant.enumerations import enumerations_table, find_enumerations
from cityreports.records import Corpus, ParsedDocument, RawDocument
from cityreports.report.style import house_style
from cityreports.report.tables import documents_table
from cityreports.resources import bundled_corpus_path, resource_path
from cityreports.text.tokens import Segmenter
from cityreports.text.variants import regional_variants


def read_corpus(source, *, workers: int = 1, text_field: str | None = None) -> Corpus:
    """Read and parse a corpus folder, manifest CSV or file into a :class:`Corpus`.

    The same as :func:`parse_corpus` (no cache); :func:`load_corpus` caches the parse on disk.
    """
    return parse_corpus(source, workers=workers, text_field=text_field)


__all__ = [
    "Codebook",
    "CityReportsError",
    "Corpus",
    "DocumentFeatureMatrix",
    "FormulationBook",
    "InputError",
    "ParameterError",
    "ParsedDocument",
    "RawDocument",
    "Segmenter",
    "TopicModel",
    "TrendModel",
    "__version__",
    "bundled_corpus_path",
    "claim_diagnostics",
    "claims_table",
    "codebook_issues",
    "collocations",
    "dfm",
    "documents_table",
    "enumerations_table",
    "extract_claims",
    "features_by_doc",
    "find_enumerations",
    "find_speakers",
    "fit_topics",
    "fit_trends",
    "formulation_summary",
    "formulation_timeline",
    "house_style",
    "keyness",
    "keyness_between",
    "kwic",
    "load_codebook",
    "load_corpus",
    "load_formulations",
    "load_lexicon",
    "new_terms",
    "parse_corpus",
    "read_corpus",
    "read_dfm",
    "read_dictionary",
    "regional_variants",
    "resource_path",
    "run_checks",
    "speakers_table",
    "theme_hits",
    "themes_by_doc",
    "themes_by_year",
    "top_terms",
    "topic_prevalence",
    "topics_table",
    "voice_shares",
]
