"""Which documents are copies of one text, and which report one event: the grouping policy.

Copies are judged by :func:`cityreports.dedup.similarity.judge` (near-identical content after
template lines are discounted; numbers must agree). Groups stay tight: documents are taken
in doc_id order, and each one joins the group of the earliest representative (a group's
smallest doc_id) that it is a copy of - the most similar if several - or else starts a group;
no document joins through a chain of other members. Candidates come from LSH bands of the
MinHash signatures; each band bucket holds at most ``max_postings`` representatives (a
bucket that fills up is template, not content), so the work per document is bounded and the
whole is linear in the corpus size.

Reports of **one event** (the same ``event`` key from the metadata and at least
``event_threshold`` containment of sampled long passages, or the key alone with
``event_threshold=0``) are a weaker link: the event groups are the connected components of
those links and the copies, so every duplicate group lies inside one event group. Analyses
collapse duplicate groups, not event groups.

Everything is deterministic and independent of the order the documents come in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from cityreports.dedup.fingerprints import (
    _EMPTY,
    FINGERPRINT_OPTIONS,
    Fingerprint,
    document_fingerprint,
    fingerprint_options,
    text_fingerprint,
)
from cityreports.dedup.similarity import (
    Comparable,
    DedupPolicy,
    judge,
    opening_key,
    prepare,
    template_lines,
)
from cityreports.errors import ParameterError
from cityreports.records import ParsedDocument

__all__ = [
    "PAIR_COLUMNS",
    "DedupGroups",
    "DedupPolicy",
    "band_keys",
    "corpus_groups",
    "duplicate_groups",
    "find_groups",
    "find_near_duplicates",
    "group_fingerprints",
    "groups_from_pairs",
    "lsh_parameters",
    "near_duplicate_pairs",
    "text_groups",
]

PAIR_COLUMNS = ("doc_a", "doc_b", "resemblance", "containment", "length_ratio", "reason")
_POLICY_OPTIONS = frozenset(f.name for f in fields(DedupPolicy))


@dataclass(frozen=True, eq=False)
class DedupGroups:
    """Duplicate groups, event groups and the links they were made of.

    ``duplicate`` and ``event`` map every doc_id to its group id (the group's smallest
    doc_id); ``pairs`` has :data:`PAIR_COLUMNS`: one row per copy (``doc_a`` is the group
    representative) and per same-event link (``resemblance`` and ``length_ratio`` NaN).
    """

    duplicate: dict[str, str]
    event: dict[str, str]
    pairs: pd.DataFrame


def lsh_parameters(num_perm: int, threshold: float, *, recall_bias: float = 0.7) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm`` whose LSH threshold
    ``(1/bands) ** (1/rows)`` is the largest one not above ``recall_bias * threshold``.

    A low bias favours recall; candidates are checked on their shingles anyway.
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


def band_keys(signature: np.ndarray, *, bands: int, rows: int) -> list[tuple[int, bytes]]:
    """LSH keys ``(band, bytes of its rows)`` of a MinHash signature; the empty signature of
    an empty text has none."""
    if not len(signature) or (signature == _EMPTY).all():
        return []
    data, width = signature.tobytes(), signature.itemsize * rows
    return [(band, data[band * width : (band + 1) * width]) for band in range(bands)]


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


# ---------------------------------------------------------------- groups


def _copies(docs: Sequence[Comparable], policy: DedupPolicy, *, bands: int, rows: int):
    """Duplicate groups (doc_id -> representative) and the copy links; ``docs`` in doc_id
    order."""
    by_id = {d.fp.doc_id: d for d in docs}
    rep_of: dict[str, str] = {}
    by_text: dict[int, str] = {}  # content hash -> representative of a document with it
    buckets: dict[tuple[int, bytes], list[str]] = {}
    links = []
    for doc in docs:
        doc_id = doc.fp.doc_id
        keys = band_keys(doc.fp.signature, bands=bands, rows=rows)
        opening = opening_key(doc.fp)
        if opening is not None:
            keys.append((-1, opening))  # a truncated copy of it, or its original
        has_text = len(doc.fp.line_hashes) > 0
        rep = by_text.get(doc.fp.body_hash) if has_text else None
        if rep is not None:  # the same content as an earlier member, so a copy of its rep
            m = judge(by_id[rep], doc, policy)
            links.append((rep, doc_id, m.resemblance, m.containment, m.length_ratio, m.reason))
        else:
            best = None
            for r in sorted({r for key in keys for r in buckets.get(key, ())}):
                m = judge(by_id[r], doc, policy)
                if m.reason and (best is None or (m.resemblance, m.containment) > best[1:3]):
                    best = (r, m.resemblance, m.containment, m)
            if best is not None:
                rep, m = best[0], best[3]
                links.append((rep, doc_id, m.resemblance, m.containment, m.length_ratio,
                              m.reason))  # fmt: skip
        rep = rep or doc_id
        if has_text:
            by_text.setdefault(doc.fp.body_hash, rep)
        rep_of[doc_id] = rep
        for key in keys:  # the representative is found through its members' bands too
            held = buckets.setdefault(key, [])
            if rep not in held and len(held) < policy.max_postings:
                held.append(rep)
    return rep_of, links


def _passage_overlaps(
    sampled: Mapping[str, np.ndarray], *, max_df: int
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Shared sampled passages per document pair (passages found in more than ``max_df``
    documents are ignored), and each document's number of sampled passages."""
    ids = sorted(sampled)
    sets = [sampled[d] for d in ids]
    sizes = {d: len(s) for d, s in zip(ids, sets, strict=True)}
    if not any(len(s) for s in sets):
        return {}, sizes
    hashes = np.concatenate(sets)
    owners = np.concatenate([np.full(len(s), i, dtype=np.int64) for i, s in enumerate(sets)])
    order = np.lexsort((owners, hashes))
    hashes, owners = hashes[order], owners[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    ends = np.r_[starts[1:], len(hashes)]
    counts = ends - starts
    keep = (counts >= 2) & (counts <= max_df)
    owner_list = owners.tolist()
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for s, e in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
        members = owner_list[s:e]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[(ids[a], ids[b])] += 1
    return dict(shared), sizes


def _event_links(fps: Sequence[Fingerprint], policy: DedupPolicy) -> list[tuple]:
    """Same-event links: equal event keys and enough shared passages (or the key alone)."""
    by_key: dict[str, list[Fingerprint]] = defaultdict(list)
    for fp in fps:
        if fp.event_key:
            by_key[fp.event_key].append(fp)
    links = []
    nan = float("nan")
    for key in sorted(by_key):
        members = sorted(by_key[key], key=lambda f: f.doc_id)
        if len(members) < 2:
            continue
        if policy.event_threshold <= 0:
            links += [(members[0].doc_id, m.doc_id, nan, nan, nan, "same_event")
                      for m in members[1:]]  # fmt: skip
            continue
        shared, sizes = _passage_overlaps(
            {m.doc_id: m.passages for m in members}, max_df=policy.max_postings
        )
        for (a, b), n in sorted(shared.items()):
            containment = n / max(1, min(sizes[a], sizes[b]))
            if containment >= policy.event_threshold:
                links.append((a, b, nan, containment, nan, "same_event"))
    return links


def group_fingerprints(fingerprints: Iterable[Fingerprint], **policy: float) -> DedupGroups:
    """Duplicate and event groups of fingerprinted documents (``policy``: the fields of
    :class:`DedupPolicy`). The fingerprints must all be made with the same options."""
    rules = DedupPolicy(**policy)
    fps = sorted(fingerprints, key=lambda f: f.doc_id)
    if len({f.doc_id for f in fps}) != len(fps):
        raise ParameterError("fingerprints", "two fingerprints have the same doc_id")
    if len({f.options for f in fps}) > 1:
        raise ParameterError("fingerprints", "made with different options")
    options = dict(fps[0].options) if fps else FINGERPRINT_OPTIONS
    bands, rows = lsh_parameters(options["num_perm"], rules.min_jaccard)
    template = template_lines(fps, rules.template_df)
    docs = [prepare(fp, template) for fp in fps]
    duplicate, copy_links = _copies(docs, rules, bands=bands, rows=rows)
    event_links = _event_links(fps, rules)
    event = groups_from_pairs(duplicate, [(a, b) for a, b, *_ in copy_links + event_links])
    pairs = pd.DataFrame(sorted(copy_links + event_links, key=lambda r: (r[0], r[1], r[5])),
                         columns=list(PAIR_COLUMNS))  # fmt: skip
    return DedupGroups(duplicate=dict(sorted(duplicate.items())), event=event, pairs=pairs)


# ---------------------------------------------------------------- entry points


def _split_options(options: Mapping[str, float]) -> tuple[dict, dict]:
    """(fingerprint options, policy options); an unknown name is refused."""
    hashing, policy = {}, {}
    for name, value in options.items():
        if name in FINGERPRINT_OPTIONS:
            hashing[name] = value
        elif name in _POLICY_OPTIONS:
            policy[name] = value
        else:
            raise ParameterError(name, "unknown option of the duplicate grouping")
    return hashing, policy


def corpus_groups(
    docs: Sequence[ParsedDocument],
    *,
    fingerprints: Mapping[str, Fingerprint] | None = None,
    **options: float,
) -> DedupGroups:
    """Duplicate and event groups of parsed documents.

    ``options``: the fields of :class:`DedupPolicy` and the hashing options
    (:data:`~cityreports.dedup.fingerprints.FINGERPRINT_OPTIONS`). ``fingerprints`` (by
    doc_id, e.g. made in the parse workers) are used where they were made with the same
    hashing options; the other documents are fingerprinted here.
    """
    hashing, policy = _split_options(options)
    key = fingerprint_options(**hashing)
    known = fingerprints or {}
    fps = []
    for doc in docs:
        fp = known.get(doc.doc_id)
        if fp is None or fp.options != key or fp.doc_id != doc.doc_id:
            fp = document_fingerprint(doc, **hashing)
        fps.append(fp)
    return group_fingerprints(fps, **policy)


def duplicate_groups(
    docs: Sequence[ParsedDocument],
    *,
    fingerprints: Mapping[str, Fingerprint] | None = None,
    **options: float,
) -> dict[str, str]:
    """doc_id -> duplicate group id (see :func:`corpus_groups`)."""
    return corpus_groups(docs, fingerprints=fingerprints, **options).duplicate


def near_duplicate_pairs(
    docs: Sequence[ParsedDocument],
    *,
    fingerprints: Mapping[str, Fingerprint] | None = None,
    **options: float,
) -> pd.DataFrame:
    """The copy and same-event links of parsed documents (see :func:`corpus_groups`)."""
    return corpus_groups(docs, fingerprints=fingerprints, **options).pairs


def text_groups(
    texts: Mapping[str, str],
    *,
    event_keys: Mapping[str, str] | None = None,
    **options: float,
) -> DedupGroups:
    """:func:`corpus_groups` of plain texts (every line is a body line); ``event_keys`` as
    made by :func:`~cityreports.dedup.fingerprints.event_key`."""
    hashing, policy = _split_options(options)
    keys = event_keys or {}
    fps = [text_fingerprint(d, t.split("\n"), event=keys.get(d, ""), **hashing)
           for d, t in texts.items()]  # fmt: skip
    return group_fingerprints(fps, **policy)


def find_groups(
    texts: Mapping[str, str], *, event_keys: Mapping[str, str] | None = None, **options: float
) -> dict[str, str]:
    """doc_id -> duplicate group id of plain texts (see :func:`text_groups`)."""
    return text_groups(texts, event_keys=event_keys, **options).duplicate


def find_near_duplicates(
    texts: Mapping[str, str], *, event_keys: Mapping[str, str] | None = None, **options: float
) -> pd.DataFrame:
    """The copy and same-event links of plain texts (see :func:`text_groups`)."""
    return text_groups(texts, event_keys=event_keys, **options).pairs
