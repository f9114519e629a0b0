"""Fixtures of the text tests."""

from __future__ import annotations

import pytest

from cityreports.text.tokens import jieba_cache_dir


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A fresh private cache folder (``$XDG_CACHE_HOME``) for jieba and the segmenter."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    jieba_cache_dir.cache_clear()
    yield tmp_path / "home-cache"
    jieba_cache_dir.cache_clear()
