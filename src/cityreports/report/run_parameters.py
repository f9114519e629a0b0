"""The parameters of ``cityreports run``: each checked and normalised before any kernel starts
(a bad name or value is one ParameterError naming it), and the command line's values."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from cityreports.errors import ParameterError
from cityreports.ingest.files import check_max_bytes
from cityreports.report.style import CLAIM_SCALES, check_formats, check_lang

__all__ = ["YEAR_PARAMETERS", "YEAR_RANGE", "check_cache_dir", "check_parameters",
           "parse_parameter_values", "with_read_options"]

#: Years a report can be from (checked for ``year_min``, ``year_max`` and ``split_year``); the
#: corpus reaches back to 1978.
YEAR_RANGE = (1900, 2100)
#: Parameters that name a year (or None).
YEAR_PARAMETERS = ("year_min", "year_max", "split_year")


def _as_year(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ParameterError(name, f"must be a year like 2016 or None, got {value!r}")
    try:
        year = int(value)
    except ValueError:
        raise ParameterError(name, f"must be a year like 2016, got {value!r}") from None
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ParameterError(name, f"year {year} outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}")
    return year


def _as_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    raise ParameterError(name, f"must be true or false, got {value!r}")


def _as_existing_path(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ParameterError(name, f"must be a path, got {value!r}")
    path = Path(value)
    if not path.exists():
        raise ParameterError(name, f"path does not exist: {path}")
    return str(path.resolve())


def _as_literal(name: str, value: object, *, depth: int = 0) -> object:
    """``value`` when it is plain data papermill writes as a Python literal (str, number, bool,
    None, and lists or dicts of them), else ParameterError."""
    if depth > 20:
        raise ParameterError(name, "is nested too deeply")
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_as_literal(name, v, depth=depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _as_literal(name, v, depth=depth + 1) for k, v in value.items()}
    raise ParameterError(name, f"must be text, a number, true/false, a list or a mapping, "
                         f"got {type(value).__name__}")


def check_cache_dir(value: str | os.PathLike[str]) -> str:
    """``value`` resolved, if it is a folder or does not exist yet."""
    path = Path(value)
    if not str(value).strip():
        raise ParameterError("cache_dir", "is empty")
    if path.exists() and not path.is_dir():
        raise ParameterError("cache_dir", f"{path} exists and is not a folder")
    return str(path.resolve())


def check_parameters(
    parameters: Mapping[str, object], *, allowed: Sequence[str] | None = None
) -> dict[str, object]:
    """Validated, normalised parameters; unknown names or bad values raise ParameterError."""
    if allowed is not None:
        unknown = sorted(set(parameters) - set(allowed))
        if unknown:
            raise ParameterError(
                unknown[0], f"unknown parameter; the notebooks take {', '.join(sorted(allowed))}"
            )
    checked: dict[str, object] = {}
    for name, value in parameters.items():
        if name == "lang":
            checked[name] = check_lang(value)
        elif name == "formats":
            items = value.split(",") if isinstance(value, str) else value
            checked[name] = list(check_formats([str(i).strip() for i in items]
                                               if isinstance(items, (list, tuple)) else items))
        elif name in YEAR_PARAMETERS:
            checked[name] = _as_year(name, value)
        elif name in {"corpus", "codebook", "formulations"}:
            checked[name] = _as_existing_path(name, value)
        elif name in {"collapse_duplicates", "allow_outside"}:
            checked[name] = _as_bool(name, value)
        elif name == "max_bytes":
            checked[name] = check_max_bytes(value)
        elif name == "claims_scale":
            if value not in CLAIM_SCALES:
                raise ParameterError(name, f"must be one of {', '.join(CLAIM_SCALES)}, "
                                           f"got {value!r}")
            checked[name] = value
        else:
            checked[name] = _as_literal(name, value)
    lo, hi = checked.get("year_min"), checked.get("year_max")
    if lo is not None and hi is not None and lo > hi:
        raise ParameterError("year_min", f"year range {lo}..{hi} is empty (year_min > year_max)")
    return checked


def parse_parameter_values(pairs: Sequence[Sequence[str]]) -> dict[str, object]:
    """``[(key, text), ...]`` from the command line -> values (text read as YAML)."""
    import yaml

    values: dict[str, object] = {}
    for key, text in pairs:
        if key in values:
            raise ParameterError(key, "given twice")
        try:
            values[key] = yaml.safe_load(text) if text.strip() else text
        except yaml.YAMLError:
            values[key] = text
    return values


def with_read_options(parameters: dict[str, object], args: argparse.Namespace
                       ) -> dict[str, object]:
    """``parameters`` with ``--max-bytes`` and ``--allow-outside`` as the notebooks' parameters
    of those names (given both ways, they must agree)."""
    options = {"max_bytes": args.max_bytes, "allow_outside": True if args.allow_outside else None}
    for name, value in options.items():
        if value is None:
            continue
        if name in parameters and parameters[name] != value:
            raise ParameterError(name, "given both as an option and as a parameter")
        parameters = {**parameters, name: value}
    return parameters
