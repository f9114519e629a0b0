"""Patterns of a document's head that the structure stage reads: export and site chrome,
release headers, decree numbers, a speech's dateline, a newspaper kicker, table cells.

They are plain compiled patterns (no rules): :mod:`cityreports.text.structure` decides roles.
The regexes and their word lists are in ``resources/patterns/text/heads.yml``: ``HEADS.kicker``,
``HEADS.export_chrome``, ….
"""

from __future__ import annotations

from cityreports.text.lexicon import Patterns

__all__ = ["HEADS"]

#: Head patterns: field labels, export chrome, release offices, decree numbers and heads,
#: speech datelines, URLs, kickers and title noise (resources/patterns/text/heads.yml).
HEADS = Patterns("text/heads")
