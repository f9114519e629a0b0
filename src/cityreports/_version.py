"""The installed package's version (one place; ``cityreports.__version__`` re-exports it)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cityreports")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"
