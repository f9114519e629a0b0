"""The dictionary a :class:`~cityreports.text.tokens.Segmenter` segments with, as plain arrays.

jieba builds its dictionary (``FREQ``: every word with its frequency, every prefix of a word
at 0, and the ``total``) from ``dict.txt``, then the segmenter adds its domain and user words
and tunes their frequencies. Loading that takes about 0.6 s per process (jieba's own cache is
a marshal of the whole ``FREQ``). The result depends only on jieba's version and dictionary
file and on the added words, so it is kept once per such key as an ``.npz`` of three arrays
(the words as UTF-8, their frequencies, the total; read with ``allow_pickle=False``) in the
private cache folder (:func:`~cityreports.text.tokens.jieba_cache_dir`), and read back in
about a tenth of the time. A damaged or foreign file is ignored and rewritten.

:class:`CompiledDictionary` loads those words into jieba-rs (``rjieba``), which runs jieba's
DAG, route and HMM compiled, and keeps jieba's ``FREQ`` for the runs it cannot take (see
:meth:`~cityreports.text.tokens.Segmenter.tokens`).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.metadata
import importlib.util
import operator
import sys
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from itertools import compress, islice, repeat
from math import log
from pathlib import Path

import numpy as np

from cityreports.cache_folders import read_arrays, write_arrays

__all__ = [
    "CompiledDictionary",
    "dictionary_key",
    "jieba_package_dir",
    "read_dictionary",
    "sorted_dictionary",
    "write_dictionary",
]

#: Bump when what is stored, or how it is derived, changes.
_FORMAT = "cityreports-jieba-dictionary-2"  # 2: words in sorted order
#: The word that carries the part of jieba's total that jieba-rs does not count (private-use
#: characters: never in a run that reaches the route).
TOTAL_FILLER = "\U000f0000\U000f0001"


def dictionary_key(entries: Sequence[tuple[str, int, str]]) -> str:
    """Digest of everything the dictionary is derived from: this format, jieba's version and
    dictionary file, and the added ``(word, freq, tag)`` entries in order."""
    h = hashlib.sha256(_FORMAT.encode())
    h.update(importlib.metadata.version("jieba").encode())
    h.update(_jieba_dict_file().read_bytes())
    for word, freq, tag in entries:
        h.update(f"\n{word}\t{freq}\t{tag}".encode())
    return h.hexdigest()


def jieba_package_dir() -> Path:
    """The folder of the installed jieba, found without importing it (its import takes 0.1 s
    and imports pkg_resources)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba")
    return Path(spec.origin).parent


def _jieba_dict_file() -> Path:
    """jieba's ``dict.txt``."""
    return jieba_package_dir() / "dict.txt"


def sorted_dictionary(freq: Mapping[str, int], total: int) -> tuple[list[str], list[int], int]:
    """``(words, freqs, total)`` of jieba's ``FREQ`` with the words in sorted order, as they
    are stored: the entries that start with a character are then one slice of them."""
    words = sorted(freq)
    return words, [freq[w] for w in words], total


def read_dictionary(path: Path, key: str) -> tuple[list[str], list[int], int] | None:
    """``(words, freqs, total)`` stored at ``path`` under ``key``; None if missing or not
    a well-formed file of this key."""
    data = read_arrays(path, key, ("words", "freqs", "total"))
    if data is None:
        return None
    try:
        words = data["words"].tobytes().decode("utf-8").split("\n")
        freqs, total = data["freqs"], int(data["total"][0])
    except (UnicodeDecodeError, IndexError, TypeError, ValueError):
        return None
    if len(words) != len(freqs) or (freqs < 0).any() or total < 1:
        return None
    return words, freqs.tolist(), total


def write_dictionary(path: Path, key: str, words: Sequence[str], freqs: Sequence[int],
                     total: int) -> None:  # fmt: skip
    """Store the dictionary at ``path`` (atomically, see
    :func:`~cityreports.cache_folders.write_arrays`), keeping the :data:`_KEEP` newest."""
    blob = "\n".join(words).encode("utf-8")
    arrays = {"words": np.frombuffer(blob, dtype=np.uint8),
              "freqs": np.asarray(freqs, dtype=np.int64),
              "total": np.asarray([total], dtype=np.int64)}
    if write_arrays(path, key, arrays):
        _prune(path.parent, keep=path)


#: Dictionaries kept in the cache folder (one per set of user words; about 9 MB each).
_KEEP = 8


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove all but the :data:`_KEEP` most recently written dictionaries of ``folder``."""
    stored = sorted(folder.glob("dictionary-*.npz"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    for old in stored[:-_KEEP]:
        if old != keep:
            old.unlink(missing_ok=True)


def _jieba_rs() -> type:
    """rjieba's ``Jieba`` class. ``import rjieba`` also builds a default jieba-rs with its own
    dictionary (0.15 s per process, never used here), so when rjieba is not imported yet its
    compiled module is loaded alone and registered as ``rjieba.rjieba``, where the package's
    own import finds it later (a module compiled with PyO3 may be initialised only once)."""
    module = sys.modules.get("rjieba.rjieba")
    if module is None:
        package = importlib.util.find_spec("rjieba")
        found = importlib.machinery.PathFinder.find_spec(
            "rjieba.rjieba", package.submodule_search_locations if package else None
        )
        if found is None or found.loader is None:
            import rjieba  # laid out differently: the ordinary import

            return rjieba.Jieba
        module = importlib.util.module_from_spec(found)
        found.loader.exec_module(module)
        sys.modules["rjieba.rjieba"] = module
    return module.Jieba


class CompiledDictionary:
    """The words of jieba's dictionary in jieba-rs, with jieba's ``FREQ`` and ``log(total)``.

    jieba-rs is given every word of positive frequency, with jieba's frequency. jieba counts a
    word's frequency into its total each time the word is added (a word listed twice in
    ``dict.txt``, ``suggest_freq``), jieba-rs counts current frequencies only; the difference
    goes to :data:`TOTAL_FILLER`, so that ``log(total)``, and with it every route, is jieba's.
    """

    def __init__(self, words: Sequence[str], freqs: Sequence[int], total: int) -> None:
        if len(words) != len(freqs):
            raise ValueError("a frequency for every word")
        if not all(map(operator.lt, words, islice(words, 1, None))):  # 0.015 s
            raise ValueError("the words must be sorted and distinct (see sorted_dictionary)")
        cutter = _jieba_rs().empty()
        # the words of positive frequency, added by iterators (no Python loop over 580,000)
        positive_words, positive_freqs = list(compress(words, freqs)), list(compress(freqs, freqs))
        deque(map(cutter.add_word, positive_words, positive_freqs, repeat(None)), maxlen=0)
        counted = sum(positive_freqs)
        if total > counted:
            cutter.add_word(TOTAL_FILLER, total - counted, None)
        self.total = total
        #: ``cut(run, hmm)``: jieba's cut of a run of Han characters.
        self.cut: Callable[[str, bool], list[str]] = cutter.cut
        #: ``has_word(word)``: the word has a positive frequency.
        self.has_word: Callable[[str], bool] = cutter.has_word
        self._words, self._freqs = words, freqs
        self.logtotal = log(total)
        self._starting: dict[str, dict[str, int]] = {}

    def frequencies(self) -> dict[str, int]:
        """jieba's ``FREQ``: every word with its frequency and every prefix of a word at 0."""
        return dict(zip(self._words, self._freqs, strict=True))

    def starting_with(self, char: str) -> dict[str, int]:
        """The entries of jieba's ``FREQ`` that start with ``char`` (for the route of a run
        jieba-rs does not take): a slice of the sorted words, made on first use, so that no
        process builds all 580,000 entries (0.2 s) for the few characters such runs hold."""
        found = self._starting.get(char)
        if found is None:
            words = self._words
            lo = bisect_left(words, char)
            hi = bisect_left(words, chr(ord(char) + 1), lo) if ord(char) < 0x10FFFF else len(words)
            found = self._starting[char] = dict(zip(words[lo:hi], self._freqs[lo:hi], strict=True))
        return found
