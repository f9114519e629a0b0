"""Per-document fingerprints for near-duplicate detection: shingles, MinHash, passage samples.

Everything here looks at one document at a time, so it runs in the parse workers
(:func:`document_fingerprint`); :mod:`cityreports.dedup.groups` compares the fingerprints.
Hashes are computed with numpy from code points (no ``hash()``), permutations come from
``seed``, so fingerprints are the same in every process.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cityreports.errors import ParameterError
from cityreports.records import ParsedDocument

__all__ = [
    "Fingerprint",
    "document_fingerprint",
    "document_text",
    "estimated_jaccard",
    "event_key",
    "minhash_signatures",
    "shingle_hashes",
]

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


def _sampled(grams: dict[int, np.ndarray], *, size: int, sample: int) -> np.ndarray:
    """Sorted unique shingle hashes that are multiples of ``sample``."""
    if size < 1:
        raise ParameterError("size", f"must be >= 1, got {size}")
    hashes = _raw_shingles(grams, size)
    if sample > 1:
        hashes = hashes[(hashes % np.uint64(sample)) == 0]
    return _unique(hashes)


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


def document_text(doc: ParsedDocument) -> str:
    """Body text of a parsed document (its whole normalised text if it has no body block)."""
    return doc.body_text() or doc.norm.text
