"""Per-document fingerprints for near-duplicate detection: shingles, MinHash, passage samples.

Everything here looks at one document at a time, so it runs in the parse workers
(:func:`document_fingerprint`); :mod:`cityreports.dedup.groups` compares the fingerprints.
Hashes are computed with numpy from code points (no ``hash()``), permutations come from
``seed``, so fingerprints are the same in every process.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cityreports.errors import InputError, ParameterError
from cityreports.records import ParsedDocument
from cityreports.resources import read_resource
from cityreports.text.lexicon import Patterns

__all__ = [
    "CONTENT_ROLES",
    "FINGERPRINT_OPTIONS",
    "Fingerprint",
    "comparable_line",
    "content_lines",
    "document_fingerprint",
    "ends_cut_off",
    "estimated_jaccard",
    "event_key",
    "fingerprint_options",
    "minhash_signatures",
    "one_permutation_minhash",
    "shingle_hashes",
    "text_fingerprint",
]

_P = Patterns("dedup/fingerprints")
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
_PRIME = np.uint64(0x100000001B3)


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """Bijective 64-bit mixer (SplitMix64 finaliser), vectorised, wrapping arithmetic."""
    x = np.asarray(x, dtype=np.uint64)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _compact(text: str) -> str:
    return _SPACE_RE.sub("", text)


_SPACE_RE = re.compile(r"\s+")


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
        whole = _whole_hashes(codes, np.zeros(1, dtype=np.int64), np.array([len(codes)]))
        return _splitmix64(whole)
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


def one_permutation_minhash(hashes: np.ndarray, *, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signature of a set of shingle hashes (sorted, unique, uniform 64-bit values) by
    one permutation (Li, Owen and Zhang 2012): the hash range is cut into ``num_perm`` equal
    bins, and value ``i`` is the smallest ``splitmix64(h ^ s)`` (``s`` derived from ``seed``)
    of the hashes in bin ``i``. An empty bin takes the value of the next non-empty bin on its
    right (circularly), mixed with the distance (densification, Shrivastava and Li 2014), so
    two sets agree on a value with probability their Jaccard similarity, as with
    ``num_perm`` independent permutations, for one pass over the hashes instead of
    ``num_perm``. An empty set gets all ``2**64-1``, which matches nothing.
    """
    sig = np.full(num_perm, _EMPTY, dtype=np.uint64)
    if not len(hashes):
        return sig
    # the bin of h: the top 32 bits times num_perm, over 2**32 (monotonic in h, so the sorted
    # hashes of one bin are one run)
    bins = ((hashes >> np.uint64(32)) * np.uint64(num_perm)) >> np.uint64(32)
    starts = np.searchsorted(bins, np.arange(num_perm, dtype=np.uint64))
    filled = np.flatnonzero(np.diff(np.append(starts, len(hashes))) > 0)
    salt = _splitmix64(np.array([seed], dtype=np.uint64))[0]
    sig[filled] = np.minimum.reduceat(_splitmix64(hashes ^ salt), starts[filled])
    if len(filled) < num_perm:
        empty = np.setdiff1d(np.arange(num_perm), filled)
        nxt = np.searchsorted(filled, empty) % len(filled)  # next filled bin, circularly
        distance = (filled[nxt] - empty) % num_perm
        sig[empty] = _splitmix64(sig[filled[nxt]] + distance.astype(np.uint64))
    return sig


def minhash_signatures(
    texts: Mapping[str, str], *, shingle: int = 5, num_perm: int = 128, seed: int = 1
) -> dict[str, np.ndarray]:
    """MinHash signature (``num_perm`` uint64 values, :func:`one_permutation_minhash`) of each
    text's character shingles; an empty text gets an all-``2**64-1`` signature, which
    matches nothing.
    """
    if num_perm < 1:
        raise ParameterError("num_perm", f"must be >= 1, got {num_perm}")
    if shingle < 1 and texts:
        raise ParameterError("size", f"must be >= 1, got {shingle}")
    return {
        doc_id: one_permutation_minhash(
            _unique(_raw_shingles({1: _codes(text)}, shingle)), num_perm=num_perm, seed=seed
        )
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


#: Hashing options a :class:`Fingerprint` depends on, with their defaults.
FINGERPRINT_OPTIONS = {
    "shingle": 5,  # characters per content shingle
    "num_perm": 128,  # MinHash values per signature
    "seed": 1,  # of the MinHash hash function
    "max_samples": 1024,  # about this many content shingles kept (those with hash % 2**j == 0)
    "passage_shingle": 12,  # characters per passage (evidence for same-event links)
    "sample": 4,  # passages kept: those with hash % sample == 0
}

#: What is not content for comparing texts: punctuation, symbols, whitespace.
_NON_WORD_RE = re.compile(r"[\W_]+")
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What the grouping needs of one document, computed where it was parsed.

    Content lines are the body blocks (the whole text when there is none) without
    punctuation and whitespace, so a repost with other punctuation, layout or script (the
    normalised text is simplified) has the same lines. Shingles never cross a line, so
    reordered paragraphs keep their shingles; each sampled shingle is kept with every line it
    occurs in, so that lines found to be template can be discounted later (:mod:`.similarity`).
    ``options`` are the hashing options it was made with (:data:`FINGERPRINT_OPTIONS`).
    """

    doc_id: str
    signature: np.ndarray  # MinHash of all content shingles (uint64, num_perm)
    shingles: np.ndarray  # sampled shingle hashes (uint64), sorted, one entry per (hash, line)
    shingle_lines: np.ndarray  # the line of each entry of ``shingles`` (int64)
    rate: int  # sampling: shingles with hash % rate == 0 are kept (a power of two)
    line_hashes: np.ndarray  # hash of each content line (uint64)
    line_chars: np.ndarray  # characters of each content line (int64)
    numbers: np.ndarray  # hashes of the numbers written in digits (uint64), per line
    number_lines: np.ndarray  # the line of each entry of ``numbers`` (int64)
    body_hash: int  # hash of all content lines: equal for exact copies
    passages: np.ndarray  # sampled long shingles of the content (uint64, sorted unique)
    event_key: str
    options: tuple[tuple[str, int], ...]
    date: str = ""  # the document's own date (yyyy-mm-dd), "" when it states no whole date
    cut_off: bool = False  # it ends as a text cut off (……, 阅读全文): see :func:`ends_cut_off`

    @property
    def n_chars(self) -> int:
        return int(self.line_chars.sum())


def fingerprint_options(**options: int) -> tuple[tuple[str, int], ...]:
    """The hashing options (defaults filled in, sorted), checked; unknown names are refused."""
    for name in options:
        if name not in FINGERPRINT_OPTIONS:
            raise ParameterError(name, "unknown fingerprint option")
    merged = {**FINGERPRINT_OPTIONS, **options}
    for name, value in merged.items():
        low = 0 if name == "seed" else 1
        if not isinstance(value, int) or value < low:
            raise ParameterError(name, f"must be an integer >= {low}, got {value!r}")
    return tuple(sorted(merged.items()))


@functools.cache
def _variants() -> tuple[re.Pattern[str], dict[str, str]]:
    """The regional vocabulary variants (``lexicons/regional_variants.tsv``) as one pattern,
    longest first, and their canonical forms."""
    text, source, _ = read_resource("lexicons/regional_variants.tsv")
    rows = [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]  # fmt: skip
    if not rows or rows[0] != ["variant", "canonical"] or any(len(r) != 2 for r in rows):
        raise InputError(source, "expected two tab-separated columns: variant, canonical")
    mapping = dict(rows[1:])
    ordered = sorted(mapping, key=lambda v: (-len(v), v))
    return re.compile("|".join(map(re.escape, ordered))), mapping


def comparable_line(line: str) -> str:
    """A line as it is compared: no punctuation, symbols or whitespace, regional vocabulary
    variants in one form (``资料`` -> ``数据``), so a localised repost reads the same."""
    return _comparable_lines([line])[0]


def _comparable_lines(lines: Sequence[str]) -> list[str]:
    """:func:`comparable_line` of each line, the variants replaced in one pass over the lines
    joined by newlines (a line keeps no newline, and no variant holds one, so no replacement
    spans two lines)."""
    if not lines:
        return []
    pattern, mapping = _variants()
    joined = "\n".join([_NON_WORD_RE.sub("", line) for line in lines])
    return pattern.sub(lambda m: mapping[m.group()], joined).split("\n")


#: Block roles whose text is the document's own content (not title, byline, credit, caption,
#: boilerplate or front matter, which a repost changes).
CONTENT_ROLES = frozenset({"body", "heading"})


def content_lines(doc: ParsedDocument) -> list[str]:
    """Normalised text of the :data:`CONTENT_ROLES` blocks (every line of the text when there
    is none)."""
    lines = [b.text for b in doc.blocks if b.role in CONTENT_ROLES]
    return lines or doc.norm.text.split("\n")


def _text_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _whole_hashes(codes: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Polynomial hash of each short run ``codes[start : start + length]`` of code points (+1),
    as one shingle: ``acc * P + code`` over the run, one vectorised step per position."""
    acc = np.zeros(len(starts), dtype=np.uint64)
    for j in range(int(lengths.max(initial=0))):
        live = lengths > j
        acc[live] = acc[live] * _PRIME + codes[starts[live] + j]
    return acc


def _line_shingles(
    lines: Sequence[str], size: int, grams: dict[int, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the ``size``-grams of each line (a shorter line is one shingle) and their
    line, unique (hash, line) pairs sorted by hash then line; ``grams`` is the gram cache of
    the lines joined (see :func:`_window_hashes`), shared with the passages."""
    codes = grams[1]
    lengths = np.array([len(line) for line in lines], dtype=np.int64)
    owner = np.repeat(np.arange(len(lines), dtype=np.int64), lengths)
    parts, owners = [], []
    if len(codes) >= size:
        windows = _window_hashes(grams, size)
        inside = owner[: len(windows)] == owner[size - 1 :]  # no shingle crosses a line
        parts.append(windows[inside])
        owners.append(owner[: len(windows)][inside])
    ends = np.cumsum(lengths)
    short = np.flatnonzero(lengths < size)
    if len(short):
        parts.append(_whole_hashes(codes, ends[short] - lengths[short], lengths[short]))
        owners.append(short)
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return _unique_pairs(_splitmix64(np.concatenate(parts)), np.concatenate(owners))


def _unique_pairs(hashes: np.ndarray, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique (hash, line) pairs sorted by hash then line (as :func:`numpy.lexsort`).

    The hashes are sorted by a plain argsort (several times faster than a stable sort of
    random 64-bit keys); only the runs of equal hashes are then sorted by line.
    """
    order = np.argsort(hashes)
    hashes, where = hashes[order], where[order]
    same = hashes[1:] == hashes[:-1]
    if same.any():
        tied = np.zeros(len(hashes), dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        runs = np.flatnonzero(tied)
        where[runs] = where[runs][np.lexsort((where[runs], hashes[runs]))]
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = ~same | (where[1:] != where[:-1])
    return hashes[keep], where[keep]


def _sampling_rate(n_unique: int, max_samples: int) -> int:
    """Smallest power of two ``r`` with ``n_unique / r <= max_samples``."""
    rate = 1
    while n_unique > rate * max_samples:
        rate *= 2
    return rate


def _line_numbers(lines: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the numbers written in digits and their line, unique (hash, line) pairs
    sorted by hash then line (each distinct number is hashed once)."""
    found = [_NUMBER_RE.findall(line) for line in lines]
    hash_of = {n: _text_hash(n) for n in {n for numbers in found for n in numbers}}
    hashes = np.array([hash_of[n] for numbers in found for n in numbers], dtype=np.uint64)
    where = np.repeat(np.arange(len(found), dtype=np.int64), [len(n) for n in found])
    return _unique_pairs(hashes, where)


def ends_cut_off(lines: Sequence[str]) -> bool:
    """Whether a text whose last lines are ``lines`` was cut off where it ends: a marker
    (阅读全文, 未完待续, 点击查看原文) or an ellipsis in one of its last two non-blank lines."""
    last = [line for line in lines if line.strip()][-2:]
    return any(_P.cut_off.search(line) for line in last)


def text_fingerprint(
    doc_id: str,
    lines: Sequence[str],
    *,
    event: str = "",
    date: str = "",
    cut_off: bool | None = None,
    **options: int,
) -> Fingerprint:
    """:class:`Fingerprint` of a text given as its content lines (``event``: its event key,
    from :func:`event_key`; ``cut_off``: it ends cut off, by default :func:`ends_cut_off` of
    its lines); ``options`` as in :data:`FINGERPRINT_OPTIONS`."""
    key = fingerprint_options(**options)
    opts = dict(key)
    lines = list(lines)
    kept = [(line, c) for line, c in zip(lines, _comparable_lines(lines), strict=True) if c]
    compacted = [c for _, c in kept]
    grams = {1: _codes("".join(compacted))}
    hashes, where = _line_shingles(compacted, opts["shingle"], grams)
    unique = _unique(hashes)
    rate = _sampling_rate(len(unique), opts["max_samples"])
    sampled = (hashes & np.uint64(rate - 1)) == 0
    numbers, number_lines = _line_numbers([line for line, _ in kept])
    passages = _sampled(grams, size=opts["passage_shingle"], sample=opts["sample"])
    return Fingerprint(
        doc_id=doc_id,
        signature=one_permutation_minhash(unique, num_perm=opts["num_perm"], seed=opts["seed"]),
        shingles=hashes[sampled],
        shingle_lines=where[sampled],
        rate=rate,
        line_hashes=np.array([_text_hash(c) for c in compacted], dtype=np.uint64),
        line_chars=np.array([len(c) for c in compacted], dtype=np.int64),
        numbers=numbers,
        number_lines=number_lines,
        body_hash=_text_hash("\n".join(compacted)),
        passages=passages,
        event_key=event,
        options=key,
        date=date if _ISO_DAY.fullmatch(date) else "",
        cut_off=ends_cut_off(lines) if cut_off is None else cut_off,
    )


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def document_fingerprint(doc: ParsedDocument, **options: int) -> Fingerprint:
    """:class:`Fingerprint` of a parsed document: its :func:`content_lines`, the event key
    and the date of its metadata; ``options`` as in :data:`FINGERPRINT_OPTIONS`."""
    return text_fingerprint(
        doc.doc_id,
        content_lines(doc),
        event=event_key(doc.meta.event, doc.meta.year),
        date=doc.meta.date or "",
        cut_off=ends_cut_off([b.text for b in doc.blocks[-3:]]),  # a marker may be boilerplate
        **options,
    )
