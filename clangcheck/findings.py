"""Findings: plain data that crosses from worker processes to the reporters and into the cache.

The cache stores these through `clangcheck.codec`, which checks stored values against these
field types, bounds included: a value outside them is refused, not reported.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from msgspec import Meta

from clangcheck.programs import LinkFacts

Position = Annotated[int, Meta(ge=0, le=1 << 31)]  # lines, columns and offsets as clang counts them


@dataclass(frozen=True, order=True)
class Location:
    """A point in a file: absolute path, 1-based line and column (byte column, as clang counts)."""

    file: str
    line: Position
    column: Position


@dataclass(frozen=True)
class Note:
    """One step of a finding's path: "allocated here", "this return leaves it unowned"."""

    location: Location
    message: str


@dataclass(frozen=True)
class Replacement:
    """A fix-it edit, in clang's terms: replace `length` bytes at `offset` of `file` by `text`."""

    file: str
    offset: Position
    length: Position
    text: str


@dataclass(frozen=True)
class FixIt:
    title: str
    replacements: tuple[Replacement, ...]
    safe: bool = True


@dataclass(frozen=True)
class Finding:
    """One diagnostic. The message is a template plus arguments so the fingerprint survives rewording."""

    check_id: str
    location: Location
    template: str
    args: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    fixits: tuple[FixIt, ...] = ()
    function: str = ""  # qualified name of the enclosing function, for the fingerprint
    level: Literal["warning", "error"] = "warning"  # errors: configuration and NOLINT problems
    end: Location | None = None
    promoted: bool = False  # a warning turned into an error by WarningsAsErrors
    # structured facts for rich reports (HTML): (name, JSON text) pairs, e.g. the thread contexts of a race
    properties: tuple[tuple[str, str], ...] = ()
    # where a macro's body spells the code (its `#define`): findings of one macro body are one
    macro: Location | None = None

    @property
    def message(self) -> str:
        return self.template.format(*self.args)

    def sort_key(self) -> tuple:
        return (self.location.file, self.location.line, self.location.column, self.check_id, self.message)

    def dedup_key(self) -> tuple:
        """Same check, place and text: one finding, however many TUs saw the header."""
        return (self.check_id, self.location, self.message)

    def fingerprint(self, code_line: str = "") -> str:
        """Stable across line moves: check id, template, arguments, function and the normalized code."""
        normalized = re.sub(r"\s+", " ", code_line).strip()
        text = "\0".join((self.check_id, self.template, *self.args, self.function, normalized))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class AnalysisFailure:
    """A TU that could not be analyzed: parse error, libclang crash, timeout."""

    file: str
    kind: Literal["parse-error", "crash", "timeout", "error", "not-built"]  # not-built: source is build output
    message: str


@dataclass
class UnitResult:
    """Everything one TU's worker sends back: findings, summaries, failures, parse stats."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    failures: list[AnalysisFailure] = field(default_factory=list)
    # (check id, that check's summary); the cache stores them apart, through each check's `summary_schema`
    summaries: list[tuple[str, object]] = field(default_factory=list)
    included_files: list[str] = field(default_factory=list)
    link: LinkFacts | None = None  # what it defines and uses, to partition the database into programs
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # said with --verbose (e.g. a PCH fallback)
