"""The top-level API (``import cityreports as cr``): every name of ``__all__`` resolves, ``dir``
lists them, and names are imported on first use, so the command line stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cityreports as cr


@pytest.mark.parametrize("name", cr.__all__)
def test_every_public_name_resolves_and_is_listed(name):
    value = getattr(cr, name)
    assert value is not None
    assert name in dir(cr)
    if callable(value) and name != "__version__":
        assert value.__doc__, f"{name} has no docstring for help()"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = cr.nope


def test_a_lazy_name_is_the_object_of_its_module():
    from cityreports.analyses.themes import themes_by_year

    assert cr.themes_by_year is themes_by_year


@pytest.mark.parametrize(
    ("statement", "heavy"),
    [("import cityreports", ("scipy", "matplotlib", "pandas", "jieba")),
     ("import cityreports.cli", ("scipy.stats", "matplotlib", "seaborn", "statsmodels"))],
)  # fmt: skip
def test_importing_loads_no_heavy_library(statement, heavy):
    code = f"{statement}; import sys; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True).stdout.split())
    assert "cityreports" in loaded
    assert not loaded & set(heavy)
