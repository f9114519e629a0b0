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
Importing the package reads no data and starts no work; each name is imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Where each name of the public API is defined. A name is imported on first use (PEP 562), so
#: ``import cityreports`` is quick and ``cityreports extract`` never loads scipy or matplotlib.
_API = {
    "__version__": "cityreports._version",
    "CityReportsError": "cityreports.errors",
    "Codebook": "cityreports.codebooks",
    "Corpus": "cityreports.records",
    "DocumentFeatureMatrix": "cityreports.analyses.dfm",
    "FormulationBook": "cityreports.codebooks",
    "InputError": "cityreports.errors",
    "ParameterError": "cityreports.errors",
    "ParsedDocument": "cityreports.records",
    "RawDocument": "cityreports.records",
    "Segmenter": "cityreports.text.tokens",
    "TopicModel": "cityreports.analyses.topics",
    "TrendModel": "cityreports.analyses.trends",
    "bundled_corpus_path": "cityreports.resources",
    "claim_diagnostics": "cityreports.quant.claims",
    "claims_table": "cityreports.quant.claims",
    "codebook_issues": "cityreports.codebooks",
    "collocations": "cityreports.analyses.collocations",
    "dfm": "cityreports.analyses.dfm",
    "documents_table": "cityreports.report.tables",
    "enumerations_table": "cityreports.quant.enumerations",
    "extract_claims": "cityreports.quant.claims",
    "features_by_doc": "cityreports.analyses.rhetoric",
    "find_enumerations": "cityreports.quant.enumerations",
    "find_speakers": "cityreports.analyses.speakers",
    "fit_topics": "cityreports.analyses.topics",
    "fit_trends": "cityreports.analyses.trends",
    "formulation_summary": "cityreports.analyses.formulations",
    "formulation_timeline": "cityreports.analyses.formulations",
    "house_style": "cityreports.report.style",
    "keyness": "cityreports.analyses.keyness",
    "keyness_between": "cityreports.analyses.keyness",
    "kwic": "cityreports.analyses.kwic",
    "load_codebook": "cityreports.codebooks",
    "load_corpus": "cityreports.pipeline",
    "load_formulations": "cityreports.codebooks",
    "load_lexicon": "cityreports.analyses.rhetoric",
    "new_terms": "cityreports.analyses.formulations",
    "parse_corpus": "cityreports.pipeline",
    "read_dfm": "cityreports.analyses.dfm",
    "read_dictionary": "cityreports.codebooks",
    "regional_variants": "cityreports.text.variants",
    "resource_path": "cityreports.resources",
    "run_checks": "cityreports.quant.checks",
    "speakers_table": "cityreports.analyses.speakers",
    "theme_hits": "cityreports.analyses.themes",
    "themes_by_doc": "cityreports.analyses.themes",
    "themes_by_year": "cityreports.analyses.themes",
    "top_terms": "cityreports.analyses.keyness",
    "topic_prevalence": "cityreports.analyses.topics",
    "topics_table": "cityreports.analyses.topics",
    "use_style": "cityreports.report.style",
    "voice_shares": "cityreports.analyses.speakers",
}

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from cityreports.analyses.collocations import collocations
    from cityreports.analyses.dfm import DocumentFeatureMatrix, dfm, read_dfm
    from cityreports.analyses.formulations import (
        formulation_summary,
        formulation_timeline,
        new_terms,
    )
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
    from cityreports.report.style import house_style, use_style
    from cityreports.report.tables import documents_table
    from cityreports.resources import bundled_corpus_path, resource_path
    from cityreports.text.tokens import Segmenter
    from cityreports.text.variants import regional_variants


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'cityreports' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def read_corpus(source, *, workers: int = 1, text_field: str | None = None) -> Corpus:
    """Read and parse a corpus folder, manifest CSV or file into a :class:`Corpus`.

    The same as :func:`parse_corpus` (no cache); :func:`load_corpus` caches the parse on disk.
    """
    parse = __getattr__("parse_corpus")  # a lazy name of this module (see _API)
    return parse(source, workers=workers, text_field=text_field)


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
    "use_style",
    "voice_shares",
]
