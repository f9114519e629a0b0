"""Parse one document: raw file -> normalised text -> blocks and sentences -> metadata."""

from __future__ import annotations

from cityreports.ingest.front_matter import front_matter_end
from cityreports.metadata.extract import extract_metadata
from cityreports.records import ParsedDocument, RawDocument
from cityreports.text.normalize import normalize
from cityreports.text.structure import segment_blocks, split_sentences
from cityreports.text.tokens import Segmenter


def parse_document(raw: RawDocument, *, segmenter: Segmenter | None = None) -> ParsedDocument:
    """Normalise one document, cut it into blocks and sentences and read its metadata.

    With a ``segmenter``, the tokens of every sentence are kept too (``ParsedDocument.tokens``).
    """
    norm = normalize(raw.raw_text)
    blocks = segment_blocks(norm, front_matter_end=front_matter_end(raw.metadata))
    sentences = split_sentences(norm, blocks)
    meta = extract_metadata(raw, norm, blocks)
    tokens: tuple[tuple[str, ...], ...] = ()
    if segmenter is not None:
        tokens = tuple(tuple(segmenter.tokens(s.text)) for s in sentences)
    return ParsedDocument(
        raw=raw, norm=norm, blocks=blocks, sentences=sentences, meta=meta, tokens=tokens
    )
