"""The word lists of the claim extractor, read from ``resources/claims/words.yml``.

Subjects (:mod:`quant.subjects`) and modality (:mod:`quant.modality`) are decided by words around
the number: verbs between a subject and its number (达到, 增长, 控制在), words that open a phrase
without belonging to the subject (其中, 要, 使, 全省), verbs before an object (建成, 新增),
verbs that end a noun phrase (获批, 报名), counters, and the cues of targets, results and
forecasts. The lists are data so that researchers can extend them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from cityreports.errors import InputError
from cityreports.resources import read_resource, read_yaml

__all__ = ["ClaimWords", "claim_words"]

_NAME = "claims/words.yml"
_LISTS = (
    "point_nouns",
    "verbs_before_number",
    "lead_words",
    "leading_verbs",
    "verbs_after_noun",
    "counters",
    "people_units",
    "benefit_verbs",
    "speaker_titles",
    "speaker_org_suffixes",
    "speech_verbs",
    "source_verbs",
)


@dataclass(frozen=True, eq=False)
class ClaimWords:
    """Each list longest first (so the first match of a scan is the longest word); compared
    and hashed by identity (one object per file content), so it can key caches cheaply."""

    point_nouns: tuple[str, ...]
    verbs_before_number: tuple[str, ...]
    lead_words: tuple[str, ...]
    leading_verbs: tuple[str, ...]
    verbs_after_noun: tuple[str, ...]
    counters: frozenset[str]
    people_units: frozenset[str]
    benefit_verbs: tuple[str, ...]
    forecast: tuple[str, ...]
    target_strong: tuple[str, ...]
    target_weak: tuple[str, ...]
    achieved_strong: tuple[str, ...]
    achieved_weak: tuple[str, ...]
    not_before_yao: str
    not_after_yao: str
    not_after_jiang: str
    speaker_titles: tuple[str, ...]
    speaker_org_suffixes: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    source_verbs: tuple[str, ...]
    surnames: frozenset[str]
    counted_nouns: tuple[tuple[str, str], ...] = ()
    before_hui: str = ""  # 会 is the future modal only after these (我们会, 政府会, 亦会)
    not_after_hui: str = ""  # …and not before these (会议, 会同, 会计)


def _words(data: dict, key: str, source: str) -> tuple[str, ...]:
    value = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise InputError(source, f"missing list {key!r}")
        value = value[part]
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise InputError(source, f"{key!r} must be a list of non-empty strings")
    return tuple(sorted(dict.fromkeys(value), key=len, reverse=True))


def _parse(text: str, source: str) -> ClaimWords:
    data = read_yaml(text, source, expected="expected a mapping of word lists")
    lists = {key: _words(data, key, source) for key in _LISTS}
    return ClaimWords(
        point_nouns=lists["point_nouns"],
        verbs_before_number=lists["verbs_before_number"],
        lead_words=lists["lead_words"],
        leading_verbs=lists["leading_verbs"],
        verbs_after_noun=lists["verbs_after_noun"],
        counters=frozenset(lists["counters"]),
        people_units=frozenset(lists["people_units"]),
        benefit_verbs=lists["benefit_verbs"],
        forecast=_words(data, "modality.forecast", source),
        target_strong=_words(data, "modality.target.strong", source),
        target_weak=_words(data, "modality.target.weak", source),
        achieved_strong=_words(data, "modality.achieved.strong", source),
        achieved_weak=_words(data, "modality.achieved.weak", source),
        not_before_yao=str(data.get("modality_not_before_yao", "")),
        not_after_yao=str(data.get("modality_not_after_yao", "")),
        not_after_jiang=str(data.get("modality_not_after_jiang", "")),
        speaker_titles=lists["speaker_titles"],
        speaker_org_suffixes=lists["speaker_org_suffixes"],
        speech_verbs=lists["speech_verbs"],
        source_verbs=lists["source_verbs"],
        surnames=_surnames(),
        counted_nouns=_counted(data.get("counted_nouns") or {}, source),
        before_hui=str(data.get("modality_before_hui", "")),
        not_after_hui=str(data.get("modality_not_after_hui", "")),
    )


def _counted(mapping: object, source: str) -> tuple[tuple[str, str], ...]:
    """(noun, unit) pairs, longest noun first."""
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in mapping.items()
    ):
        raise InputError(source, "'counted_nouns' must map nouns to units")
    return tuple(sorted(mapping.items(), key=lambda kv: len(kv[0]), reverse=True))


def _surnames() -> frozenset[str]:
    """Surnames of ``resources/lexicons/surnames.txt`` (one or two characters a line)."""
    text = read_resource("lexicons/surnames.txt")[0]
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _packaged() -> ClaimWords:
    text, source, _ = read_resource(_NAME)
    return _parse(text, source)


@lru_cache(maxsize=8)
def _from_text(text: str, source: str) -> ClaimWords:
    return _parse(text, source)


def claim_words(path: str | os.PathLike[str] | None = None) -> ClaimWords:
    """The claim word lists: the packaged file (read once), or the file at ``path`` (cached by
    content, so an edited copy is picked up on the next call)."""
    if path is None:
        return _packaged()
    text, source, _ = read_resource(_NAME, path)
    return _from_text(text, source)
