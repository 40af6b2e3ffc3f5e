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


@dataclass
class DeferredFinding:
    """A finding that holds when the callees in other TUs take the pointer exactly as in one of `masks`
    (bit b: `keys[b]` takes it); the link reads their summaries."""

    finding: Finding
    keys: list[str]
    masks: list[int]
    source: str = ""  # and only if this callee ('usr#ret', 'usr#out<i>') hands out a fresh object


@dataclass
class PendingRelease:
    """An allocation handed to callees in other TUs; their releases are compared with `family` at link time."""

    family: str
    text: str  # 'new[]', 'malloc'
    variable: str
    allocated: Location
    call: Location
    keys: list[str]
    source: str = ""  # the family is what this callee hands out
    releases: list[ownership.ReleaseFact] = field(default_factory=list)  # in the allocating function


@dataclass
class CallFacts:
    """What one TU's functions do with their pointer parameters, and the judgments that wait for
    callees defined in other TUs (the ownership checks' summary)."""

    fates: dict[str, list[ownership.ParamFate]] = field(default_factory=dict)
    fresh: dict[str, str] = field(default_factory=dict)  # 'usr#ret' / 'usr#out<i>' -> family handed out
    fresh_from: dict[str, list[str]] = field(default_factory=dict)  # such a key -> sources it forwards
    deferred: list[DeferredFinding] = field(default_factory=list)
    pending: list[PendingRelease] = field(default_factory=list)


class _Linked:
    """The callee summaries of one program, each key followed once."""

    def __init__(self, summaries: Iterable[CallFacts | None]):
        self.summaries = [s for s in summaries if s]
        self.fates: dict[str, list[ownership.ParamFate]] = {}
        for s in self.summaries:  # a fixed order (the program's TUs): the first definition seen wins
            for usr, params in s.fates.items():
                self.fates.setdefault(usr, params)
        self.fresh: dict[str, str] = {}
        self.fresh_from: dict[str, list[str]] = {}
        for s in self.summaries:
            for key, family in s.fresh.items():
                self.fresh.setdefault(key, family)
            for key, sources in s.fresh_from.items():
                self.fresh_from.setdefault(key, sources)
        self._followed: dict[str, tuple[bool, list[ownership.ReleaseFact]]] = {}

    def family(self, source: str) -> str:
        """The family of the fresh object `source` hands out, through the sources it forwards ('' none)."""
        seen, todo = {source}, [source]
        while todo:
            key = todo.pop()
            if self.fresh.get(key):
                return self.fresh[key]
            for nxt in self.fresh_from.get(key, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return ""

    def follow(self, key: str) -> tuple[bool, list[ownership.ReleaseFact]]:
        if key not in self._followed:
            taken, releases, _ = ownership.follow(key, self.fates)
            self._followed[key] = (taken, releases)
        return self._followed[key]

    def holding(self) -> Iterator[Finding]:
        for s in self.summaries:
            for d in s.deferred:
                if d.source and not self.family(d.source):
                    continue
                mask = sum(1 << b for b, key in enumerate(d.keys) if self.follow(key)[0])
                if mask in d.masks:
                    yield d.finding


def _call_facts(result: ownership.UnitOwnership, deferred: list[DeferredFinding] | None = None,
                pending: list[PendingRelease] | None = None) -> CallFacts:
    return CallFacts(result.fates, result.fresh, result.fresh_from, deferred or [], pending or [])


def _deferred(fo: ownership.FunctionOwnership, kinds: tuple[str, ...], word) -> list[DeferredFinding]:
    return [DeferredFinding(finding, list(d.keys), list(d.masks), d.source) for d in fo.deferred
            if d.leak.kind in kinds for finding in word(fo, d.leak)]


class Leak(Check):
    """An allocation or handle that reaches an exit unowned (docs/checks/clangcheck-ownership-leak.md)."""

    id = "clangcheck-ownership-leak"
    summary = "heap object or handle has no owner and leaks on some path"
    tags = ("reliability", "CWE-401", "CWE-775")
    options = (
        Option("ReportExceptionPaths", "false", bool, "also follow exceptions thrown by calls not known noexcept"),
        _KNOWLEDGE,
    )

    summary_schema = CallFacts
    _KINDS = ("never", "path")

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        for fo in _analysis(self, unit, self.option("ReportExceptionPaths")).functions:
            for leak in fo.leaks:
                yield from self._word(unit, fo, leak)

    def summarize(self, unit: UnitModel) -> CallFacts:
        result = _analysis(self, unit, self.option("ReportExceptionPaths"))
        return _call_facts(result, deferred=[d for fo in result.functions
                                             for d in _deferred(fo, self._KINDS, lambda f, l: self._word(unit, f, l))])

    def link(self, summaries: Iterable[CallFacts | None]) -> Iterator[Finding]:
        return _Linked(summaries).holding()

    def _word(self, unit: UnitModel, fo: ownership.FunctionOwnership, leak: ownership.Leak) -> Iterator[Finding]:
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

    summary_schema = CallFacts
    _KINDS = ("overwrite", "realloc")

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        for fo in _analysis(self, unit).functions:
            for leak in fo.leaks:
                yield from self._word(fo, leak)

    def summarize(self, unit: UnitModel) -> CallFacts:
        result = _analysis(self, unit)
        return _call_facts(result, deferred=[d for fo in result.functions for d in _deferred(fo, self._KINDS, self._word)])

    def link(self, summaries: Iterable[CallFacts | None]) -> Iterator[Finding]:
        return _Linked(summaries).holding()

    def _word(self, fo: ownership.FunctionOwnership, leak: ownership.Leak) -> Iterator[Finding]:
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

    summary_schema = CallFacts

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        for fo in _analysis(self, unit).functions:
            for m in fo.mismatches:
                yield Finding(self.id, m.location, "'{}' allocated by '{}' is released with '{}'",
                              (m.variable, _allocated_by(m.site.family, m.site.text), m.release),
                              (Note(m.site.location, "allocated here"),), function=m.function)

    def summarize(self, unit: UnitModel) -> CallFacts:
        result = _analysis(self, unit)
        pending = [PendingRelease(p.site.family, _allocated_by(p.site.family, p.site.text), p.variable,
                                  p.site.location, p.call, list(p.keys), p.site.source, list(p.releases))
                   for fo in result.functions for p in fo.pending]
        return _call_facts(result, pending=pending)

    def link(self, summaries: Iterable[CallFacts | None]) -> Iterator[Finding]:
        """An allocation released with the wrong function by a callee in another TU, at that release."""
        linked = _Linked(summaries)
        for s in linked.summaries:
            for p in s.pending:
                family = p.family or linked.family(p.source)
                releases = [(r, True) for r in p.releases] + [(r, False) for key in p.keys for r in linked.follow(key)[1]]
                for r, here in releases:
                    release = ownership.mismatched_release(family, r.family, r.releaser)
                    if release is None:
                        continue
                    notes = (Note(p.allocated, "allocated here"),) + (() if here else (Note(p.call, "passed on here"),))
                    if p.family:
                        template, args = "'{}' allocated by '{}' is released with '{}'", (p.variable, p.text, release)
                    else:  # the allocating function is the project's: say what it allocates with
                        template = "'{}' allocated by '{}' (with '{}') is released with '{}'"
                        args = (p.variable, p.text, _FAMILY_WORD.get(family, family), release)
                    yield Finding(self.id, r.location, template, args, notes, function=r.function)


_FAMILY_WORD = {"fd": "a descriptor", "file": "fopen", "pipe": "popen", "dir": "opendir"}  # others: their name


def _allocated_by(family: str, text: str) -> str:
    return text.split(" ")[0] + ("[]" if family == "new[]" else "")


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
