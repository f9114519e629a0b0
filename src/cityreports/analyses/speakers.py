"""Voices in a report: who is named, who speaks, and how much of the text each voice speaks.

Speech detection (speakers, mentions, quotations and reported speech) is in
:mod:`cityreports.text.speech`; this module turns it into the speakers table and voice shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cityreports.records import ParsedDocument
from cityreports.text.speech import (
    Speaker,
    Speech,
    all_mentions,
    classify_voice,
    load_speaker_lexicon,
    role_mask,
    speech_events,
)

VOICES = ("government", "enterprise", "academia", "media", "other")
SPEAKER_COLUMNS = (
    "doc_id",
    "name",
    "title",
    "organisation",
    "voice",
    "start",
    "end",
    "mentions",
    "quoted_chars",
    "reported_chars",
    "share_of_text",
)
SHARE_COLUMNS = ("doc_id", "year", "voice", "chars", "share")

def _labels(doc: ParsedDocument, events: list[Speech], names: list[str]) -> tuple:
    """Per normalised char: speaker index (-1 none) and whether it is quoted."""
    n = len(doc.norm.text)
    label = np.full(n, -1, dtype=int)
    quoted = np.zeros(n, dtype=bool)
    index = {name: i for i, name in enumerate(names)}
    for e in sorted(events, key=lambda e: e.kind == "quote"):
        label[e.norm_start : e.norm_end] = index[e.name]
        if e.kind == "quote":
            quoted[e.norm_start : e.norm_end] = True
    return label, quoted


def find_speakers(doc: ParsedDocument, *, roles: tuple[str, ...] = ("body",)) -> list[Speaker]:
    """Speakers named in ``doc`` in order of first mention, with quoted/reported char counts."""
    events, people = speech_events(doc)
    if not people:
        return []
    lex = load_speaker_lexicon()
    names = sorted(people, key=lambda n: people[n][2])
    label, quoted = _labels(doc, events, names)
    mask = role_mask(doc, tuple(roles))
    mentions = all_mentions(doc.norm.text, people, lex)
    out = []
    for i, name in enumerate(names):
        title, org, a, b = people[name]
        start, end = doc.norm.raw_span(a, b)
        mine = (label == i) & mask
        out.append(
            Speaker(
                doc_id=doc.doc_id,
                name=name,
                title=title,
                organisation=org,
                voice=classify_voice(org, title, lex=lex),
                start=start,
                end=end,
                n_quoted_chars=int((mine & quoted).sum()),
                n_reported_chars=int((mine & ~quoted).sum()),
                mentions=sum(1 for m in mentions if m.name == name),
            )
        )
    return out


def _docs(corpus) -> list[ParsedDocument]:
    if isinstance(corpus, ParsedDocument):
        return [corpus]
    return list(getattr(corpus, "documents", corpus))


def speakers_table(corpus, *, roles: tuple[str, ...] = ("body",)) -> pd.DataFrame:
    """One row per speaker per document (see :data:`SPEAKER_COLUMNS`)."""
    rows = []
    for doc in _docs(corpus):
        body = int(role_mask(doc, tuple(roles)).sum())
        for s in find_speakers(doc, roles=roles):
            spoken = s.n_quoted_chars + s.n_reported_chars
            rows.append(
                (s.doc_id, s.name, s.title, s.organisation, s.voice, s.start, s.end, s.mentions,
                 s.n_quoted_chars, s.n_reported_chars, spoken / body if body else float("nan"))
            )
    return pd.DataFrame(rows, columns=list(SPEAKER_COLUMNS))


def voice_shares(corpus, *, roles: tuple[str, ...] = ("body",)) -> pd.DataFrame:
    """Share of each document's text (blocks in ``roles``, whitespace excluded) spoken by each
    voice; the rest is ``narrator``. Shares of a document sum to 1 (NaN if it has no text)."""
    lex = load_speaker_lexicon()
    rows = []
    for doc in _docs(corpus):
        events, people = speech_events(doc)
        names = sorted(people, key=lambda n: people[n][2])
        voice_of = [classify_voice(people[n][1], people[n][0], lex=lex) for n in names]
        label, _ = _labels(doc, events, names)
        mask = role_mask(doc, tuple(roles))
        total = int(mask.sum())
        chars = dict.fromkeys(VOICES, 0)
        for i, v in enumerate(voice_of):
            chars[v] += int(((label == i) & mask).sum())
        chars["narrator"] = total - sum(chars.values())
        for v, c in chars.items():
            rows.append((doc.doc_id, doc.meta.year, v, c, c / total if total else float("nan")))
    out = pd.DataFrame(rows, columns=list(SHARE_COLUMNS))
    out["year"] = pd.array(out["year"], dtype="Int64")
    return out


