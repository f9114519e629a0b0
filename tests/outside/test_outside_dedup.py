"""Near-duplicates on outside-like files, read as a folder: pages of one site that share only
their chrome, and national reports of consecutive years that share only the genre's formulas,
are not grouped; a repost of the same article or report is."""

from __future__ import annotations

import opencc
import pytest

from cityreports.pipeline.corpus import parse_corpus

from ..ingest.helpers import make_html, write
from . import dedup_texts as t


def _partition(groups: dict[str, str]) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for doc_id, group in groups.items():
        members.setdefault(group, set()).add(doc_id)
    return {frozenset(m) for m in members.values() if len(m) > 1}


def _html_page(article: list[str]) -> bytes:
    return make_html(article[0], article[2:])


CORPORA = {
    "one site's pages saved as text, chrome kept": (
        {"a.txt": t.site_page(t.ARTICLE_A), "b.txt": t.site_page(t.ARTICLE_B)}, set()),
    "one site's pages as HTML": (
        {"a.html": _html_page(t.ARTICLE_A), "b.html": _html_page(t.ARTICLE_B)}, set()),
    "one site's pages, and a repost of one on another portal": (
        {"a.txt": t.site_page(t.ARTICLE_A), "b.txt": t.site_page(t.ARTICLE_B),
         "repost.txt": t.REPOST_A}, {frozenset({"a", "repost"})}),
    "national reports of consecutive years": (
        {"gwr_2022.txt": t.national_report(t.REPORT_2022_OWN),
         "gwr_2023.txt": t.national_report(t.REPORT_2023_OWN)}, set()),
    "consecutive reports, and a traditional repost of one": (
        {"gwr_2022.txt": t.national_report(t.REPORT_2022_OWN),
         "gwr_2023.txt": t.national_report(t.REPORT_2023_OWN),
         "gwr_2023_hk.txt": opencc.OpenCC("s2hk").convert(
             t.national_report(t.REPORT_2023_OWN))},
        {frozenset({"gwr_2023", "gwr_2023_hk"})}),
}  # fmt: skip


@pytest.mark.parametrize(("files", "expected"), CORPORA.values(), ids=list(CORPORA))
def test_duplicates_of_outside_files(tmp_path, files, expected):
    for name, content in files.items():
        write(tmp_path / name, content)
    corpus = parse_corpus(tmp_path)
    assert corpus.skipped == () and len(corpus.documents) == len(files)
    assert _partition(corpus.duplicate_group) == expected
    # nor are they one event (the weaker link): the pages report different things
    assert _partition(corpus.event_group) == expected


def test_the_site_chrome_outweighs_each_article():
    """The case is hard: most of each page is the shared chrome."""
    chrome = len("".join(t.SITE_HEAD + t.SITE_FOOT))
    assert all(chrome > len("".join(article)) for article in (t.ARTICLE_A, t.ARTICLE_B))


def test_the_reports_share_their_formulas():
    a = t.national_report(t.REPORT_2022_OWN)
    b = t.national_report(t.REPORT_2023_OWN)
    shared = sum(len(line) for line in set(a.splitlines()) & set(b.splitlines()))
    assert shared > 0.3 * min(len(a), len(b))
