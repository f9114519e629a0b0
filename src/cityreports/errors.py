"""Errors with one-line messages that name the file (or parameter) and the problem."""

from __future__ import annotations


class CityReportsError(Exception):
    """Base class for every error cityreports raises on purpose."""


class InputError(CityReportsError):
    """A file or record that cannot be read: empty, binary, undecodable, unknown format..."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ParameterError(CityReportsError, ValueError):
    """A bad parameter name or value given by the user."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"parameter {name!r}: {problem}")
