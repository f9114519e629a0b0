"""cityreports: themes, rhetoric shifts and quantitative claims in Chinese smart-city reports.

Importing the package does no work; the pipeline stages live in their own modules
(``io`` -> ``normalize`` -> ``structure``/``metadata`` -> ``tokens`` -> analyses).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cityreports")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
