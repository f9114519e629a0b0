"""Tests for cityreports.metadata.spans: a block's raw surface text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cityreports.metadata.spans import surface
from cityreports.pipeline.parse import parse_document
from cityreports.records import RawDocument


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("关于推进智慧城市\n建设的通知", "关于推进智慧城市建设的通知"),  # a title over two lines
        # spaces at a break go with it
        ("关于推进智慧城市 \u3000\r\n\t 建设的通知", "关于推进智慧城市建设的通知"),
        ("智慧城市  建设方案", "智慧城市  建设方案"),  # spaces inside a line stay
        ("智慧城市" + " " * 50_000 + "建设方案", "智慧城市" + " " * 50_000 + "建设方案"),
    ],
)
def test_surface_joins_lines_and_keeps_spaces_inside_them(raw, expected):
    doc = parse_document(RawDocument("d", "d.txt", "txt", "utf-8", "0", raw + "\n"),
                         claims=False)
    block = replace(doc.blocks[0], norm_start=0, text=doc.norm.text.rstrip("\n"))
    assert surface(doc.raw, doc.norm, block) == expected
