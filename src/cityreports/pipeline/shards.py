"""Sharded extraction: a corpus parsed in shards of bounded size, then one reduce step.

A corpus too big to hold parsed in memory is cut into *shards*: consecutive runs of documents
in doc_id order whose raw text totals at most ``shard_chars`` characters (a document longer
than that is a shard of its own). Each shard is parsed on its own (the *map* step, in this
process, worker processes or on a Dask cluster: :mod:`~cityreports.pipeline.distributed`),
and what the corpus as a whole needs of it is kept as small per-document summaries: the dedup
:class:`~cityreports.dedup.fingerprints.Fingerprint` of every document, and (in the table
writer) the claims and enumerations of a document that turns out to have copies. The
*reduce* step groups duplicates from the fingerprints alone
(:func:`groups_from_fingerprints`) and checks claims across the copies of each group
(:func:`cross_document_checks`), never the parsed documents.

Shards are numbered in doc_id order, so the shard outputs put together in shard order are in
doc_id order, whatever order the shards were parsed in and however many workers parsed them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from cityreports.dedup.fingerprints import Fingerprint
from cityreports.dedup.groups import DedupGroups, group_fingerprints
from cityreports.errors import ParameterError
from cityreports.pipeline.corpus import text_provenance
from cityreports.pipeline.parse import DEFAULT_TIME_LIMIT, ParseOptions, parse_isolated

# The per-document checks of quant.checks.run_checks, without its cross-document ones
# (made here in the reduce step)
from cityreports.quant.checks import (
    CHECK_COLUMNS,
    _enumeration_rows,
    _qualifier_rows,
    group_checks,
    part_whole_checks,
)
from cityreports.quant.claims import Claim
from cityreports.quant.enumerations import Enumeration
from cityreports.quant.modality import is_work_report

# The map and reduce halves of quant.promises.target_outcome_checks (its per-report statements
# and its pairing across reports), so that only the statements of each report travel.
from cityreports.quant.promises import (
    _DocInfo,
    _series,
    _Statement,
    _statements,
    indicators,
    pair_reports,
)
from cityreports.records import ParsedDocument, RawDocument, Skipped
from cityreports.text.numerals import fold_text
from cityreports.text.tokens import Segmenter

__all__ = [
    "DEFAULT_SHARD_CHARS",
    "CorpusSummary",
    "Shard",
    "ShardParse",
    "CROSS_DOCUMENT_CHECKS",
    "ReportStatements",
    "checks_frame",
    "cross_document_checks",
    "document_checks",
    "grouped_doc_ids",
    "groups_from_fingerprints",
    "parse_shard",
    "plan_shards",
    "shard_limit",
    "report_statements",
    "target_outcome_rows",
    "start_worker",
    "warm_worker",
    "worker_segmenter",
]

#: Characters of raw text per shard by default: about 0.75 MB of Chinese in UTF-8, so that a
#: parsed shard with its tables stays in the low hundreds of MB.
DEFAULT_SHARD_CHARS = 250_000


@dataclass(frozen=True, eq=False)
class Shard:
    """Shard number ``index`` (0, 1, ... in doc_id order) and its raw documents."""

    index: int
    raws: tuple[RawDocument, ...]

    @property
    def n_chars(self) -> int:
        return sum(len(r.raw_text) for r in self.raws)


def check_shard_chars(shard_chars: int) -> int:
    """``shard_chars`` if it is a positive integer; anything else raises."""
    if isinstance(shard_chars, bool) or not isinstance(shard_chars, int) or shard_chars < 1:
        raise ParameterError("shard_chars", f"must be an integer >= 1, got {shard_chars!r}")
    return shard_chars


#: Near the end of the corpus a shard takes at most half of the text still to plan (and at
#: least an eighth of the shard size), so that the last shards are small and the workers
#: finish together: with shards of one size, one worker may parse a whole shard more than the
#: other (8 % of the run at 5 MB on 2 workers; 3 shards more, 1 % with these shares).
TAIL_SHARES = 2
SMALLEST_SHARE = 8


def shard_limit(remaining: int, shard_chars: int) -> int:
    """Characters the next shard may hold when ``remaining`` characters are left to plan."""
    return max(1, shard_chars // SMALLEST_SHARE, min(shard_chars, remaining // TAIL_SHARES))


def plan_shards(
    raws: Iterable[RawDocument], *, shard_chars: int = DEFAULT_SHARD_CHARS
) -> list[Shard]:
    """The documents in doc_id order, cut into shards of at most ``shard_chars`` characters of
    raw text each (a longer document is a shard by itself), smaller near the end (see
    :func:`shard_limit`).

    The plan depends on the documents and ``shard_chars`` only, never on the number of workers.
    """
    check_shard_chars(shard_chars)
    ordered = sorted(map(text_provenance, raws), key=lambda r: r.doc_id)
    remaining = sum(len(r.raw_text) for r in ordered)
    shards: list[Shard] = []
    run: list[RawDocument] = []
    size = 0
    limit = shard_limit(remaining, shard_chars)
    for raw in ordered:
        n = len(raw.raw_text)
        if run and size + n > limit:
            shards.append(Shard(len(shards), tuple(run)))
            remaining -= size
            run, size = [], 0
            limit = shard_limit(remaining, shard_chars)
        run.append(raw)
        size += n
    if run:
        shards.append(Shard(len(shards), tuple(run)))
    return shards


@functools.cache
def worker_segmenter() -> Segmenter:
    """One Segmenter per process, made on first use: loading jieba's dictionary takes about a
    second, too long to repeat for every shard."""
    return Segmenter()


def start_worker() -> None:
    """Nothing: a task that starts a worker process."""


def warm_worker() -> None:
    """Load jieba's dictionary in this (worker) process before the first shard arrives."""
    worker_segmenter().tokens("智慧城市")


@dataclass(frozen=True, eq=False)
class ShardParse:
    """The parsed documents of one shard (in doc_id order), their fingerprints by doc_id and
    the documents that could not be parsed."""

    documents: tuple[ParsedDocument, ...]
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    skipped: tuple[Skipped, ...] = ()


def parse_shard(
    shard: Shard,
    *,
    segment: bool,
    claims: bool = True,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> ShardParse:
    """Parse every document of ``shard``, each in isolation, and fingerprint it for the dedup
    reduce step.

    ``segment=True`` keeps the jieba tokens of every sentence (one :func:`worker_segmenter`
    per process); ``claims=True`` finds claims and enumerations once, with the parse. A
    document that fails or takes longer than ``time_limit`` seconds is skipped with the reason
    (see :func:`~cityreports.pipeline.parse.parse_isolated`; the limit can interrupt a parse
    only in the main thread of a process, so not in the threads of a Dask worker).
    """
    options = ParseOptions(segment=segment, claims=claims, fingerprint=True,
                           time_limit=time_limit)
    segmenter = worker_segmenter() if segment else None
    docs = []
    fingerprints = {}
    skipped = []
    for raw in shard.raws:
        result = parse_isolated(raw, segmenter=segmenter, options=options)
        if result.doc is None:
            skipped.append(result.skipped)
            continue
        docs.append(result.doc)
        fingerprints[result.doc.doc_id] = result.fingerprint
    return ShardParse(documents=tuple(docs), fingerprints=fingerprints, skipped=tuple(skipped))


def groups_from_fingerprints(fingerprints: Mapping[str, Fingerprint]) -> DedupGroups:
    """Duplicate and event groups from the fingerprints alone (the reduce step): the policy of
    :func:`~cityreports.dedup.groups.group_fingerprints`, as for the parsed corpus."""
    return group_fingerprints(fingerprints[d] for d in sorted(fingerprints))


def grouped_doc_ids(duplicate_group: Mapping[str, str]) -> set[str]:
    """Documents in a duplicate group of two or more: the only ones a cross-document check
    looks at."""
    sizes: dict[str, int] = {}
    for group in duplicate_group.values():
        sizes[group] = sizes.get(group, 0) + 1
    return {d for d, g in duplicate_group.items() if sizes[g] > 1}


@dataclass(frozen=True, eq=False)
class ReportStatements:
    """The targets and outcomes of one dated work report (see :mod:`~cityreports.quant.promises`),
    all that the ``target_vs_outcome`` check needs of it."""

    doc_id: str
    series: str
    year: int
    targets: tuple[_Statement, ...]
    outcomes: tuple[_Statement, ...]


def report_statements(
    docs: Sequence[ParsedDocument], claims: Mapping[str, Sequence[Claim]]
) -> list[ReportStatements]:
    """The statements of every dated work report among ``docs`` (the map half of
    ``target_outcome_checks``)."""
    lexicon = indicators()
    out = []
    for doc in docs:
        if doc.meta.year is None:
            continue
        folded = fold_text(doc.norm.text)
        if not is_work_report(folded[:3000]):
            continue
        info = _DocInfo(doc, _series(doc, folded), doc.meta.year)
        targets, outcomes = _statements(info, claims.get(doc.doc_id, ()), lexicon)
        out.append(ReportStatements(doc.doc_id, info.series, info.year, tuple(targets),
                                    tuple(outcomes)))
    return out


def target_outcome_rows(reports: Iterable[ReportStatements]) -> list[dict]:
    """``target_vs_outcome`` rows of the whole corpus from its reports' statements (the reduce
    half: the same rows as ``target_outcome_checks`` of the parsed documents)."""
    by_series_year = {(r.series, r.year): r for r in sorted(reports, key=lambda r: r.doc_id)}
    return pair_reports({key: (r.targets, r.outcomes) for key, r in by_series_year.items()})


#: Checks that compare documents with each other (rows of the reduce step).
CROSS_DOCUMENT_CHECKS = frozenset({"group_enumeration", "group_scale", "target_vs_outcome"})

#: Offsets of a check row, whole numbers with gaps (as ``run_checks`` types them).
_CHECK_OFFSETS = ("start", "end", "other_start", "other_end")


def checks_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """Check rows as ``run_checks`` returns them (columns and types)."""
    table = pd.DataFrame(list(rows), columns=list(CHECK_COLUMNS))
    for column in _CHECK_OFFSETS:
        if column in table:
            table[column] = table[column].astype("Int64")
    return table


def document_checks(
    docs: Sequence[ParsedDocument],
    claims: Mapping[str, Sequence[Claim]],
    enumerations: Mapping[str, Sequence[Enumeration]],
) -> pd.DataFrame:
    """The rows of :func:`~cityreports.quant.checks.run_checks` that look at one document
    only (those before its cross-document rows), in document order."""
    rows: list[dict] = []
    for doc in docs:
        rows += _enumeration_rows(doc, enumerations[doc.doc_id])
        rows += part_whole_checks(doc, claims[doc.doc_id])
        rows += _qualifier_rows(claims[doc.doc_id])
    return checks_frame(rows)


def cross_document_checks(
    enumerations: Mapping[str, Sequence[Enumeration]],
    claims: Mapping[str, Sequence[Claim]],
    duplicate_group: Mapping[str, str],
    reports: Iterable[ReportStatements] = (),
) -> pd.DataFrame:
    """The checks across documents, as :func:`~cityreports.quant.checks.run_checks` appends
    them after the per-document checks: each duplicate group (given the enumerations and
    claims of the grouped documents only), then targets against the next year's outcomes."""
    members = grouped_doc_ids(duplicate_group)
    groups = {d: g for d, g in sorted(duplicate_group.items()) if d in members}
    enums = {d: list(enumerations.get(d, ())) for d in sorted(groups)}
    found = {d: list(claims.get(d, ())) for d in sorted(groups)}
    rows = group_checks(enums, found, groups) + target_outcome_rows(reports)
    return checks_frame(rows)


@dataclass(frozen=True)
class CorpusSummary:
    """What a run report needs of a corpus that was never held in memory as a whole: the
    number of documents, the skipped files, the duplicate groups and the corpus sha256.

    It stands in for a :class:`~cityreports.records.Corpus` in
    :func:`~cityreports.report.tables.run_report`.
    """

    n_documents: int
    skipped: tuple[Skipped, ...] = ()
    duplicate_group: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    sha256: str = ""

    def __len__(self) -> int:
        return self.n_documents
