"""Near-duplicate reports and reports of the same event, grouped with union-find.

Three kinds of link between two documents, checked on the normalised body text with whitespace
removed (so script, layout and line breaks do not matter):

* ``repost`` - estimated Jaccard similarity of character ``shingle``-grams (MinHash,
  ``num_perm`` hash functions) is at least ``threshold``, or one text is (almost) contained in
  the other: containment of long shingles >= ``containment_threshold``. Candidates come from
  LSH banding of the MinHash signatures.
* ``shared_passages`` - containment of long character shingles (``passage_shingle`` characters,
  default 12: longer than stock political phrases such as 推进国家治理体系和治理能力现代化 are rare)
  is at least ``passage_threshold`` and at least ``min_shared`` sampled shingles are shared.
  Containment = shared / size of the smaller document's shingle set. Candidates come from an
  inverted index of sampled long shingles (1 in ``sample``, chosen by hash, so the same
  passage is sampled in every document); shingles found in more than ``max_df`` documents are
  ignored as stock phrases or boilerplate.
* ``same_event`` - both documents have the same event key (event name from metadata with years,
  editions 第六届 and quotes removed, plus the year) and share at least ``event_threshold``
  containment of long shingles (set ``event_threshold=0`` to group on the key alone).

The strongest reason wins (repost > shared_passages > same_event). Groups are the connected
components; a group's id is its smallest doc_id. Everything is deterministic: hashes are
computed with numpy from code points (no ``hash()``), permutations come from ``seed``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cityreports.dedup.fingerprints import (
    _CHUNK,
    _EMPTY,
    Fingerprint,
    _codes,
    _fingerprint_options,
    _minhasher,
    _sampled,
    _shingle_sets,
    document_fingerprint,
    document_text,
    estimated_jaccard,
    event_key,
    minhash_signatures,
    shingle_hashes,
)
from cityreports.errors import ParameterError
from cityreports.records import ParsedDocument

__all__ = [
    "PAIR_COLUMNS",
    "Fingerprint",
    "document_fingerprint",
    "document_text",
    "duplicate_groups",
    "estimated_jaccard",
    "event_key",
    "find_groups",
    "find_near_duplicates",
    "groups_from_pairs",
    "lsh_buckets",
    "lsh_candidate_pairs",
    "lsh_parameters",
    "minhash_signatures",
    "near_duplicate_pairs",
    "passage_overlaps",
    "shingle_hashes",
]


PAIR_COLUMNS = ("doc_a", "doc_b", "jaccard", "containment", "reason")


def lsh_parameters(num_perm: int, threshold: float, *, recall_bias: float = 0.7) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm`` whose LSH threshold
    ``(1/bands) ** (1/rows)`` is the largest one not above ``recall_bias * threshold``.

    A low bias favours recall; candidates are checked against the full signature anyway.
    """
    if not 0.0 < threshold <= 1.0:
        raise ParameterError("threshold", f"must be in (0, 1], got {threshold}")
    target = recall_bias * threshold
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if (1.0 / bands) ** (1.0 / rows) <= target:
            best = (bands, rows)
    return best


def lsh_candidate_pairs(
    signatures: Mapping[str, np.ndarray], *, bands: int, rows: int
) -> set[tuple[str, str]]:
    """Pairs ``(a, b)``, ``a < b``, that agree on all rows of at least one band."""
    pairs: set[tuple[str, str]] = set()
    for members in lsh_buckets(signatures, bands=bands, rows=rows):
        pairs.update(_all_pairs(members))
    return pairs


def lsh_buckets(
    signatures: Mapping[str, np.ndarray], *, bands: int, rows: int
) -> list[tuple[str, ...]]:
    """Distinct LSH buckets (sorted doc_ids agreeing on all rows of a band), two or more each."""
    ids = sorted(signatures)
    arrays = [np.ascontiguousarray(signatures[d]) for d in ids]
    # number of non-empty values before each position: a band is skipped if it has none
    filled = [[0, *np.cumsum(a != _EMPTY).tolist()] for a in arrays]
    raw = [a.tobytes() for a in arrays]
    seen: set[tuple[str, ...]] = set()
    out: list[tuple[str, ...]] = []
    for band in range(bands):
        start, stop = band * rows, (band + 1) * rows
        buckets: dict[bytes, list[str]] = defaultdict(list)
        for doc_id, arr, counts, data in zip(ids, arrays, filled, raw, strict=True):
            end = min(stop, len(arr))
            if end > start and counts[end] > counts[start]:
                size = arr.itemsize
                buckets[data[start * size : end * size]].append(doc_id)
        for members in buckets.values():
            key = tuple(members)
            if len(key) > 1 and key not in seen:  # same bucket in another band: same pairs
                seen.add(key)
                out.append(key)
    return out


def _all_pairs(members: Sequence[str]) -> Iterable[tuple[str, str]]:
    ordered = sorted(members)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            yield a, b


def passage_overlaps(
    texts: Mapping[str, str],
    *,
    shingle: int = 12,
    sample: int = 4,
    max_df: int | None = None,
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Shared sampled long shingles per document pair, and each document's sampled set size.

    ``max_df`` (default ``max(10, 5% of documents)``) drops shingles that occur in more
    documents than that (stock phrases, boilerplate).
    """
    if sample < 1:
        raise ParameterError("sample", f"must be >= 1, got {sample}")
    sampled = {d: _sampled({1: _codes(t)}, size=shingle, sample=sample) for d, t in texts.items()}
    return _passage_overlaps(sampled, max_df=max_df)


def _passage_overlaps(
    sampled: Mapping[str, np.ndarray], *, max_df: int | None
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    ids = sorted(sampled)
    limit = max_df if max_df is not None else max(10, math.ceil(0.05 * len(ids)))
    sets = [sampled[d] for d in ids]
    sizes = {d: len(s) for d, s in zip(ids, sets, strict=True)}
    if not ids or not any(len(s) for s in sets):
        return {}, sizes
    hashes = np.concatenate(sets)
    owners = np.concatenate([np.full(len(s), i, dtype=np.int64) for i, s in enumerate(sets)])
    order = np.lexsort((owners, hashes))
    hashes, owners = hashes[order], owners[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    ends = np.r_[starts[1:], len(hashes)]
    counts = ends - starts
    keep = (counts >= 2) & (counts <= limit)  # most shingles are in one document only
    owner_list = owners.tolist()
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for s, e in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
        for a, b in _all_pairs([ids[i] for i in owner_list[s:e]]):
            shared[(a, b)] += 1
    return dict(shared), sizes


@dataclass(frozen=True)
class _Rules:
    """Thresholds of the linking rules (see the module docstring)."""

    threshold: float
    containment_threshold: float
    passage_threshold: float
    event_threshold: float
    min_shared: int

    def reason(self, jaccard: float, n_shared: int, smaller: int, same_key: bool) -> str:
        """Why a pair is linked ('repost', 'shared_passages', 'same_event'), or ''."""
        containment = n_shared / smaller if smaller else 0.0
        enough = n_shared >= self.min_shared
        if jaccard >= self.threshold or (containment >= self.containment_threshold and enough):
            return "repost"
        if containment >= self.passage_threshold and enough:
            return "shared_passages"
        if (
            same_key
            and containment >= self.event_threshold
            and (self.event_threshold <= 0 or n_shared >= 1)
        ):
            return "same_event"
        return ""


@dataclass(frozen=True)
class _Evidence:
    """Everything the rules look at: signatures, shared passages, event keys, candidates."""

    signatures: dict[str, np.ndarray]
    shared: dict[tuple[str, str], int]
    sizes: dict[str, int]
    keys: dict[str, str]
    buckets: list[tuple[str, ...]]  # LSH buckets, then same-event groups
    rules: _Rules

    def linked(self, a: str, b: str, jaccard: float) -> tuple[str, float]:
        """``(reason, containment)`` of the pair ``a < b``."""
        n_shared = self.shared.get((a, b), 0)
        smaller = min(self.sizes[a], self.sizes[b])
        same_key = a in self.keys and self.keys.get(a) == self.keys.get(b)
        containment = n_shared / smaller if smaller else 0.0
        return self.rules.reason(jaccard, n_shared, smaller, same_key), containment


def _evidence(
    texts: Mapping[str, str],
    *,
    event_keys: Mapping[str, str] | None,
    threshold: float,
    containment_threshold: float,
    passage_threshold: float,
    event_threshold: float,
    min_shared: int,
    shingle: int,
    passage_shingle: int,
    sample: int,
    max_df: int | None,
    num_perm: int,
    seed: int,
    precomputed: Mapping[str, tuple[np.ndarray, np.ndarray]] | None,
) -> _Evidence:
    keys = {d: k for d, k in (event_keys or {}).items() if k and d in texts}
    if num_perm < 1:
        raise ParameterError("num_perm", f"must be >= 1, got {num_perm}")
    if shingle < 1 and texts:
        raise ParameterError("size", f"must be >= 1, got {shingle}")
    bands, rows = lsh_parameters(num_perm, threshold)
    if sample < 1:
        raise ParameterError("sample", f"must be >= 1, got {sample}")
    minhash = _minhasher(num_perm, seed)
    signatures: dict[str, np.ndarray] = {}
    sampled: dict[str, np.ndarray] = {}
    known = precomputed or {}
    for doc_id, text in texts.items():
        if doc_id in known:
            signatures[doc_id], sampled[doc_id] = known[doc_id]
            continue
        signatures[doc_id], sampled[doc_id] = _shingle_sets(
            text, minhash, shingle=shingle, passage_shingle=passage_shingle, sample=sample
        )
    shared, sizes = _passage_overlaps(sampled, max_df=max_df)
    by_key: dict[str, list[str]] = defaultdict(list)
    for doc_id, key in keys.items():
        by_key[key].append(doc_id)
    buckets = lsh_buckets(signatures, bands=bands, rows=rows)
    buckets += [tuple(sorted(m)) for m in by_key.values() if len(m) > 1]
    rules = _Rules(threshold, containment_threshold, passage_threshold, event_threshold,
                   min_shared)
    return _Evidence(signatures, shared, sizes, keys, buckets, rules)


def find_near_duplicates(
    texts: Mapping[str, str],
    *,
    event_keys: Mapping[str, str] | None = None,
    threshold: float = 0.5,
    containment_threshold: float = 0.8,
    passage_threshold: float = 0.05,
    event_threshold: float = 0.005,
    min_shared: int = 3,
    shingle: int = 5,
    passage_shingle: int = 12,
    sample: int = 4,
    max_df: int | None = None,
    num_perm: int = 128,
    seed: int = 1,
    precomputed: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> pd.DataFrame:
    """Linked document pairs of plain texts (see the module docstring for the rules).

    ``precomputed`` maps doc_ids to their ``(MinHash signature, sampled passage shingles)``
    computed elsewhere with the same options (see :func:`document_fingerprint`); the texts of
    those documents are not hashed again.

    Returns a DataFrame with :data:`PAIR_COLUMNS`, sorted by ``(doc_a, doc_b)``.
    """
    ev = _evidence(
        texts, event_keys=event_keys, threshold=threshold,
        containment_threshold=containment_threshold, passage_threshold=passage_threshold,
        event_threshold=event_threshold, min_shared=min_shared, shingle=shingle,
        passage_shingle=passage_shingle, sample=sample, max_df=max_df, num_perm=num_perm,
        seed=seed, precomputed=precomputed,
    )  # fmt: skip
    candidates = set(ev.shared)
    for members in ev.buckets:
        candidates.update(_all_pairs(members))
    ordered = sorted(candidates)
    rows_out = []
    for (a, b), jaccard in zip(ordered, _jaccards(ev.signatures, ordered), strict=True):
        reason, containment = ev.linked(a, b, jaccard)
        if reason:
            rows_out.append((a, b, jaccard, containment, reason))
    return pd.DataFrame(rows_out, columns=list(PAIR_COLUMNS))


def find_groups(texts: Mapping[str, str], **options) -> dict[str, str]:
    """doc_id -> group id, as ``groups_from_pairs`` over :func:`find_near_duplicates`, but
    without judging pairs whose documents are already in one group.

    Skipping such a pair cannot change the groups (they are the connected components of the
    linked pairs), and it makes a corpus with many copies of one text linear instead of
    quadratic. ``options`` as in :func:`find_near_duplicates`.
    """
    defaults = {
        "event_keys": None, "threshold": 0.5, "containment_threshold": 0.8,
        "passage_threshold": 0.05, "event_threshold": 0.005, "min_shared": 3, "shingle": 5,
        "passage_shingle": 12, "sample": 4, "max_df": None, "num_perm": 128, "seed": 1,
        "precomputed": None,
    }  # fmt: skip
    unknown = set(options) - set(defaults)
    if unknown:
        raise ParameterError(sorted(unknown)[0], "unknown option of find_groups")
    ev = _evidence(texts, **{**defaults, **options})
    parent = {d: d for d in texts}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def link(a: str, b: str) -> bool:
        """Judge the pair (in doc_id order); join the two groups if it is linked."""
        a, b = min(a, b), max(a, b)
        if not ev.linked(a, b, _jaccards(ev.signatures, [(a, b)], one=True)[0])[0]:
            return False
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
        return True

    for a, b in sorted(ev.shared):
        if find(a) != find(b):
            link(a, b)
    for members in ev.buckets:
        # earlier members of this bucket by group: a new member is judged against the members
        # of each other group until one pair links (then the whole group has joined it)
        groups: dict[str, list[str]] = {}
        for b in members:
            for root, group in groups.items():
                if find(root) != find(b):
                    any(link(a, b) for a in group)  # stops at the first linked pair
            merged: dict[str, list[str]] = {}
            for root, group in groups.items():
                merged.setdefault(find(root), []).extend(group)
            merged.setdefault(find(b), []).append(b)
            groups = merged
    return {d: find(d) for d in sorted(parent)}


def _jaccards(
    signatures: Mapping[str, np.ndarray],
    pairs: Sequence[tuple[str, str]],
    *,
    one: bool = False,
) -> list[float]:
    """:func:`estimated_jaccard` of each pair, vectorised (signatures of one length).

    ``one=True`` compares the pairs' signatures directly instead of stacking every signature
    (for judging a few pairs at a time)."""
    if not pairs:
        return []
    if one:
        out = []
        for a, b in pairs:
            sa, sb = signatures[a], signatures[b]
            if (sa == _EMPTY).all() or (sb == _EMPTY).all():
                out.append(0.0)
            else:
                out.append(float((sa == sb).sum() / len(sa)))
        return out
    ids = sorted(signatures)
    index = {d: i for i, d in enumerate(ids)}
    matrix = np.stack([signatures[d] for d in ids])
    empty = (matrix == _EMPTY).all(axis=1)
    left = np.array([index[a] for a, _ in pairs])
    right = np.array([index[b] for _, b in pairs])
    out = []
    for i in range(0, len(pairs), _CHUNK):
        a, b = left[i : i + _CHUNK], right[i : i + _CHUNK]
        agree = (matrix[a] == matrix[b]).sum(axis=1) / matrix.shape[1]
        agree[empty[a] | empty[b]] = 0.0
        out.extend(agree.tolist())
    return out


def near_duplicate_pairs(
    docs: Sequence[ParsedDocument],
    *,
    fingerprints: Mapping[str, Fingerprint] | None = None,
    **options,
) -> pd.DataFrame:
    """Linked pairs among parsed documents; ``options`` as in :func:`find_near_duplicates`.

    Texts are the body blocks; event keys come from ``meta.event`` and ``meta.year``.
    ``fingerprints`` (by doc_id, from :func:`document_fingerprint`, e.g. made in the parse
    workers) save hashing those documents again when they were made with the same options.
    """
    texts, keys, precomputed = _document_inputs(docs, fingerprints, options)
    return find_near_duplicates(texts, event_keys=keys, precomputed=precomputed, **options)


def _document_inputs(
    docs: Sequence[ParsedDocument],
    fingerprints: Mapping[str, Fingerprint] | None,
    options: Mapping[str, object],
) -> tuple[dict[str, str], dict[str, str], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Texts, event keys and usable precomputed fingerprints of parsed documents."""
    key = _fingerprint_options(options)
    usable = {
        d: f for d, f in (fingerprints or {}).items() if f.options == key and f.doc_id == d
    }
    texts = {d.doc_id: "" if d.doc_id in usable else document_text(d) for d in docs}
    keys = {
        d.doc_id: usable[d.doc_id].event_key
        if d.doc_id in usable
        else event_key(d.meta.event, d.meta.year)
        for d in docs
    }
    precomputed = {d: (f.signature, f.sampled) for d, f in usable.items() if d in texts}
    return texts, keys, precomputed


def groups_from_pairs(doc_ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find: doc_id -> smallest doc_id of its connected component."""
    parent = {d: d for d in doc_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {d: find(d) for d in sorted(parent)}


def duplicate_groups(
    docs: Sequence[ParsedDocument],
    *,
    threshold: float = 0.5,
    fingerprints: Mapping[str, Fingerprint] | None = None,
    **options,
) -> dict[str, str]:
    """doc_id -> group id (smallest doc_id in its group of reposts / same-event reports).

    The groups of :func:`near_duplicate_pairs` (see :func:`find_groups`); ``fingerprints`` as
    there.
    """
    options = {"threshold": threshold, **options}
    texts, keys, precomputed = _document_inputs(docs, fingerprints, options)
    return find_groups(texts, event_keys=keys, precomputed=precomputed, **options)
