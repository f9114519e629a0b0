"""The installed package's version (one place; ``cityreports.__version__`` re-exports it).

Looked up on first use, not at import: ``importlib.metadata`` and the lookup cost about 45 ms,
which every ``cityreports extract`` process (and each of its workers) paid before.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["package_version"]  # and __version__, through __getattr__


@lru_cache(maxsize=1)
def package_version() -> str:
    """The version of the installed distribution, or ``0.0.0+unknown`` in a source tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cityreports")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return package_version()
    raise AttributeError(f"module 'cityreports._version' has no attribute {name!r}")
