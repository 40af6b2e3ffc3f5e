"""The check API: a check is a small class with metadata that asks questions of the unit model.

Per-TU checks implement `run`. Checks that need the whole program (a class's destructor in
another file, a thread started in one TU and its data written in another) also implement
`summarize` (runs in the worker, returns plain data) and `link` (runs once, over the summaries
of every TU). Their `summary_schema` names the summary's type (a dataclass of plain fields,
`clangcheck.codec`): the cache and shard summary files store summaries through it, and a check
without one still runs but its TUs are not cached and cannot be sharded.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, Iterator

from clangcheck.findings import Finding
from clangcheck.model.types import UnitModel


@dataclass(frozen=True)
class Option:
    """A check option, read from `CheckOptions` as `<check-id>.<name>`."""

    name: str
    default: str
    kind: type = str  # str, int, bool, or list (a ';'-separated list, as clang-tidy spells them)
    help: str = ""


class Check:
    id: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[str] = "warning"  # SARIF level
    tags: ClassVar[tuple[str, ...]] = ()  # 'reliability', 'security', 'CWE-401'
    precision: ClassVar[str] = "high"  # SARIF properties.precision
    maturity: ClassVar[str] = "stable"  # 'stable' or 'experimental' (opt-in: only enabled when named)
    since: ClassVar[str] = "0.1.0"
    options: ClassVar[tuple[Option, ...]] = ()
    summary_schema: ClassVar[Any] = None  # the type `summarize` returns (may also return None)

    def __init__(self, values: dict[str, str] | None = None):
        """Option values come already looked up by the engine; malformed ones fall back to the default."""
        self.problems: list[str] = []
        self.values: dict[str, Any] = {}
        values = values or {}
        for opt in self.options:
            raw = values.get(opt.name, opt.default)
            try:
                self.values[opt.name] = _convert(raw, opt.kind)
            except ValueError:
                self.problems.append(f"invalid value '{raw}' for option '{self.id}.{opt.name}'; using default '{opt.default}'")
                self.values[opt.name] = _convert(opt.default, opt.kind)

    def option(self, name: str) -> Any:
        return self.values[name]

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        return iter(())

    # Whole-program checks override both.
    def summarize(self, unit: UnitModel) -> Any:
        return None

    def link(self, summaries: Iterable[Any]) -> Iterator[Finding]:
        return iter(())

    def describe_program(self, summaries: list[Any], program: str = "") -> tuple[str, str]:
        """After `link`: one fact about the program for `--verbose` ('' for none), and a notice every
        user must read ('' for none), e.g. that a check found nothing it could work on. A notice
        that names the program is a template of `{programs}`, `{s}` and `{it}`: the programs it
        holds for are said in one line ("program tool locks …", "programs a, b and 3 more lock …")."""
        return "", ""

    @classmethod
    def is_global(cls) -> bool:
        return cls.link is not Check.link


def _convert(raw: str, kind: type) -> Any:
    if kind is bool:
        lowered = str(raw).strip().lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
        raise ValueError(raw)
    if kind is int:
        return int(raw)
    if kind is list:
        return [item.strip() for item in str(raw).split(";") if item.strip()]
    return str(raw)
