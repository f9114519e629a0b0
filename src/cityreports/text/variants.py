"""Taiwan and Hong Kong forms of simplified codebook terms, as they read in normalised text.

Taiwan and Hong Kong reports say 人工智慧, 數位轉型, 資訊安全, 網路安全 where mainland reports say
人工智能, 数字化转型, 信息安全, 网络安全. Character conversion alone (what the normaliser does to
traditional paragraphs: 數位轉型 -> 数位转型) does not turn one usage into the other, so a
codebook of mainland terms undercounts traditional texts.

:func:`regional_variants` generates, for each term, its regional forms *in the shape the
matcher sees them*: the term is converted with OpenCC's phrase-level ``s2twp`` (Taiwan, with
Taiwan phrases) and ``s2hk`` (Hong Kong), also after the rules of
``resources/codebooks/regional_usage.tsv`` (usage OpenCC's tables lack, such as 数字 -> 数位),
and the result is converted to simplified characters as the normaliser converts a traditional
paragraph (OpenCC ``t2s``, or ``hk2s`` for Hong Kong character variants, keeping the length).
The codebook files store the output as explicit ``variants`` so that what is counted stays
written down and citable; a test checks that they are up to date.

Macao (region ``mo``) has no forms of its own here: OpenCC has no Macao configuration, and
Macao reports write the Hong Kong forms (數碼, 資訊科技) or the mainland ones (數字化, 人工智能,
電子政務, which normalise to the terms themselves). Every document is matched with all the
variants whatever its region, so a Macao text is counted with the Hong Kong and Taiwan forms.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from cityreports.errors import InputError
from cityreports.resources import load_yaml, read_resource
from cityreports.text.terms import term_key

__all__ = ["REGIONS", "load_regional_usage", "regional_variants"]

#: Regions and the OpenCC configuration that writes a simplified term in their usage.
REGIONS = {"tw": "s2twp", "hk": "s2hk"}
USAGE_FILE = "codebooks/regional_usage.tsv"


@functools.cache
def _opencc(config: str):
    import opencc  # heavy optional-style dependency: loaded on first use, not at import

    return opencc.OpenCC(config)


#: Traditional -> simplified conversions the normaliser applies to traditional paragraphs.
NORMALISER_CONFIGS = ("t2s", "hk2s")


def as_normalised(text: str, config: str) -> str:
    """``text`` converted with OpenCC ``config`` keeping its length, as the normaliser does
    (character by character where a phrase conversion would change the length)."""
    out = _opencc(config).convert(text)
    if len(out) == len(text):
        return out
    return "".join(o if len(o := _opencc(config).convert(c)) == 1 else c for c in text)


def load_regional_usage(path=None) -> dict[str, tuple[tuple[str, str], ...]]:
    """``{region: ((mainland, regional), ...)}`` from ``regional_usage.tsv`` (or ``path``);
    region ``reject`` lists ``(in term, in form)`` pairs whose generated forms are dropped."""
    text, source, _ = read_resource(USAGE_FILE, path)
    return _parse_usage(text, source)


@functools.lru_cache(maxsize=8)
def _parse_usage(text: str, source: str) -> dict[str, tuple[tuple[str, str], ...]]:
    rules: dict[str, list[tuple[str, str]]] = {region: [] for region in (*REGIONS, "reject")}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or not parts[1].strip() or not parts[2].strip():
            raise InputError(source, f"line {number}: expected region, mainland, regional form")
        region = parts[0].strip()
        if region not in rules:
            raise InputError(source, f"line {number}: unknown region {region!r}")
        rules[region].append((parts[1].strip(), parts[2].strip()))
    return {region: tuple(pairs) for region, pairs in rules.items()}


def _rewrite(term: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``term`` with the rules applied, longest mainland form first, never overlapping."""
    if not pairs:
        return term
    table = dict(pairs)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=lambda k: (-len(k), k))))
    return pattern.sub(lambda m: table[m.group()], term)


def term_variants(term: str, *, usage: dict | None = None) -> tuple[str, ...]:
    """The regional forms of one simplified ``term`` as normalised text, sorted, without it."""
    rules = load_regional_usage() if usage is None else usage
    found = set()
    for region, config in REGIONS.items():
        for source in {term, _rewrite(term, rules.get(region, ()))}:
            regional = _opencc(config).convert(source)
            found.update(as_normalised(regional, back) for back in NORMALISER_CONFIGS)
    found.discard(term)
    rejected = rules.get("reject", ())
    return tuple(sorted(
        v for v in found
        if v and not any(ch.isspace() for ch in v)
        and not any(a in term and b in v for a, b in rejected)
    ))


def regional_variants(
    entries: Mapping[str, Sequence[str]], *, usage: dict | None = None
) -> dict[str, dict[str, str]]:
    """``{entry: {variant: term}}`` for the surfaces (terms and exclusions) of each entry.

    A form that is already a surface of the codebook is left out (it is matched already), and
    so is a form two different terms share (it cannot stand for one of them).
    """
    known = {term_key(s) for surfaces in entries.values() for s in surfaces}
    found: dict[str, set[tuple[str, str]]] = {}
    for ident, surfaces in entries.items():
        for term in surfaces:
            for variant in term_variants(term, usage=usage):
                if term_key(variant) not in known:
                    found.setdefault(variant, set()).add((ident, term))
    out: dict[str, dict[str, str]] = {ident: {} for ident in entries}
    for variant, owners in sorted(found.items()):
        if len({term for _, term in owners}) == 1:
            for ident, term in sorted(owners):
                out[ident][variant] = term
    return out


# --------------------------------------------------------------------------- codebook files
_ENTRY = re.compile(r"^  - id:\s*(\S+)")
_FIELD = re.compile(r"^    [a-z_]+:")


def _variants_lines(variants: Mapping[str, str], width: int = 100) -> list[str]:
    head = "    variants: {"
    items = [f"{v}: {t}" for v, t in sorted(variants.items())]
    lines, line = [], head
    for i, item in enumerate(items):
        piece = item + ("}" if i == len(items) - 1 else ",")
        if line not in (head, " " * len(head)) and _width(line) + 1 + _width(piece) > width:
            lines.append(line)
            line = " " * len(head)
        line += ("" if line in (head, " " * len(head)) else " ") + piece
    lines.append(line)
    return lines


def _width(text: str) -> int:
    """Display width (a CJK character is two columns), for wrapping lines as editors do."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def write_variants(yaml_text: str, variants: Mapping[str, Mapping[str, str]]) -> str:
    """The codebook file ``yaml_text`` with each entry's ``variants`` field (re)written.

    Works on the text, so comments and layout are kept: an entry's old ``variants`` lines
    are removed and the new ones are put after its last field.
    """
    lines = yaml_text.split("\n")
    out: list[str] = []
    current: str | None = None
    skipping = False

    def close() -> None:
        if current is not None and variants.get(current):
            # after the entry's last field, before blank and comment lines that follow it
            keep = len(out)
            while keep and (not out[keep - 1].strip() or out[keep - 1].lstrip().startswith("#")):
                keep -= 1
            out[keep:keep] = _variants_lines(variants[current])

    for line in lines:
        match = _ENTRY.match(line)
        ends_list = bool(line) and not line.startswith(" ") and not line.startswith("#")
        if match or ends_list:
            close()
            current = match.group(1) if match else None
            skipping = False
        elif line.startswith("    variants:"):
            skipping = True
            continue
        elif skipping and line.startswith("     ") and not _FIELD.match(line):
            continue
        else:
            skipping = False
        out.append(line)
    close()
    return "\n".join(out)


def book_entries(data: Mapping) -> dict[str, list[str]]:
    """``{id: terms + exclude}`` of a codebook file's parsed YAML (themes or formulations)."""
    items = data.get("themes") or data.get("formulations") or []
    return {str(e["id"]): [*map(str, e.get("terms") or []), *map(str, e.get("exclude") or [])]
            for e in items}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cityreports.text.variants FILE.yml ...``: rewrite the files' variants."""
    for name in argv if argv is not None else sys.argv[1:]:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        variants = regional_variants(book_entries(load_yaml(text)))
        path.write_text(write_variants(text, variants), encoding="utf-8")
        print(f"{path}: {sum(map(len, variants.values()))} variants")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
