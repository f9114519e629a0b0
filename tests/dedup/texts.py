"""Texts and parsed documents the dedup tests are built from."""

from __future__ import annotations

import random

import numpy as np

from cityreports.records import Block, DocumentMeta, NormalizedText, ParsedDocument, RawDocument

_HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def random_text(seed: int, length: int = 800) -> str:
    """Deterministic pseudo-Chinese text with sentence punctuation."""
    rng = random.Random(seed)
    chars = [rng.choice(_HAN) if rng.random() > 0.05 else "，" for _ in range(length)]
    return "".join(chars) + "。"


def edit(text: str, *, seed: int, n: int) -> str:
    """``n`` random single-character substitutions."""
    rng = random.Random(seed)
    chars = list(text)
    for _ in range(n):
        chars[rng.randrange(len(chars))] = rng.choice(_HAN)
    return "".join(chars)


def parsed(doc_id: str, text: str, *, event: str = "", year: int | None = None) -> ParsedDocument:
    idx = np.arange(len(text))
    norm = NormalizedText(text, idx, idx + 1, len(text), "simplified")
    block = Block(0, "body", 0, len(text), 0, len(text), text)
    raw = RawDocument(doc_id, f"{doc_id}.txt", "txt", "utf-8", "", text)
    meta = DocumentMeta(event=event, year=year, year_source="explicit" if year else "unknown")
    return ParsedDocument(raw, norm, (block,), (), meta)
