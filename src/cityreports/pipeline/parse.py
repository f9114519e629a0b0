"""Parse one document: raw file -> normalised text -> blocks and sentences -> metadata, and on
request tokens, claims and enumerations and the dedup fingerprint.

:func:`parse_isolated` parses a document so that nothing it holds can stop a run: an exception
in any stage, or a document that takes longer than its time limit, becomes a one-line
:class:`~cityreports.records.Skipped` naming the file (and record), the stage and the reason.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cityreports.dedup.fingerprints import document_fingerprint
from cityreports.errors import ParameterError
from cityreports.ingest.front_matter import front_matter_end
from cityreports.metadata.extract import extract_metadata
from cityreports.quant.claims import claims_and_diagnostics
from cityreports.quant.enumerations import find_enumerations
from cityreports.records import ParsedDocument, RawDocument, Skipped
from cityreports.text.normalize import normalize
from cityreports.text.structure import segment_blocks, split_sentences
from cityreports.text.tokens import Segmenter

#: Seconds one document may take by default (every stage included) before it is skipped.
DEFAULT_TIME_LIMIT = 60.0

#: Longest reason kept from an exception message (skip reasons stay one short line).
REASON_LENGTH = 200

#: Formats that hold several records, whose doc_ids end in ``#<record number>``.
RECORD_FORMATS = frozenset({"json", "jsonl", "csv"})


@dataclass(frozen=True)
class ParseOptions:
    """What :func:`parse_isolated` does beyond normalising, structuring and reading metadata.

    ``time_limit`` is in seconds (None: no limit); ``fingerprint`` computes the
    :func:`~cityreports.dedup.groups.document_fingerprint` where the document is parsed.
    """

    segment: bool = False
    claims: bool = False
    fingerprint: bool = False
    time_limit: float | None = DEFAULT_TIME_LIMIT


@dataclass(frozen=True, eq=False)
class DocumentResult:
    """A parsed document with its fingerprint, or why it was skipped."""

    doc: ParsedDocument | None = None
    fingerprint: object | None = None
    skipped: Skipped | None = None


class TimeLimitExceeded(BaseException):  # noqa: N818 - not an error of the document's making
    """Raised inside a document's parse when its time is up.

    A BaseException, so that no ``except Exception`` in a stage can swallow it.
    """


def check_time_limit(seconds: float | None) -> float | None:
    """``seconds`` as a float, or None for no limit (None or 0); anything else raises."""
    if seconds is None or seconds == 0:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise ParameterError("time_limit", f"must be a number of seconds, got {seconds!r}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ParameterError("time_limit", f"must be >= 0 seconds (0: no limit), got {seconds}")
    return float(seconds)


def parse_document(
    raw: RawDocument, *, segmenter: Segmenter | None = None, claims: bool = False
) -> ParsedDocument:
    """Normalise one document, cut it into blocks and sentences and read its metadata.

    With a ``segmenter``, the tokens of every sentence are kept too (``ParsedDocument.tokens``);
    with ``claims``, its claims, enumerations and claim diagnostics (``ParsedDocument.claims``,
    ``.enumerations``, ``.claim_diagnostics``).
    Exceptions propagate; :func:`parse_isolated` turns them into skips.
    """
    return _parse(raw, segmenter=segmenter, claims=claims, stages=[])


def _parse(
    raw: RawDocument, *, segmenter: Segmenter | None, claims: bool, stages: list[str]
) -> ParsedDocument:
    """:func:`parse_document`, appending the name of each stage to ``stages`` as it starts."""
    stages.append("normalise")
    norm = normalize(raw.raw_text)
    stages.append("structure")
    blocks = segment_blocks(norm, front_matter_end=front_matter_end(raw.metadata))
    sentences = split_sentences(norm, blocks)
    stages.append("metadata")
    meta = extract_metadata(raw, norm, blocks)
    tokens: tuple[tuple[str, ...], ...] = ()
    if segmenter is not None:
        stages.append("tokens")
        tokens = tuple(tuple(segmenter.tokens(s.text)) for s in sentences)
    doc = ParsedDocument(
        raw=raw, norm=norm, blocks=blocks, sentences=sentences, meta=meta, tokens=tokens
    )
    if not claims:
        return doc
    stages.append("claims")
    found, diagnostics = map(tuple, claims_and_diagnostics(doc))
    stages.append("enumerations")
    enumerations = tuple(find_enumerations(doc))
    return ParsedDocument(
        raw=raw, norm=norm, blocks=blocks, sentences=sentences, meta=meta, tokens=tokens,
        claims=found, enumerations=enumerations, claim_diagnostics=diagnostics,
    )


def document_location(raw: RawDocument) -> str:
    """The file of ``raw``, with ``#<n>`` for record ``n`` of a multi-record file."""
    _, sep, record = raw.doc_id.rpartition("#")
    if sep and record.isdigit() and raw.format in RECORD_FORMATS:
        return f"{raw.path}#{record}"
    return raw.path


def one_line(text: str, *, limit: int = REASON_LENGTH) -> str:
    """``text`` on one line (control characters as spaces), at most ``limit`` characters."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def time_limit_reason(seconds: float) -> str:
    """Skip reason of a document over its time limit."""
    return f"time limit ({seconds:g} s) exceeded"


def failure_reason(stage: str, exc: BaseException) -> str:
    """Skip reason of a document whose ``stage`` raised ``exc``: one line."""
    message = one_line(str(exc))
    return f"{stage} failed: {type(exc).__name__}" + (f": {message}" if message else "")


def can_interrupt_here() -> bool:
    """Whether :func:`deadline` can interrupt work in this thread (SIGALRM, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the ``with`` block after ``seconds``.

    A real-time interval timer (SIGALRM) interrupts Python code, including a long regular
    expression match. Only in the main thread (see :func:`can_interrupt_here`); elsewhere, and
    with ``seconds=None``, the block runs without a limit.
    """
    if seconds is None or not can_interrupt_here():
        yield
        return
    armed = True

    def on_alarm(signum, frame) -> None:
        if armed:
            raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False  # an alarm from here on is too late to matter
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_isolated(
    raw: RawDocument, *, segmenter: Segmenter | None, options: ParseOptions
) -> DocumentResult:
    """Parse ``raw`` (see :func:`parse_document`); any failure becomes a skip.

    ``segmenter`` is used when ``options.segment`` is set. An exception in a stage becomes
    ``"<stage> failed: <Error>: <message>"``; a parse over ``options.time_limit`` seconds
    becomes ``"time limit (60 s) exceeded during <stage>"``.
    """
    stages: list[str] = []
    try:
        with deadline(options.time_limit):
            doc = _parse(raw, segmenter=segmenter if options.segment else None,
                         claims=options.claims, stages=stages)
            fingerprint = None
            if options.fingerprint:
                stages.append("fingerprint")
                fingerprint = document_fingerprint(doc)
    except TimeLimitExceeded:
        reason = time_limit_reason(options.time_limit or 0.0)
        if stages:
            reason += f" during {stages[-1]}"
        return DocumentResult(skipped=Skipped(document_location(raw), reason))
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the run
        stage = stages[-1] if stages else "parse"
        return DocumentResult(skipped=Skipped(document_location(raw), failure_reason(stage, exc)))
    return DocumentResult(doc=doc, fingerprint=fingerprint)


#: Skip reasons that depend on the machine rather than the document (a parse that was cut
#: short): a corpus with such a skip is not cached.
TRANSIENT_REASONS = ("time limit (", "worker process ")


def is_transient(skipped: Skipped) -> bool:
    """Whether ``skipped`` may parse on another run (time limit, a worker that died)."""
    return skipped.reason.startswith(TRANSIENT_REASONS)
