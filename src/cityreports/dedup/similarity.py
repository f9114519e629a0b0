"""Are two fingerprinted documents copies of one text? The pair rule of the duplicate grouping.

Two documents are **copies** when their content - the content lines of their
:class:`~cityreports.dedup.fingerprints.Fingerprint` (body and headings, simplified, without
punctuation and whitespace) - is nearly the same text:

* ``exact`` - the same content lines;
* ``near_copy`` - resemblance (Jaccard of the sampled shingle sets) >= ``resemblance``;
* ``contained`` - containment of the smaller set >= ``containment`` and its size at least
  ``length_ratio`` of the larger (a repost with a paragraph added or dropped; a short notice
  quoted in a long report is not a copy of it);
* ``truncated`` - the smaller was cut off (it ends with ……, 阅读全文, 未完待续: see
  :func:`~cityreports.dedup.fingerprints.ends_cut_off`), containment of its set >=
  ``containment``, and it is the start of the larger: its first content lines are the
  other's first lines, at least ``lead_chars`` characters and half of its text (a repost of
  the first paragraphs; the first paragraphs alone, with no sign of a cut, are an extract,
  and a text continued by others is no copy of them);

unless the numbers veto it: when both write at least ``min_numbers`` distinct numbers in
digits outside template lines, at least ``number_overlap`` of the smaller set must recur in
the other (successive years of a report series and same-template releases share their
phrasing, not their figures), and when each states at least ``own_numbers`` numbers the other
lacks, ``own_number_share`` of its numbers (two offices' reports on one template: the template's
own numbers, its dates and document numbers, no longer outweigh the figures); and the dates
veto it: two documents whose own dates lie more than ``max_date_gap`` days apart are two
issues of one text (a notice sent out every year with its years changed), not copies.

**Template lines** are lines found in ``template_df`` or more distinct documents of the
corpus (site footers, contact blocks, stock paragraphs the parser kept as body, syndicated
paragraphs). Template shingles that the other document lacks (another site's footer) are
left out when at least ``template_keep`` of each document remains; a recurring line is
template for one pair and the very text for another (two of many reposts), so template
shingles both documents have are always compared. (Pages of one site that are almost all
chrome the parser kept as body - 90 % and more - therefore still look alike.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cityreports.dedup.fingerprints import Fingerprint
from cityreports.errors import ParameterError

__all__ = ["Comparable", "DedupPolicy", "PairMeasure", "judge", "opening_key", "prepare",
           "template_lines"]


@dataclass(frozen=True)
class DedupPolicy:
    """Thresholds of the duplicate and event grouping (see this module and
    :mod:`cityreports.dedup.groups`)."""

    resemblance: float = 0.8
    containment: float = 0.9
    length_ratio: float = 0.6
    number_overlap: float = 0.5
    min_numbers: int = 4
    template_df: int = 5
    template_keep: float = 0.7
    max_postings: int = 50
    event_threshold: float = 0.005
    max_date_gap: int = 180
    own_numbers: int = 3
    own_number_share: float = 0.25
    lead_chars: int = 100

    def __post_init__(self) -> None:
        for name in ("resemblance", "containment", "length_ratio"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ParameterError(name, f"must be in (0, 1], got {getattr(self, name)}")
        for name in ("number_overlap", "template_keep", "event_threshold", "own_number_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ParameterError(name, f"must be in [0, 1], got {getattr(self, name)}")
        for name in ("min_numbers", "template_df", "max_postings", "max_date_gap",
                     "own_numbers", "lead_chars"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ParameterError(name, f"must be an integer >= 1, got {value!r}")
        if self.template_df < 3:
            raise ParameterError("template_df", "must be >= 3 (two copies share every line)")

    @property
    def min_jaccard(self) -> float:
        """The lowest resemblance a pair of copies can have (LSH aims below it)."""
        c, r = self.containment, self.length_ratio
        return min(self.resemblance, c * r / (1.0 + r - c * r))


@dataclass(frozen=True)
class PairMeasure:
    """How alike two documents are, and why they are copies (``reason`` '' if they are not)."""

    reason: str
    resemblance: float
    containment: float
    length_ratio: float


@dataclass(frozen=True, eq=False)
class Comparable:
    """A fingerprint made ready for comparisons within one corpus."""

    fp: Fingerprint
    shingles: np.ndarray  # sampled shingle hashes, sorted unique
    template: np.ndarray  # the ones found only in template lines, sorted unique
    numbers: np.ndarray  # numbers outside template lines, sorted unique
    lines: np.ndarray  # line hashes, sorted unique


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Unique values of an already sorted array."""
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def is_in(values: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Per value: is it in the sorted unique array ``members``?"""
    if not len(members) or not len(values):
        return np.zeros(len(values), dtype=bool)
    return members[np.minimum(np.searchsorted(members, values), len(members) - 1)] == values


def template_lines(fps: Sequence[Fingerprint], template_df: int) -> np.ndarray:
    """Sorted hashes of the lines found in ``template_df`` or more distinct documents (exact
    copies counted once)."""
    seen: set[int] = set()
    per_text = []
    for fp in fps:
        if fp.body_hash not in seen:
            seen.add(fp.body_hash)
            per_text.append(np.unique(fp.line_hashes))
    if not per_text:
        return np.zeros(0, dtype=np.uint64)
    values, counts = np.unique(np.concatenate(per_text), return_counts=True)
    return values[counts >= template_df]


def prepare(fp: Fingerprint, template: np.ndarray) -> Comparable:
    """``fp`` with the corpus' template lines (from :func:`template_lines`) marked."""
    in_template = is_in(fp.line_hashes, template)
    shingles = sorted_unique(fp.shingles)  # sorted by hash, then line
    content = sorted_unique(fp.shingles[~in_template[fp.shingle_lines]])
    return Comparable(
        fp=fp,
        shingles=shingles,
        template=shingles[~is_in(shingles, content)],
        numbers=sorted_unique(fp.numbers[~in_template[fp.number_lines]]),
        lines=np.unique(fp.line_hashes),
    )


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two sorted unique arrays."""
    if len(a) > len(b):
        a, b = b, a
    return int(is_in(a, b).sum())


def _at_rate(values: np.ndarray, rate: int) -> np.ndarray:
    return values if rate == 1 else values[(values & np.uint64(rate - 1)) == 0]


def _views(a: Comparable, b: Comparable, policy: DedupPolicy) -> tuple[np.ndarray, np.ndarray]:
    """The shingle sets to compare, at the coarser sampling rate of the two, without the
    template shingles only one of them has (if enough of both remains)."""
    rate = max(a.fp.rate, b.fp.rate)
    sa, sb = _at_rate(a.shingles, rate), _at_rate(b.shingles, rate)
    ta, tb = _at_rate(a.template, rate), _at_rate(b.template, rate)
    if not len(ta) and not len(tb):
        return sa, sb
    only_a, only_b = ta[~is_in(ta, sb)], tb[~is_in(tb, sa)]
    if (len(sa) - len(only_a) >= policy.template_keep * len(sa)
            and len(sb) - len(only_b) >= policy.template_keep * len(sb)):  # fmt: skip
        sa, sb = sa[~is_in(sa, only_a)], sb[~is_in(sb, only_b)]
    return sa, sb


def _own_figures(own: int, total: int, policy: DedupPolicy) -> bool:
    """Whether a document states enough numbers the other lacks to be a report of its own."""
    return own >= policy.own_numbers and own >= policy.own_number_share * total


def _days_apart(a: str, b: str) -> int:
    """Days between two ``yyyy-mm-dd`` dates (0 when either is missing or invalid)."""
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return 0


def judge(a: Comparable, b: Comparable, policy: DedupPolicy) -> PairMeasure:
    """How alike ``a`` and ``b`` are and whether they are copies (see the module docstring)."""
    if len(a.fp.line_hashes) and a.fp.body_hash == b.fp.body_hash:
        return PairMeasure("exact", 1.0, 1.0, 1.0)
    sa, sb = _views(a, b, policy)
    if not len(sa) or not len(sb):
        return PairMeasure("", 0.0, 0.0, 0.0)
    shared = _overlap(sa, sb)
    resemblance = shared / (len(sa) + len(sb) - shared)
    containment = shared / min(len(sa), len(sb))
    ratio = min(len(sa), len(sb)) / max(len(sa), len(sb))
    smaller = min(len(a.numbers), len(b.numbers))
    common = _overlap(a.numbers, b.numbers)
    if smaller >= policy.min_numbers and common < policy.number_overlap * smaller:
        reason = ""
    elif _own_figures(len(a.numbers) - common, len(a.numbers), policy) and _own_figures(
        len(b.numbers) - common, len(b.numbers), policy
    ):
        reason = ""  # each states figures the other lacks: one template, two reports
    elif _days_apart(a.fp.date, b.fp.date) > policy.max_date_gap:
        reason = ""  # the same text issued again in another year (a yearly notice)
    elif resemblance >= policy.resemblance:
        reason = "near_copy"
    elif containment >= policy.containment and ratio >= policy.length_ratio:
        reason = "contained"
    elif containment >= policy.containment and _opens(a.fp, b.fp, policy.lead_chars):
        reason = "truncated"
    else:
        reason = ""
    return PairMeasure(reason, resemblance, containment, ratio)


def _opens(a: Fingerprint, b: Fingerprint, lead_chars: int) -> bool:
    """Whether the shorter of ``a`` and ``b`` was cut off from the start of the other: the
    content lines they open with alike, at least ``lead_chars`` characters and half of it."""
    short, long = sorted((a, b), key=lambda fp: (fp.n_chars, fp.doc_id))
    if not short.cut_off:
        return False
    n = min(len(short.line_hashes), len(long.line_hashes))
    differ = np.flatnonzero(short.line_hashes[:n] != long.line_hashes[:n])
    same = int(differ[0]) if len(differ) else n
    shared = int(short.line_chars[:same].sum())
    return shared >= lead_chars and 2 * shared >= short.n_chars


def opening_key(fp: Fingerprint, *, min_chars: int = 40) -> bytes | None:
    """The hash of the content line ``fp`` opens with, when it is at least ``min_chars``
    long (a lead paragraph, not a dateline): the key under which a truncated copy, whose
    resemblance may be too low for the MinHash bands, finds its original."""
    if not len(fp.line_hashes) or int(fp.line_chars[0]) < min_chars:
        return None
    return fp.line_hashes[:1].tobytes()
