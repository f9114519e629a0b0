"""The figures' MANIFEST.csv (report/saving): written by the one CSV encoder, read back."""

from __future__ import annotations

import re

import pytest

from cityreports.report.saving import (
    MANIFEST_COLUMNS,
    figure_bytes,
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


def _svg_of_axes_at(left: float) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 3))
    ax = fig.add_axes((left, 0.1, 0.8, 0.8))
    ax.plot([0, 1, 2], [1, 3, 2], marker="o")
    ax.bar([0, 1], [1, 2], hatch="//")
    try:
        return figure_bytes(fig, "svg", metadata={"Date": None})
    finally:
        plt.close(fig)


def test_svg_bytes_do_not_depend_on_rounding_below_what_they_print():
    # the clip rectangle moves by 1e-13 of the figure: the same drawing, so the same bytes
    assert _svg_of_axes_at(0.1) == _svg_of_axes_at(0.1 + 1e-13)
    assert _svg_of_axes_at(0.1) != _svg_of_axes_at(0.2)


def test_svg_ids_are_numbered_and_every_reference_resolves():
    svg = _svg_of_axes_at(0.1).decode()
    ids = re.findall(r'id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))
    references = re.findall(r'url\(#([^)]+)\)', svg) + re.findall(r'href="#([^"]+)"', svg)
    assert references and set(references) <= set(ids)
    assert not re.search(r'id="(?:p|m|h)[0-9a-f]{10}"', svg)  # no hashed id is left
    assert "pn" in svg or "mn" in svg
