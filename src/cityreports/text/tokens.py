"""Word segmentation of Chinese report text with a private jieba tokenizer.

:class:`Segmenter` wraps its own ``jieba.Tokenizer`` (never the global ``jieba.dt``), loads the
packaged smart-city dictionary (``resources/domain_dict.txt``) and stop-words
(``resources/stopwords.txt``) lazily on first use, and never splits *protected spans*: URLs and
e-mail addresses, dates (``2015年12月12日``, ``3月24日``, ``二〇三五年``), plan periods
(``十四五``), numbers with multipliers and units (``196.98万亿元``, ``7.49亿``, ``30%``,
``第6届``) and Latin/digit words (``5G``, ``CIM``, ``IoT``, ``COVID-19``). jieba only sees the
text between protected spans; each protected span is emitted as one token.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from math import log
from pathlib import Path

from cityreports.cache_folders import private_cache_dir
from cityreports.errors import ParameterError
from cityreports.resources import read_resource
from cityreports.text.jieba_dictionary import (
    CompiledDictionary,
    dictionary_key,
    jieba_package_dir,
    read_dictionary,
    sorted_dictionary,
    write_dictionary,
)
from cityreports.text.lexicon import CN_DIGIT, CN_MONTH_DAY
from cityreports.text.units import unit_table

__all__ = ["Segmenter", "jieba_cache_dir", "load_domain_dict", "load_stopwords"]


@functools.cache
def jieba_cache_dir() -> Path:
    """Where jieba keeps its dictionary cache: a private per-user folder (mode 0700).

    jieba's default is the shared temporary folder, where another user can plant a cache
    that changes every token. ``$XDG_CACHE_HOME/cityreports/jieba`` (else
    ``~/.cache/cityreports/jieba``) is used when it is private; otherwise a fresh private
    temporary folder, removed when the process ends (:mod:`cityreports.cache_folders`).
    """
    return private_cache_dir("jieba")


_DOMAIN_DICT = "domain_dict.txt"
_STOPWORDS = "stopwords.txt"
_DEFAULT_FREQ = 1000

_DIGIT = r"[0-9０-９]"
_LATIN = r"[A-Za-zＡ-Ｚａ-ｚ]"
_ALNUM = r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]"
_NUMBER = (
    rf"{_DIGIT}{{1,3}}(?:,{_DIGIT}{{3}})+(?!{_DIGIT})(?:[.．]{_DIGIT}+)?"
    rf"|{_DIGIT}+(?:[.．]{_DIGIT}+)?"
)
#: Regexes of protected spans, tried in this order at each position: these, then a number with
#: its multiplier and unit (12亿元, 3.5万平方米; units from the unit table), then
#: :data:`_AFTER_NUMBER` (see :func:`protected_patterns`).
_BEFORE_NUMBER = (
    r"(?:https?://|www\.)[A-Za-z0-9._~:/?#@!$&*+,;=%-]+",
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    rf"{_DIGIT}{{4}}[-/.]{_DIGIT}{{1,2}}[-/.]{_DIGIT}{{1,2}}(?!{_DIGIT})",
    rf"{_DIGIT}{{4}}年(?:{_DIGIT}{{1,2}}月(?:{_DIGIT}{{1,2}}[日号])?)?",
    rf"{_DIGIT}{{1,2}}月{_DIGIT}{{1,2}}[日号]",
    rf"{_DIGIT}{{1,2}}[:：]{_DIGIT}{{2}}(?:[:：]{_DIGIT}{{2}})?(?!{_DIGIT})",
    rf"[{CN_DIGIT}]{{4}}年(?:[{CN_MONTH_DAY}]{{1,2}}月(?:[{CN_MONTH_DAY}]{{1,3}}[日号])?)?",
    r"(?<![〇零一二三四五六七八九十百千万])十[一二三四五六七八九]五(?![〇零一二三四五六七八九十百千万亿])",
    rf"{_DIGIT}+{_LATIN}{_ALNUM}*(?:[-_.]{_ALNUM}+)*",
)
_AFTER_NUMBER = (rf"{_LATIN}{_ALNUM}*(?:[-_.&'’]{_ALNUM}+)*",)
#: Index of the number pattern in :func:`protected_patterns`: a one-character unit that starts a
#: word with the next character (12项目, 8部门, 100市民) is left to jieba.
_NUMBER_INDEX = len(_BEFORE_NUMBER)
_NUMBER_GROUP = f"p{_NUMBER_INDEX}"


@functools.lru_cache(maxsize=1)
def protected_patterns() -> tuple[str, ...]:
    """Regexes of protected spans, tried in this order at each position."""
    units = "|".join(sorted(map(re.escape, unit_table().token_units), key=len, reverse=True))
    number = rf"第?(?:{_NUMBER})(?:[十百千万亿兆]+)?[余多]?(?:[%％‰]|{units})?"
    return (*_BEFORE_NUMBER, number, *_AFTER_NUMBER)


_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
#: A character every protected span holds: an ASCII or full-width digit or Latin letter (URLs,
#: e-mail, numbers, dates, Latin words, the literal words, which have one by definition), 年
#: (二〇三五年) or 五 (十四五). A text without one has no protected span (tested against
#: :meth:`Segmenter.spans`, which does not take this shortcut).
_MAY_PROTECT = re.compile("[0-9０-９A-Za-zＡ-Ｚａ-ｚ年五]")


def _read_resource(name: str) -> str:
    return read_resource(name)[0]


def load_domain_dict() -> list[tuple[str, int, str]]:
    """Entries ``(word, freq, tag)`` of the packaged smart-city dictionary."""
    entries = []
    for line in _read_resource(_DOMAIN_DICT).splitlines():
        parts = line.split()
        if not parts or line.startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 else _DEFAULT_FREQ
        tag = parts[2] if len(parts) > 2 else "nz"
        entries.append((parts[0], freq, tag))
    return entries


def load_stopwords() -> frozenset[str]:
    """The packaged stop-words (function words and punctuation)."""
    lines = _read_resource(_STOPWORDS).splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("# "))


def _unit_starts_word(has_word, text: str, end: int) -> bool:
    """The last character before ``end`` is a CJK unit forming a known word with the next."""
    unit = text[end - 1]
    if end >= len(text) or not "\u4e00" <= unit <= "\u9fff":
        return False
    return has_word(text[end - 1 : end + 1])


def _is_punctuation(token: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZ" for c in token)


class Segmenter:
    """Chinese word segmenter with a smart-city dictionary and protected spans.

    ``user_words`` are added to the dictionary (and kept whole); ``stopwords=None`` uses the
    packaged list, any iterable replaces it. ``hmm`` lets jieba guess words it does not know.
    The private tokenizer and dictionary are loaded on first use, so construction is free.
    """

    def __init__(
        self,
        *,
        user_words: Iterable[str] = (),
        stopwords: Iterable[str] | None = None,
        hmm: bool = True,
    ) -> None:
        if isinstance(user_words, str):
            raise ParameterError("user_words", "expected an iterable of words, not one string")
        words = tuple(w.strip() for w in user_words)
        if any(not w or any(c.isspace() for c in w) for w in words):
            raise ParameterError("user_words", "words must be non-empty and contain no spaces")
        self.user_words = words
        self.hmm = bool(hmm)
        self._stopwords = None if stopwords is None else frozenset(stopwords)
        self._tokenizer = None  # the jieba.Tokenizer (spans(), and a dictionary cache miss)
        self._pattern: re.Pattern[str] | None = None
        self._compiled: CompiledDictionary | None = None

    def __repr__(self) -> str:
        return f"Segmenter(user_words={len(self.user_words)} words, hmm={self.hmm})"

    def __getstate__(self) -> dict[str, object]:
        """Pickle without the loaded tokenizer (it is rebuilt on first use)."""
        return {
            **self.__dict__,
            "_tokenizer": None,
            "_pattern": None,
            "_compiled": None,
        }

    @property
    def stopwords(self) -> frozenset[str]:
        """Stop-words in use (the packaged list unless given)."""
        if self._stopwords is None:
            self._stopwords = load_stopwords()
        return self._stopwords

    def is_stopword(self, token: str) -> bool:
        """A stop-word, or a token made only of punctuation, symbols and spaces."""
        return token in self.stopwords or _is_punctuation(token)

    def _entries(self) -> list[tuple[str, int, str]]:
        """``(word, freq, tag)`` added to jieba's dictionary: domain words, then user words."""
        return [*load_domain_dict(), *((w, _DEFAULT_FREQ, "nz") for w in self.user_words)]

    def _load(self):  # -> tuple[jieba.Tokenizer, re.Pattern[str]]
        """The private ``jieba.Tokenizer`` with the domain and user words (frequencies tuned
        with ``suggest_freq``), and the pattern of protected spans."""
        if self._tokenizer is None:
            import jieba

            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(jieba_cache_dir())  # never the shared /tmp
            entries = self._entries()
            for word, freq, tag in entries:
                tokenizer.add_word(word, freq, tag)
            for word, _, _ in entries:
                tokenizer.suggest_freq(word, tune=True)
            self._tokenizer = tokenizer
        return self._tokenizer, self._protected_pattern()

    def _protected_pattern(self) -> re.Pattern[str]:
        """Words with Latin letters or digits (kept whole), then :func:`protected_patterns`."""
        if self._pattern is None:
            literals = {w for w, _, _ in self._entries() if _ASCII_ALNUM.search(w)}
            literal = "|".join(map(re.escape, sorted(literals, key=lambda w: (-len(w), w))))
            alternatives = [f"(?P<literal>{literal})"] if literal else []
            alternatives += [f"(?P<p{i}>{a})" for i, a in enumerate(protected_patterns())]
            self._pattern = re.compile("|".join(alternatives))
        return self._pattern

    def _dictionary(self) -> CompiledDictionary:
        """The tokenizer's dictionary in jieba-rs (see :mod:`cityreports.text.jieba_dictionary`):
        read from the private cache, else taken from :meth:`_load` and cached."""
        if self._compiled is None:
            entries = self._entries()
            key = dictionary_key(entries)
            path = jieba_cache_dir() / f"dictionary-{key[:32]}.npz"
            stored = read_dictionary(path, key)
            if stored is None:
                tokenizer, _ = self._load()
                stored = sorted_dictionary(tokenizer.FREQ, tokenizer.total)
                write_dictionary(path, key, *stored)
            self._compiled = CompiledDictionary(*stored)
        return self._compiled

    def _protected(self, has_word, pattern, text: str) -> Iterator[tuple[int, int]]:
        """Spans of ``text`` kept whole (numbers, plan names, literals), in order."""
        position = 0
        for match in pattern.finditer(text):
            start, end = match.span()
            if match.lastgroup == _NUMBER_GROUP and _unit_starts_word(has_word, text, end):
                end -= 1
            if start >= end or start < position:
                continue
            yield start, end
            position = end

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """Tokens with ``(token, start, end)`` offsets into ``text``; whitespace is dropped."""
        tokenizer, pattern = self._load()
        out: list[tuple[str, int, int]] = []
        position = 0
        for start, end in self._protected(self._dictionary().has_word, pattern, text):
            self._cut(tokenizer, text, position, start, out)
            out.append((text[start:end], start, end))
            position = end
        self._cut(tokenizer, text, position, len(text), out)
        return out

    def _cut(self, tokenizer, text: str, start: int, end: int, out: list) -> None:
        offset = start
        for word in tokenizer.cut(text[start:end], HMM=self.hmm):
            if word and not word.isspace():
                out.append((word, offset, offset + len(word)))
            offset += len(word)

    def tokens(self, text: str, *, drop_stopwords: bool = False) -> list[str]:
        """Tokens of ``text``; ``drop_stopwords`` also drops punctuation-only tokens.

        The same tokens as :meth:`spans` without offsets, by a faster re-implementation of
        ``jieba.Tokenizer.cut`` (see :meth:`_cut_words`).
        """
        compiled, pattern = self._dictionary(), self._protected_pattern()
        words: list[str] = []
        if not _MAY_PROTECT.search(text):  # no protected span (most sentences): one cut
            self._cut_words(compiled, text, words)
            return [w for w in words if not self.is_stopword(w)] if drop_stopwords else words
        position = 0
        for start, end in self._protected(compiled.has_word, pattern, text):
            if start > position:
                self._cut_words(compiled, text[position:start], words)
            words.append(text[start:end])
            position = end
        if position < len(text):
            self._cut_words(compiled, text[position:], words)
        if drop_stopwords:
            return [w for w in words if not self.is_stopword(w)]
        return words

    def _cut_words(self, compiled: CompiledDictionary, text: str, out: list[str]) -> None:
        """Append ``jieba.Tokenizer.cut(text, HMM=self.hmm)`` minus whitespace to ``out``.

        Same block split as jieba (``jieba.re_han_default``): a run of Han characters only
        goes to jieba-rs, which runs jieba's route and HMM compiled, about 20x faster, but
        splits runs that mix in ASCII characters its own way; such a run goes through the DAG
        and route of :meth:`_cut_block`. Any other character is its own token (whitespace
        dropped).
        """
        cut = compiled.cut
        hmm = self.hmm
        if _SAME_BLOCKS.fullmatch(text):  # most clauses: one call, jieba-rs splits the same
            out.extend(cut(text, hmm))
            return
        han = JIEBA_HAN
        only_han = _ONLY_HAN.fullmatch
        for block in han.split(text):
            if not block:
                continue
            if only_han(block):
                out.extend(cut(block, hmm))
            elif han.match(block):
                self._cut_block(compiled.starting_with, compiled.logtotal, block, out)
            else:
                out.extend(c for c in block if not c.isspace())

    def _cut_block(self, starting_with: Callable[[str], dict[str, int]], logtotal: float,
                   sentence: str, out: list[str]) -> None:  # fmt: skip
        """jieba's ``get_DAG`` + ``calc`` + ``__cut_DAG`` (or ``__cut_DAG_NO_HMM``) in one pass,
        over jieba's ``FREQ`` (words, and their prefixes at 0; ``starting_with(c)``: those that
        start with ``c``) and ``log(total)``.

        The route is computed right to left as in ``calc``, with the same floats in the same
        order (``log(freq) - log(total) + route``); a position's DAG edges are found on the
        way (jieba builds the whole DAG first). Ties go to the longer word, as jieba's ``max``
        over ``(score, end)`` tuples does.
        """
        n = len(sentence)
        single = log(1) - logtotal
        best = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        missing = _MISSING
        for idx in range(n - 1, -1, -1):
            top = None
            top_end = idx
            i = idx
            get = starting_with(sentence[idx]).get
            f = get(sentence[idx], missing)
            while f is not missing:
                if f:
                    total = log(f) - logtotal + best[i + 1]
                    if top is None or total >= top:
                        top = total
                        top_end = i
                i += 1
                if i >= n:
                    break
                f = get(sentence[idx : i + 1], missing)
            if top is None:  # no dictionary word starts here: the character alone, freq 1
                top = single + best[idx + 1]
            best[idx] = top
            ends[idx] = top_end + 1
        x = 0
        if not self.hmm:
            buf = ""
            eng = _ASCII_ALNUM.match
            while x < n:
                y = ends[x]
                word = sentence[x:y]
                if y - x == 1 and eng(word):
                    buf += word
                else:
                    if buf:
                        out.append(buf)
                        buf = ""
                    out.append(word)
                x = y
            if buf:
                out.append(buf)
            return
        start = 0  # start of the run of single characters (jieba's ``buf``)
        while x < n:
            y = ends[x]
            if y - x > 1:
                if start < x:
                    _flush(starting_with, sentence[start:x], out)
                out.append(sentence[x:y])
                start = y
            x = y
        if start < n:
            _flush(starting_with, sentence[start:n], out)


_MISSING = object()
#: jieba's ``re_han_default`` (a test checks it is the same): the runs its cut segments.
JIEBA_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
#: A run of the Han characters of :data:`JIEBA_HAN` and nothing else.
_ONLY_HAN = re.compile("[\u4e00-\u9fd5]+")
#: Text that jieba and jieba-rs cut into the same blocks: no character that jieba-rs puts in
#: a block and jieba does not (CJK extension A, U+9FD6-U+9FFF, compatibility ideographs, the
#: supplementary ideographs), no ASCII letter, digit or ``+#&._%-`` (jieba-rs cuts runs that
#: mix them with Han characters its own way), no whitespace (dropped by :meth:`_cut_words`), no
#: lone surrogate (not text to Rust).
#: Every other character outside a Han run is its own token in both.
_SAME_BLOCKS = re.compile(
    "[^\ud800-\udfff\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f0-9A-Za-z+#&._%\\-\\s]*"
)


@dataclass(frozen=True)
class _HmmModel:
    """jieba's character HMM (``jieba.finalseg``): log-probabilities of the first state, of
    a state after another and of a character in a state (B, M, E, S)."""

    start: Mapping[str, float]
    trans: Mapping[str, Mapping[str, float]]
    emit: Mapping[str, Mapping[str, float]]


#: ``jieba.finalseg``'s constants (a test checks them): the floor of a log-probability, the
#: states a state may follow, its Han runs and what it keeps whole outside them.
_HMM_FLOOR = -3.14e100
_HMM_PREVIOUS = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}
_HMM_HAN = re.compile("([\u4E00-\u9FD5]+)")
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


@functools.cache
def _hmm_model() -> _HmmModel:
    """jieba's HMM tables, read on first use from the data modules of ``jieba.finalseg`` by
    their path: importing ``jieba.finalseg`` imports jieba and pkg_resources (0.17 s per
    process). Where they are not found, the ordinary import."""
    folder = jieba_package_dir() / "finalseg"
    paths = [folder / f"{name}.py" for name in ("prob_start", "prob_trans", "prob_emit")]
    if not all(path.is_file() for path in paths):
        from jieba import finalseg

        return _HmmModel(finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
    return _HmmModel(*(_data_module(path).P for path in paths))


def _data_module(path: Path):  # -> a module
    """The module of the Python file at ``path``, run under a private name (not imported)."""
    spec = importlib.util.spec_from_file_location(f"cityreports._jieba_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _flush(starting_with: Callable[[str], dict[str, int]], buf: str, out: list[str]) -> None:
    """jieba's handling of a run of single characters: the HMM guesses unknown words."""
    if len(buf) == 1:
        out.append(buf)
    elif not starting_with(buf[0]).get(buf):
        _hmm_cut(_hmm_model(), buf, out)
    else:
        out.extend(buf)


def _hmm_cut(model: _HmmModel, text: str, out: list[str]) -> None:
    """``jieba.finalseg.cut(text)``, with :func:`_hmm_states` for its Viterbi decoding (and
    without jieba's global ``Force_Split_Words``, empty unless a program fills it)."""
    for block in _HMM_HAN.split(text):
        if not _HMM_HAN.match(block):
            out.extend(x for x in _HMM_SKIP.split(block) if x)
            continue
        begin = after = 0
        for i, state in enumerate(_hmm_states(model, block)):
            if state == "B":
                begin = i
            elif state == "E":
                out.append(block[begin : i + 1])
                after = i + 1
            elif state == "S":
                out.append(block[i])
                after = i + 1
        if after < len(block):
            out.append(block[after:])


def _hmm_states(model: _HmmModel, obs: str) -> list[str]:
    """The states of ``finalseg.viterbi(obs, "BMES", ...)``, with back-pointers where jieba
    copies a path per character (quadratic on a long run of unknown characters): the same sums
    in the same order and the same ``max`` over ``(prob, state)``, so the same ties."""
    low, previous, trans, emit = _HMM_FLOOR, _HMM_PREVIOUS, model.trans, model.emit
    v = {y: model.start[y] + emit[y].get(obs[0], low) for y in "BMES"}
    back = []
    for c in obs[1:]:
        best = {
            y: max((v[y0] + trans[y0].get(y, low) + em, y0) for y0 in previous[y])
            for y, em in ((y, emit[y].get(c, low)) for y in "BMES")
        }
        v = {y: prob for y, (prob, _) in best.items()}
        back.append({y: state for y, (_, state) in best.items()})
    state = max((v[y], y) for y in "ES")[1]
    states = [state]
    for pointers in reversed(back):
        state = pointers[state]
        states.append(state)
    states.reverse()
    return states


_NUMERIC = re.compile(r"^[\d.,，%％·:：/\-]+[年月日号个万亿元%]*$")


def is_content_token(token: str) -> bool:
    """True for tokens worth counting: two or more characters, not numbers or punctuation."""
    token = token.strip()
    if len(token) < 2 or not any(ch.isalpha() for ch in token):
        return False
    return not _NUMERIC.match(token)


def sentence_tokens(
    doc, *, roles: Iterable[str] = ("body",), segmenter: Segmenter | None = None
) -> list[tuple[str, ...]]:
    """Tokens of each sentence of ``doc`` in blocks with ``roles``, in order.

    With a ``segmenter`` the sentences are cut by it; without one, the parsed tokens
    (``ParsedDocument.tokens``, kept when the corpus was parsed with ``segment=True``) are used
    when there are any, else a shared default :class:`Segmenter` cuts them (the same tokens).
    Stop-words are kept.
    """
    wanted = set(roles)
    sentences = doc.sentences
    if segmenter is None and doc.tokens and len(doc.tokens) == len(sentences):
        return [toks for s, toks in zip(sentences, doc.tokens, strict=True) if s.role in wanted]
    seg = segmenter if segmenter is not None else default_segmenter()
    return [tuple(seg.tokens(s.text)) for s in sentences if s.role in wanted]


@functools.cache
def default_segmenter() -> Segmenter:
    """One shared default :class:`Segmenter` (its dictionary loads on first use)."""
    return Segmenter()
