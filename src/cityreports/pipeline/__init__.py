"""Running the per-document stages over a corpus: parse, parallel workers, cache.

:mod:`~cityreports.pipeline.parse` parses one document, :mod:`~cityreports.pipeline.parallel`
many (in worker processes), :mod:`~cityreports.pipeline.corpus` a whole corpus and
:mod:`~cityreports.pipeline.cache` caches the parsed corpus on disk.
"""

from cityreports.pipeline.cache import load_corpus
from cityreports.pipeline.corpus import default_corpus_path, parse_corpus
from cityreports.pipeline.parallel import parse_documents
from cityreports.pipeline.parse import parse_document

__all__ = ["default_corpus_path", "load_corpus", "parse_corpus", "parse_document",
           "parse_documents"]
