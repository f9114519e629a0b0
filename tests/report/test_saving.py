"""The figures' MANIFEST.csv (report/saving): written by the one CSV encoder, read back."""

from __future__ import annotations

import pytest

from cityreports.report.saving import (
    MANIFEST_COLUMNS,
    manifest_text,
    read_manifest,
    update_manifest,
)


def _row(file: str, caption: str) -> dict[str, str]:
    return {"file": file, "caption": caption, "source": "02_themes", "corpus_sha256": "ab",
            "parameters": '{"lang": "en"}', "sha256": "cd"}


@pytest.mark.parametrize("caption", ["=HYPERLINK(\"x\")", "+1", "-a", "@SUM", "'quoted", "主题"])
def test_a_caption_round_trips_and_never_starts_a_formula(tmp_path, caption):
    path = tmp_path / "MANIFEST.csv"
    update_manifest(path, [_row("a.pdf", caption)])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(MANIFEST_COLUMNS)
    assert not lines[1].split(",")[1].startswith(("=", "+", "-", "@"))
    assert read_manifest(path)[0]["caption"] == caption


def test_rows_are_sorted_by_file_and_a_row_replaces_the_one_for_its_file(tmp_path):
    path = tmp_path / "MANIFEST.csv"
    update_manifest(path, [_row("b.pdf", "B"), _row("a.pdf", "A")])
    update_manifest(path, [_row("b.pdf", "B2")])
    assert [(r["file"], r["caption"]) for r in read_manifest(path)] == [("a.pdf", "A"),
                                                                        ("b.pdf", "B2")]
    assert manifest_text(read_manifest(path)) == path.read_text(encoding="utf-8")
