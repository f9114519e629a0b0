"""The kind of a document (its genre) and its region, each with the cue it rests on.

**kind** (:data:`~cityreports.records.DOCUMENT_KINDS`) - a ``kind`` the manifest or the record
states wins (mapped: ``gov_work_report_national`` -> ``gov_work_report``,
``press_release_tw`` -> ``press_release``, …; see :func:`canonical_kind`). Otherwise genre cues
of the text decide, never the file name: each kind has weighted cues
(``resources/metadata/kind_cues.yml``): a salutation ``各位代表：`` +
``我代表…人民政府…向大会报告`` + ``工作回顾`` make a government work report; a document number
``〔2016〕51号``, an addressee line ``各区县人民政府：``, a title ending 通知/意见/办法, ``印发``,
``附件``, ``此页无正文`` a policy;
``发稿单位``/``新闻稿``/``联络人``, an information office above it (``新闻局``) or a
government subject with a Taiwanese day
(``市政府今（15）日``) a press release; a news dateline (``新华社北京3月5日电``), ``记者``,
``本报讯``, ``编辑`` news; ``同志们``/``…上的讲话`` a speech; a meeting that ``召开``/``举行``
with ``与会``/``主办`` a conference summary. The best-scoring kind wins if it reaches the
threshold, else ``other``; ``kind_evidence`` lists the cues found (``各位代表 + 工作回顾``).

**region** (:data:`~cityreports.records.REGIONS`) - from script and usage
(``resources/patterns/metadata/kind.yml``). Hong Kong and Macao are both 特别行政区 and share
words (特区, 特区政府, 立法会, 行政长官, 特首), which never decide between the two: the text's
*special administrative region* is ``mo`` if Macao's own words (澳门, 本澳, 澳门元/澳门币, 氹仔,
路环, 路氹, 经济财政司, 社会文化司, 保安司…, 博彩) outnumber Hong Kong's own (香港, 本港,
港元, 九龙, 新界, 港府…), else ``hk`` (a Hong Kong text naming 澳门 once stays ``hk``; a text
with shared words only reads ``hk``) — unless only one of them speaks of its own place (本澳,
澳门元, 氹仔, the 司 / 本港, 港元, 港府, 九龙, 新界): a Macao release counting Hong Kong's
visitors over the bridge names 香港 more often than 澳门 and is still Macao's. The shared words
then count for that region.
Traditional script with Taiwanese usage (台湾, 台北, 民国/ROC years, 新台币, 行政院, 县市长)
is ``tw``, with Hong Kong or Macao usage (own + shared words) ``hk``/``mo``, whichever has
more cues (a tie goes to ``tw``); simplified script is ``mainland`` unless Hong Kong, Macao
or Taiwanese usage about its own place (本港, 港元; 本澳, 澳门元, 氹仔; 特区政府, 立法会; 民国,
行政院…) dominates the text (three such words, and the region's cues more than twice the
mainland's: a mainland report about Hong Kong or Macao stays ``mainland``); traditional text
with none of these reads as ``mainland`` if it names mainland institutions (国务院, 人民币,
省委, 自治区…), else ``unknown``. The cues are matched on the normalised text (traditional
paragraphs in simplified characters: 澳門 -> 澳门); the Hong Kong and Macao lists carry the
traditional forms too, for a mixed-script paragraph the normaliser leaves as written.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import yaml

from cityreports.errors import InputError
from cityreports.records import DOCUMENT_KINDS, Block, NormalizedText
from cityreports.resources import load_yaml, read_resource
from cityreports.text.lexicon import Patterns

__all__ = ["canonical_kind", "infer_kind", "infer_region"]

_CUES = "metadata/kind_cues.yml"
_HEAD, _TAIL = 12, 8  # blocks read as the head and the tail of a document
_WHERE = ("head", "tail", "title", "any")
#: Manifest or record kinds that name a kind more narrowly (gov_work_report_national).
_ALIASES = {"press_release": ("press_release", "press", "release", "新闻稿")}

#: Region cues (resources/patterns/metadata/kind.yml): tw, hk, mo (hk_own, mo_own, sar), hk_me,
#: mo_me, hk_self, mo_self, tw_self, mainland, roc_year.
_P = Patterns("metadata/kind")


@dataclass(frozen=True)
class _Cue:
    kind: str
    regex: re.Pattern[str]
    where: str
    weight: int
    count: int = 1
    #: A cheap regex that matches wherever the cue does (its ``screen`` in the cue file):
    #: a block without a match of it is not searched with the cue.
    prefilter: re.Pattern[str] | None = None

    @functools.cached_property
    def screen(self) -> re.Pattern[str] | None:
        """The regex for a search of a region's blocks joined by newlines that finds a match
        wherever a block has one (and perhaps more): the prefilter if the cue has one, else
        the cue multi-line, so that ``^``/``$`` hold at every block's edge; None for a regex
        with a negative lookaround or a string anchor, whose meaning changes at a block's
        edge."""
        if self.prefilter is not None:
            return self.prefilter
        if any(s in self.regex.pattern for s in ("(?<!", "(?!", "\\A", "\\Z", "\\B")):
            return None
        return re.compile(self.regex.pattern, self.regex.flags | re.MULTILINE)


@functools.lru_cache(maxsize=1)
def _packaged_cues() -> tuple[tuple[_Cue, ...], int]:
    """The packaged kind cues, read once per process (not once per document: 0.3 ms each)."""
    text, source, _ = read_resource(_CUES)
    return _load_cues(text, source)


@functools.lru_cache(maxsize=4)
def _load_cues(text: str, source: str) -> tuple[tuple[_Cue, ...], int]:
    try:
        data = load_yaml(text)
        cues = tuple(
            _Cue(kind, re.compile(c["cue"]), c["where"], int(c["weight"]), int(c.get("count", 1)),
                 re.compile(c["screen"]) if "screen" in c else None)
            for kind, entries in data["kinds"].items()
            for c in entries
        )
        threshold = int(data["threshold"])
    except (yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as exc:
        raise InputError(source, f"invalid kind cues: {exc}") from exc
    bad = sorted({c.kind for c in cues} - set(DOCUMENT_KINDS)) + sorted(
        {c.where for c in cues} - set(_WHERE)
    )
    if bad:
        raise InputError(source, f"unknown kind or place in kind cues: {', '.join(bad)}")
    return cues, threshold


def canonical_kind(value: str) -> str:
    """A manifest/record kind as one of :data:`DOCUMENT_KINDS` (``gov_work_report_municipal``
    -> ``gov_work_report``, ``press_release_tw`` -> ``press_release``), or "" if it names none."""
    value = value.strip().lower()
    for kind in DOCUMENT_KINDS:
        if value == kind or value.startswith(kind + "_"):
            return kind
    for kind, aliases in _ALIASES.items():
        if value in aliases:
            return kind
    return ""


def _regions(blocks: Sequence[Block]) -> dict[str, list[Block]]:
    kept = [b for b in blocks if b.role != "boilerplate"]
    return {
        "head": kept[:_HEAD],
        "tail": list(blocks[-_TAIL:]),  # contact lines of a release may read as site chrome
        # the title and subtitle (——在…会议上的发言), each without a closing bracket that names
        # its edition or period (…施政报告（节录）, …行动方案（2024—2026年）)
        "title": [replace(b, text=_without_edition(b.text)) for b in kept
                  if b.role in ("title", "subtitle")],
        "any": kept,
    }


#: Closing brackets read off a title at most (…办法（试行）（2023年修订）).
_EDITIONS = 3


def _without_edition(title: str) -> str:
    """``title`` without the brackets closing it that name its edition or period."""
    for _ in range(_EDITIONS):
        stripped = _P.title_edition.sub("", title, count=1)
        if stripped == title or not stripped:
            break
        title = stripped
    return title


def infer_kind(
    blocks: Sequence[Block], metadata: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """``(kind, evidence)`` of a document: the manifest's/record's ``kind`` if it names one,
    else the best-scoring genre cues of its blocks (see the module docstring)."""
    stated = canonical_kind((metadata or {}).get("kind", ""))
    if stated:
        fields = (metadata or {}).get("manifest_fields", "").split(",")
        return stated, f"{'manifest' if 'kind' in fields else 'record'} kind: {metadata['kind']}"
    cues, threshold = _packaged_cues()
    regions = _regions(blocks)
    stated_title = (metadata or {}).get("title", "").strip()
    if stated_title and not regions["title"]:  # a record's title field is its title
        regions["title"] = [Block(-1, "title", 0, 0, 0, 0, stated_title)]
    joined = {where: "\n".join(b.text for b in region) for where, region in regions.items()}
    scores: dict[str, int] = {}
    found: dict[str, list[tuple[int, str]]] = {}
    for cue in cues:
        if cue.screen is not None and not cue.screen.search(joined[cue.where]):
            continue  # in no block (most cues of most documents)
        hits: list[str] = []
        for block in regions[cue.where]:
            if cue.prefilter is not None and not cue.prefilter.search(block.text):
                continue
            matches = itertools.islice(cue.regex.finditer(block.text), cue.count - len(hits))
            hits += [m.group(0).strip()[:20] for m in matches]  # no more than the cue needs
            if len(hits) >= cue.count:
                scores[cue.kind] = scores.get(cue.kind, 0) + cue.weight
                label = hits[0] if cue.count == 1 else f"{hits[0]} ×{cue.count}+"
                found.setdefault(cue.kind, []).append((cue.weight, label))
                break
    best = max(DOCUMENT_KINDS, key=lambda k: (scores.get(k, 0), -DOCUMENT_KINDS.index(k)))
    if scores.get(best, 0) < threshold:
        return "other", ""
    cited = sorted(found[best], key=lambda c: -c[0])
    return best, " + ".join(dict.fromkeys(text for _, text in cited))


def infer_region(norm: NormalizedText, *, head_chars: int = 20000) -> tuple[str, str]:
    """``(region, evidence)`` from the script and usage of the first ``head_chars`` characters
    (see the module docstring)."""
    text = norm.text[:head_chars]
    # Hong Kong or Macao: what a text says of its own place (本澳, 澳门元 / 本港, 港元) decides
    # when only one of them is said; else their own words, the shared ones (立法会, 特区) never.
    mo_me, hk_me = bool(_P.mo_me.search(text)), bool(_P.hk_me.search(text))
    if mo_me != hk_me:
        sar = "mo" if mo_me else "hk"
    else:
        sar = "mo" if len(_P.mo_own.findall(text)) > len(_P.hk_own.findall(text)) else "hk"
    counted: dict[str, int] = {}

    def count(region: str) -> int:  # each region's cues counted once, and only if needed
        if region not in counted:
            counted[region] = len(getattr(_P, region).findall(text)) + (
                len(_P.roc_year.findall(text)) if region == "tw" else 0)
        return counted[region]

    if norm.script in ("traditional", "mixed"):
        script = f"{norm.script} script"
        local = max(("tw", sar), key=lambda r: (count(r), r == "tw"))
        if count(local):
            return local, f"{script} + {_top_words(getattr(_P, local), text)}"
        if count("mainland"):
            return "mainland", f"{script} + {_top_words(_P.mainland, text)}"
        return "unknown", script
    if norm.script == "none":
        return "unknown", ""
    stamp = _P.hk_release_time.search(text)
    if stamp is not None:  # a Hong Kong government release, also in its simplified edition
        return "hk", f"simplified script, but {stamp.group(0)}"
    for region in (sar, "tw"):
        own = getattr(_P, f"{region}_self")
        if len(own.findall(text)) >= 3 and count(region) > 2 * count("mainland"):
            return region, f"simplified script, but {_top_words(own, text)}"
    return "mainland", "simplified script"


def _top_words(regex: re.Pattern[str], text: str, *, top: int = 3) -> str:
    counts: dict[str, int] = {}
    for m in regex.finditer(text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return ", ".join(f"{word} ×{n}" for word, n in ranked)
