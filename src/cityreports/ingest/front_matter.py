"""YAML front matter of Markdown files: found, parsed safely, within limits.

The front matter stays in ``raw_text`` (offsets index the whole decoded file); the reader stores
where it ends in ``metadata["front_matter_end"]`` so the structure stage marks those lines as a
``front_matter`` block, and its fields (title, date, author, url, source) in ``metadata``.

A block counts as front matter when the file opens with a ``---`` line, a ``---`` or ``...``
line closes it, and its first line that is not blank or a comment reads ``key: value``: a
Markdown text between two horizontal rules is not front matter. YAML is parsed with
``yaml.safe_load`` (no Python tags run) and only when the block is at most
:data:`MAX_FRONT_MATTER_CHARS` characters with at most :data:`MAX_ALIASES` aliases (a 1.3 KB
alias bomb cannot expand to hundreds of megabytes). Invalid, oversized or alias-heavy front
matter is still front matter (its lines are marked, the body is read) and the problem is
reported in :attr:`FrontMatter.problem`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

__all__ = ["MAX_ALIASES", "MAX_FRONT_MATTER_CHARS", "FrontMatter", "find_front_matter",
           "front_matter_end"]

#: Longest front matter (in characters between the ``---`` lines) that is parsed.
MAX_FRONT_MATTER_CHARS = 65_536
#: Most YAML aliases (``*name``) a parsed front matter may use; real front matter uses none.
MAX_ALIASES = 8

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
# The first line that is neither blank nor a comment: a YAML key and a half-width colon followed
# by a space or the line end (``title: 智慧城市``), not a sentence with a full-width colon.
_FIRST_LINE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*[^\s:#\-][^:\n]{0,80}:(?:[ \t]|\r?\n)")


@dataclass(frozen=True)
class FrontMatter:
    """Where a front matter ends (0: none), its fields, and why it was not parsed ("")."""

    end: int = 0
    fields: Mapping[str, object] = field(default_factory=dict)
    problem: str = ""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160]


#: Deepest nesting of YAML flow collections ([ and {) parsed; deeper is refused unparsed, since
#: PyYAML's pure-Python scanner takes time quadratic in the nesting depth.
MAX_FLOW_DEPTH = 64


def _flow_depth(block: str) -> int:
    """Deepest nesting of ``[``/``{`` in ``block`` (an upper bound: quotes are not skipped)."""
    depth = deepest = 0
    for ch in block:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _alias_count(block: str) -> int:
    """Number of alias events in ``block``, counting stops after :data:`MAX_ALIASES` + 1."""
    count = 0
    for event in yaml.parse(block, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > MAX_ALIASES:
                break
    return count


def _parse(block: str) -> tuple[Mapping[str, object], str]:
    """``(fields, problem)`` of a front-matter block."""
    if len(block) > MAX_FRONT_MATTER_CHARS:
        return {}, (
            f"front matter longer than {MAX_FRONT_MATTER_CHARS:,} characters ({len(block):,}), "
            "not parsed"
        )
    if _flow_depth(block) > MAX_FLOW_DEPTH:
        return {}, "invalid YAML front matter: nested too deeply"
    try:
        if _alias_count(block) > MAX_ALIASES:
            return {}, f"front matter uses more than {MAX_ALIASES} YAML aliases, not parsed"
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        return {}, f"invalid YAML front matter: {_one_line(exc)}"
    except RecursionError:
        return {}, "invalid YAML front matter: nested too deeply"
    if data is None:
        return {}, ""
    if not isinstance(data, dict):
        return {}, f"front matter is not a YAML mapping ({type(data).__name__})"
    return data, ""


def find_front_matter(text: str) -> FrontMatter:
    """The YAML front matter at the start of ``text`` (``end == 0`` when there is none)."""
    opening = _OPEN.match(text)
    if opening is None:
        return FrontMatter()
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        return FrontMatter()
    block = text[opening.end() : closing.start()]
    if block.strip() and not _FIRST_LINE.match(block):
        return FrontMatter()  # a text between two horizontal rules
    fields, problem = _parse(block)
    return FrontMatter(closing.end(), fields, problem)


def front_matter_end(metadata: Mapping[str, str]) -> int:
    """The raw offset where a document's front matter ends (``metadata["front_matter_end"]``,
    set by the reader), or 0."""
    value = str(metadata.get("front_matter_end", "") or "")
    return int(value) if value.isdigit() else 0
