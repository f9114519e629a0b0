"""Helpers shared by the ingest tests: write a file (text or bytes) under a temporary folder."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, content: str | bytes, *, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path
