"""clangcheck-ownership-*: heap objects and handles that nobody owns on some path.

The analysis (ownership graph per function, path query over the CFG, allocator summaries) lives in
`clangcheck/model/ownership.py`; these checks only select and word its results.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from clangcheck.check import Check, Option
from clangcheck.findings import Finding, Location, Note
from clangcheck.model import ownership
from clangcheck.model.ownership_fixits import smart_pointer_fix
from clangcheck.model.types import UnitModel

_KNOWLEDGE = Option("KnowledgeFiles", "", list, "extra ownership knowledge YAML files, ';'-separated")


def _analysis(check: Check, unit: UnitModel, report_exceptions: bool = False) -> ownership.UnitOwnership:
    return ownership.analyze(unit, tuple(check.option("KnowledgeFiles")), report_exceptions)


def _notes(steps) -> tuple[Note, ...]:
    return tuple(Note(s.location, s.message) for s in steps)


@dataclass
class MemberFacts:
    """What one TU says about raw pointer members: the summary `MemberNotReleased` links."""

    # (class, field USR, field name, where, allocation text): a member given a fresh allocation
    allocs: list[tuple[str, str, str, Location, str]] = field(default_factory=list)
    owned: list[str] = field(default_factory=list)  # fields some owner (smart pointer, parent) holds
    released: dict[str, list[str]] = field(default_factory=dict)  # method USR -> fields it releases
    calls: dict[str, list[str]] = field(default_factory=dict)  # method USR -> methods it calls on this
    dtors: dict[str, tuple[str, Location]] = field(default_factory=dict)  # class -> destructor USR, where
    classes: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # class -> (declares a dtor, in project)


class Leak(Check):
    """An allocation or handle that reaches an exit unowned (docs/checks/clangcheck-ownership-leak.md)."""

    id = "clangcheck-ownership-leak"
    summary = "heap object or handle has no owner and leaks on some path"
    tags = ("reliability", "CWE-401", "CWE-775")
    options = (
        Option("ReportExceptionPaths", "false", bool, "also follow exceptions thrown by calls not known noexcept"),
        _KNOWLEDGE,
    )

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        result = _analysis(self, unit, self.option("ReportExceptionPaths"))
        for fo in result.functions:
            for leak in fo.leaks:
                if leak.kind == "never" and not leak.variable:
                    yield Finding(self.id, leak.location, "the result of '{}' is never released", (leak.site.text,),
                                  function=leak.function, end=_site_end(leak))
                elif leak.kind == "never":
                    yield Finding(self.id, leak.location, "'{}' allocated by '{}' is never released",
                                  (leak.variable, leak.site.text), function=leak.function, end=_site_end(leak))
                elif leak.kind == "path":
                    shown = leak.variable or leak.site.text
                    fix = smart_pointer_fix(unit, fo.function, fo.graph, leak.site.id) if leak.variable else None
                    yield Finding(self.id, leak.location, "potential leak of '{}' allocated by '{}'",
                                  (shown, leak.site.text), _notes(leak.steps), fixits=(fix,) if fix else (),
                                  function=leak.function, end=_site_end(leak))


def _site_end(leak) -> Location | None:
    """A leak reported at its allocation covers the whole allocating expression."""
    return leak.site.end if leak.location == leak.site.location else None


class Overwrite(Check):
    """The only pointer to an unreleased allocation is reassigned (docs/checks/clangcheck-ownership-overwrite.md)."""

    id = "clangcheck-ownership-overwrite"
    summary = "pointer overwritten while it owns the only reference to an allocation"
    tags = ("reliability", "CWE-401")
    options = (_KNOWLEDGE,)

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        for fo in _analysis(self, unit).functions:
            for leak in fo.leaks:
                if leak.kind == "overwrite":
                    yield Finding(self.id, leak.location, "'{}' is overwritten while it owns memory allocated by '{}'",
                                  (leak.variable, leak.site.text), _notes(leak.steps), function=leak.function)
                elif leak.kind == "realloc":
                    yield Finding(self.id, leak.location, "'{}' is overwritten by the result of 'realloc'; "
                                  "the original block leaks if it fails", (leak.variable,), _notes(leak.steps),
                                  function=leak.function)


class MismatchedRelease(Check):
    """new[] released by delete, new by delete[] or free, malloc by delete, a descriptor by fclose and
    a FILE* by close (docs/checks/clangcheck-ownership-mismatched-release.md)."""

    id = "clangcheck-ownership-mismatched-release"
    summary = "memory or a handle released with a function that does not match its allocation"
    tags = ("reliability", "CWE-762", "CWE-404")
    options = (_KNOWLEDGE,)

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        for fo in _analysis(self, unit).functions:
            for m in fo.mismatches:
                yield Finding(self.id, m.location, "'{}' allocated by '{}' is released with '{}'",
                              (m.variable, m.site.text.split(" ")[0] + ("[]" if m.site.family == "new[]" else ""),
                               m.release), (Note(m.site.location, "allocated here"),), function=m.function)


class MemberNotReleased(Check):
    """A raw owning field that the destructor never releases (docs/checks/clangcheck-ownership-member-not-released.md)."""

    id = "clangcheck-ownership-member-not-released"
    summary = "raw pointer member owns an allocation the destructor does not release"
    tags = ("reliability", "CWE-401")
    options = (_KNOWLEDGE,)
    summary_schema = MemberFacts

    def summarize(self, unit: UnitModel) -> MemberFacts:
        """Per class: fields given fresh allocations, what each method releases, destructors seen."""
        result = _analysis(self, unit)
        allocs = []
        for fn, target, site in result.field_sites:
            if site.parented or not fn.class_name or not target.type.rstrip().endswith("*"):
                continue
            allocs.append((fn.class_name, target.usr, target.name, site.location, site.text))
        calls = {fn.usr: sorted({c.callee.usr for c in fn.calls if c.receiver is not None and c.receiver.kind == "this"})
                 for fn in unit.functions if fn.class_name}
        classes = {name: (info.declares_destructor, info.location.file in unit.source_lines)
                   for name, info in unit.classes.items()}
        return MemberFacts(
            allocs=allocs,
            owned=sorted(result.owned_fields),
            released={usr: sorted(fields) for usr, fields in result.released_fields.items() if fields},
            calls=calls,
            dtors={fn.class_name: (fn.usr, fn.location) for fn in unit.functions if fn.kind == "destructor"},
            classes=classes,
        )

    def link(self, summaries: Iterable[MemberFacts | None]) -> Iterator[Finding]:
        allocs: dict[tuple[str, str], list] = {}
        owned: set[str] = set()
        released: dict[str, set[str]] = {}
        calls: dict[str, set[str]] = {}
        dtors: dict[str, tuple[str, Location]] = {}
        classes: dict[str, tuple[bool, bool]] = {}
        for s in summaries:
            if not s:
                continue
            for cls, usr, name, loc, text in s.allocs:
                allocs.setdefault((cls, usr), []).append((loc, name, text))
            owned.update(s.owned)
            for usr, fields in s.released.items():
                released.setdefault(usr, set()).update(fields)
            for usr, callees in s.calls.items():
                calls.setdefault(usr, set()).update(callees)
            dtors.update(s.dtors)
            for cls, (declares, in_project) in s.classes.items():
                old = classes.get(cls, (False, False))
                classes[cls] = (old[0] or declares, old[1] or in_project)
        for (cls, usr), sites in sorted(allocs.items(), key=lambda kv: min(kv[1])):
            if usr in owned:
                continue
            dtor = dtors.get(cls)
            declares, in_project = classes.get(cls, (True, False))
            if dtor is None and (declares or not in_project):
                continue  # the destructor is in a TU we did not see: stay silent
            if dtor is not None and usr in self._released_by(dtor[0], released, calls):
                continue
            loc, name, text = min(sites)
            short = cls.rsplit("::", 1)[-1]
            notes = [Note(loc, "allocated here")]
            if dtor is not None:
                notes.append(Note(dtor[1], f"'~{short}' does not release '{name}'"))
            yield Finding(self.id, loc, "member '{}' owns memory allocated by '{}' that '~{}' never releases",
                          (name, text, short), tuple(notes), function=cls)

    @staticmethod
    def _released_by(start: str, released: dict[str, set[str]], calls: dict[str, set[str]]) -> set[str]:
        """Fields released by the destructor or by the methods it calls on `this`, transitively."""
        out: set[str] = set()
        seen, todo = {start}, [start]
        while todo:
            usr = todo.pop()
            out |= released.get(usr, set())
            for callee in calls.get(usr, ()):
                if callee not in seen:
                    seen.add(callee)
                    todo.append(callee)
        return out


CHECKS = (Leak, MemberNotReleased, MismatchedRelease, Overwrite)
