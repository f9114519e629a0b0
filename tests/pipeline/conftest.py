"""The ``sabotaged`` fixture: a stage that raises or hangs on chosen documents."""

from __future__ import annotations

import pytest

from .hostile import sabotage


@pytest.fixture
def sabotaged(monkeypatch):
    """See :func:`.hostile.sabotage`."""
    return sabotage(monkeypatch)
