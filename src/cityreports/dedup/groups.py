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

import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
_PRIME = np.uint64(0x100000001B3)
_CHUNK = 1024  # hashes per MinHash block: 128 x 1024 uint64 buffers stay in cache


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """Bijective 64-bit mixer (SplitMix64 finaliser), vectorised, wrapping arithmetic."""
    x = np.asarray(x, dtype=np.uint64)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _compact(text: str) -> str:
    return _SPACE_RE.sub("", text)


_SPACE_RE = re.compile(r"\s+")
_MASK64 = (1 << 64) - 1
_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)


def _codes(text: str) -> np.ndarray:
    """Code points + 1 of ``text`` without whitespace, as uint64 (the 1-grams' hashes)."""
    codes = np.frombuffer(_compact(text).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    codes += np.uint64(1)
    return codes


def _window_hashes(grams: dict[int, np.ndarray], size: int) -> np.ndarray:
    """Polynomial hashes of all ``size``-grams, ``sum (c+1) * P**(size-1-j)`` mod 2**64.

    ``grams`` caches the hashes per gram size (``grams[1]`` = code points + 1); a ``size``-gram
    is an ``a``-gram times ``P**b`` plus the ``b``-gram ``a`` places on, so a few vectorised
    passes replace ``size`` of them (wrapping arithmetic keeps this exact).
    """
    if size not in grams:
        a = size // 2
        b = size - a
        left, right = _window_hashes(grams, a), _window_hashes(grams, b)
        n = len(grams[1]) - size + 1
        factor = np.uint64(pow(int(_PRIME), b, 1 << 64))
        acc = left[:n] * factor
        acc += right[a : a + n]
        grams[size] = acc
    return grams[size]


def _raw_shingles(grams: dict[int, np.ndarray], size: int) -> np.ndarray:
    """Unsorted (possibly repeated) shingle hashes of a compacted text's gram cache."""
    codes = grams[1]
    if not len(codes):
        return np.zeros(0, dtype=np.uint64)
    if len(codes) < size:  # one shingle: the whole text
        acc = np.zeros(1, dtype=np.uint64)
        for code in codes:
            acc = acc * _PRIME + code
        return _splitmix64(acc)
    return _splitmix64(_window_hashes(grams, size))


def _unique(hashes: np.ndarray) -> np.ndarray:
    """Sorted unique values (as :func:`numpy.unique`)."""
    if len(hashes) < 2:
        return hashes.copy()
    ordered = np.sort(hashes)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def shingle_hashes(text: str, *, size: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the character ``size``-grams of ``text`` (no whitespace).

    A non-empty text shorter than ``size`` is one shingle; an empty text has none.
    """
    if size < 1:
        raise ParameterError("size", f"must be >= 1, got {size}")
    return _unique(_raw_shingles({1: _codes(text)}, size))


def _perm_seeds(num_perm: int, seed: int) -> np.ndarray:
    offset = _splitmix64(np.array([seed], dtype=np.uint64))
    return _splitmix64(np.arange(num_perm, dtype=np.uint64) + offset)


_LOW33 = np.uint64((1 << 33) - 1)


def _min_xorshift31(z: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Row-wise ``min(z ^ (z >> 31))`` of a 2-d array (modified in place, then restored).

    ``z ^ (z >> 31)`` keeps the top 31 bits of ``z``, so a row's answer comes from its
    smallest ``z`` unless another value shares those bits (checked with the second smallest);
    only such rows are mixed in full.
    """
    arg = z.argmin(axis=1)
    low = z[rows, arg]
    z[rows, arg] = _EMPTY
    second = z.min(axis=1)
    z[rows, arg] = low
    out = low ^ (low >> np.uint64(31))
    for r in np.flatnonzero(second <= (low | _LOW33)).tolist():
        row = z[r]
        out[r] = (row ^ (row >> np.uint64(31))).min()
    return out


class _MinHasher:
    """Row-wise ``min splitmix64(h ^ s)`` over blocks of hashes, in reused buffers.

    The first xorshift of splitmix64 distributes over ``^``, so it is applied to the hashes
    and the seeds separately instead of to every (seed, hash) combination; the last one is
    applied to row minima only (:func:`_min_xorshift31`). The buffers (and the seeds tiled to
    a block, which numpy combines faster than a broadcast column) live as long as the object:
    fresh multi-megabyte arrays per document cost page faults.
    """

    def __init__(self, seeds: np.ndarray) -> None:
        self.size = len(seeds)
        mixed = seeds ^ (seeds >> np.uint64(30))
        self.seeds = np.repeat(mixed[:, None], _CHUNK, axis=1)
        self.rows = np.arange(self.size)
        self.buf = np.empty((self.size, _CHUNK), dtype=np.uint64)
        self.tmp = np.empty_like(self.buf)

    def __call__(self, hashes: np.ndarray) -> np.ndarray:
        sig = np.full(self.size, _EMPTY, dtype=np.uint64)
        if not len(hashes) or not self.size:
            return sig
        shift27 = np.uint64(27)
        mixed = hashes ^ (hashes >> np.uint64(30))
        for i in range(0, len(mixed), _CHUNK):
            block = mixed[i : i + _CHUNK]
            n = len(block)
            x, t = self.buf[:, :n], self.tmp[:, :n]
            np.bitwise_xor(self.seeds[:, :n], block[None, :], out=x)
            np.multiply(x, _C1, out=x)
            np.right_shift(x, shift27, out=t)
            np.bitwise_xor(x, t, out=x)
            np.multiply(x, _C2, out=x)
            np.minimum(sig, _min_xorshift31(x, self.rows), out=sig)
        return sig


@functools.lru_cache(maxsize=4)
def _minhasher(num_perm: int, seed: int) -> _MinHasher:
    """One hasher (and its buffers) per process and parameters."""
    return _MinHasher(_perm_seeds(num_perm, seed))


def _signature(hashes: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    return _MinHasher(seeds)(hashes)


def minhash_signatures(
    texts: Mapping[str, str], *, shingle: int = 5, num_perm: int = 128, seed: int = 1
) -> dict[str, np.ndarray]:
    """MinHash signature (``num_perm`` uint64 values) of each text's character shingles.

    Hash function ``i`` is ``splitmix64(h ^ s_i)`` with ``s_i`` derived from ``seed``; an empty
    text gets an all-``2**64-1`` signature, which matches nothing.
    """
    if num_perm < 1:
        raise ParameterError("num_perm", f"must be >= 1, got {num_perm}")
    if shingle < 1 and texts:
        raise ParameterError("size", f"must be >= 1, got {shingle}")
    minhash = _MinHasher(_perm_seeds(num_perm, seed))
    return {
        doc_id: minhash(_unique(_raw_shingles({1: _codes(text)}, shingle)))
        for doc_id, text in texts.items()
    }


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Fraction of equal MinHash values (0.0 when either text was empty)."""
    if len(sig_a) != len(sig_b):
        raise ParameterError("signatures", "signatures differ in length")
    if not len(sig_a) or (sig_a == _EMPTY).all() or (sig_b == _EMPTY).all():
        return 0.0
    return float(np.mean(sig_a == sig_b))


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


def _sampled(grams: dict[int, np.ndarray], *, size: int, sample: int) -> np.ndarray:
    """Sorted unique shingle hashes that are multiples of ``sample``."""
    if size < 1:
        raise ParameterError("size", f"must be >= 1, got {size}")
    hashes = _raw_shingles(grams, size)
    if sample > 1:
        hashes = hashes[(hashes % np.uint64(sample)) == 0]
    return _unique(hashes)


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


@functools.cache
def _t2s():  # the converter is built once (about 1 ms per build)
    import opencc  # a project dependency; imported on first use

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    return _t2s().convert(text)


def event_key(event: str, year: int | None) -> str:
    """Normalised key of an event: simplified name without years, editions, quotes, spaces;
    plus the year.

    ``("2020（第六届）中国智慧城市博览会", 2020)`` -> ``"2020|中国智慧城市博览会"``. Empty when the
    year is unknown or the core name is shorter than 4 characters (too generic to match on).
    """
    event = _to_simplified(unicodedata.normalize("NFKC", event)) if event else ""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", event)]
    core = re.sub(r"[\s“”\"'‘’《》「」『』〈〉]", "", event)
    core = re.sub(r"[（(]?第[0-9一二三四五六七八九十百零〇两]+[届屆期次][）)]?", "", core)
    core = re.sub(r"(?<!\d)(?:19|20)\d{2}年?", "", core).strip("（）()·- ").lower()
    year = year if year is not None else (years[0] if years else None)
    if year is None or len(core) < 4:
        return ""
    return f"{year}|{core}"


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


def _shingle_sets(
    text: str, minhash: _MinHasher, *, shingle: int, passage_shingle: int, sample: int
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signature of ``shingle``-grams and sampled ``passage_shingle``-grams of a text."""
    grams = {1: _codes(text)}  # gram hashes shared by both shingle sizes
    signature = minhash(_unique(_raw_shingles(grams, shingle)))
    return signature, _sampled(grams, size=passage_shingle, sample=sample)


#: Options of :func:`find_near_duplicates` that a :class:`Fingerprint` depends on.
_FINGERPRINT_OPTIONS = {
    "shingle": 5,
    "passage_shingle": 12,
    "sample": 4,
    "num_perm": 128,
    "seed": 1,
}


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What :func:`duplicate_groups` needs of one document, computable where it was parsed.

    ``options`` are the hashing options it was made with; a fingerprint made with other
    options than a call's is ignored (the document is hashed again).
    """

    doc_id: str
    signature: np.ndarray
    sampled: np.ndarray
    event_key: str
    options: tuple[tuple[str, int], ...]


def _fingerprint_options(options: Mapping[str, object]) -> tuple[tuple[str, int], ...]:
    return tuple((k, options.get(k, v)) for k, v in sorted(_FINGERPRINT_OPTIONS.items()))


def document_fingerprint(doc: ParsedDocument, **options) -> Fingerprint:
    """:class:`Fingerprint` of a parsed document (``options`` as in :func:`find_near_duplicates`;
    only the hashing ones matter)."""
    key = _fingerprint_options(options)
    opts = dict(key)
    if opts["num_perm"] < 1:
        raise ParameterError("num_perm", f"must be >= 1, got {opts['num_perm']}")
    if opts["shingle"] < 1:
        raise ParameterError("size", f"must be >= 1, got {opts['shingle']}")
    if opts["sample"] < 1:
        raise ParameterError("sample", f"must be >= 1, got {opts['sample']}")
    signature, sampled = _shingle_sets(
        document_text(doc),
        _minhasher(opts["num_perm"], opts["seed"]),
        shingle=opts["shingle"],
        passage_shingle=opts["passage_shingle"],
        sample=opts["sample"],
    )
    return Fingerprint(
        doc_id=doc.doc_id,
        signature=signature,
        sampled=sampled,
        event_key=event_key(doc.meta.event, doc.meta.year),
        options=key,
    )


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


def document_text(doc: ParsedDocument) -> str:
    """Body text of a parsed document (its whole normalised text if it has no body block)."""
    return doc.body_text() or doc.norm.text


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
