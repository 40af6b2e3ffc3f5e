"""clangcheck-concurrency-*: data shared between threads without a lock or an ordering.

Each check summarizes a TU into thread facts (`model/threads.py`) and reports from the global
thread-access graph linked over all TUs (`model/access_graph.py`); the checks share one
summary per TU and one graph per run.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator

import networkx as nx

from clangcheck.check import Check, Option
from clangcheck.findings import Finding, Location, Note
from clangcheck.model.access_graph import Instance, Race, ThreadAccessGraph
from clangcheck.model.lock_paths import Problem
from clangcheck.model.threads import LockEvent, UnitSummary, knowledge, summarize_unit
from clangcheck.model.types import UnitModel

_last_unit: list = [None, None]  # (unit, summary): the checks of one TU share one summary
_last_graph: list = [(), None]  # (summary ids, graph): and one graph per link


def _summary(unit: UnitModel) -> UnitSummary:
    if _last_unit[0] is not unit:
        _last_unit[0], _last_unit[1] = unit, summarize_unit(unit)
    return _last_unit[1]


def _graph(summaries: Iterable[UnitSummary]) -> ThreadAccessGraph:
    summaries = [s for s in summaries if s is not None]
    key = tuple(id(s) for s in summaries)
    if _last_graph[0] != key or _last_graph[1] is None:
        _last_graph[0], _last_graph[1] = key, (ThreadAccessGraph(summaries), summaries)
    return _last_graph[1][0]


def lock_name(lock: str) -> str:
    """How a lock reads in a message: `ServerThread::mutex`, `g_lock`, a local `m`."""
    return lock.split("@", 1)[0]


def held_text(locks: frozenset[str]) -> str:
    if not locks:
        return "holding no lock"
    return "holding " + ", ".join(f"'{lock_name(l)}'" for l in sorted(locks))


def _verb(instance: Instance) -> str:
    """How an access reads in a message: 'updated' for a read-modify-write (`n++`, `n += k`)."""
    if instance.access.update:
        return "updated"
    return "written" if instance.access.write else "read"


def _kind(instance: Instance) -> str:
    """The access kind of the stable `accesses` property: 'written' or 'read'."""
    return "written" if instance.access.write else "read"


def _where(location: Location) -> str:
    return f"{location.file}:{location.line}:{location.column}"


class _ConcurrencyCheck(Check):
    summary_schema = UnitSummary

    def summarize(self, unit: UnitModel) -> UnitSummary:
        return _summary(unit)

    def function_name(self, graph: ThreadAccessGraph, usr: str) -> str:
        fn = graph.functions.get(usr)
        return fn.qualified_name if fn else ""


class DataRace(_ConcurrencyCheck):
    """A location two threads access, one writing, with no common lock and no ordering (docs/checks/clangcheck-concurrency-data-race.md)."""

    id = "clangcheck-concurrency-data-race"
    summary = "shared data is accessed from two threads without a common lock, and one access writes"
    tags = ("reliability", "concurrency", "CWE-362")
    precision = "medium"

    def link(self, summaries: Iterable[UnitSummary]) -> Iterator[Finding]:
        graph = _graph(summaries)
        for race in graph.races():
            yield self.finding(graph, race)

    def describe_program(self, summaries: list[UnitSummary], program: str = "") -> tuple[str, str]:
        """How many threads the program starts (and how many through its own wrappers); a notice
        when a program with a `main` locks mutexes but no start was found: no race can be reported."""
        graph = _graph(summaries)
        starts = [c for c in graph.contexts.values() if c.start is not None]
        known = knowledge().starts
        wrapped = sum(1 for c in starts if c.start.api not in known and c.start.api != "std::thread")
        other = len(graph.contexts) - 1 - len(starts)
        fact = f"{len(starts)} thread starts ({wrapped} through the program's own wrappers)" + (
            f", {other} thread entries without a start seen" if other else "")
        notice = ""
        functions = graph.functions.values()
        if len(graph.contexts) == 1 and any(fn.is_main for fn in functions) and any(fn.lock_events for fn in functions):
            notice = ("{programs} lock{s} mutexes but no thread start was found in {it}, so no data race "
                      "can be reported for {it} (threads started by an API clangcheck does not know?)")
        return fact, notice

    def finding(self, graph: ThreadAccessGraph, race: Race) -> Finding:
        first, second = race.first, race.second
        c1, c2 = race.contexts
        notes = self.access_notes(race)
        for ctx in dict.fromkeys((c1, c2)):
            if ctx.start is not None:
                again = " (more than once)" if ctx.multiple else ""
                notes.append(Note(ctx.start.location, f"{ctx.name} is started here{again}"))
        properties = (
            ("location", json.dumps({"key": race.key, "name": race.name})),
            ("contexts", json.dumps([
                {"id": c.id, "name": c.name, "kind": "thread" if c.is_thread else "main",
                 "entry": self.function_name(graph, c.entry),
                 "start": _where(c.start.location) if c.start else None,
                 "api": c.start.api if c.start else None,
                 "starter": self.function_name(graph, c.starter) if c.start else None, "multiple": c.multiple}
                for c in dict.fromkeys((c1, c2))])),
            ("accesses", json.dumps([
                {"location": _where(i.access.location), "kind": _kind(i), "write": i.access.write,
                 "update": i.access.update, "context": c.id, "function": self.function_name(graph, i.function),
                 "locks": sorted(lock_name(l) for l in i.locks)}
                for i, c in ((first, c1), (second, c2))])),
        )
        if _one_site(race):  # `counter++` in a thread started twice: say it once
            template, args = "'{}' is {} by two instances of {} at once without a common lock", \
                (race.name, _verb(first), c1.name)
        else:
            template, args = "'{}' is {} in {} and {} in {} without a common lock", \
                (race.name, _verb(first), c1.name, _verb(second), _second_name(c1, c2))
        return Finding(self.id, first.access.location, template, args, tuple(notes),
                       function=self.function_name(graph, first.function), properties=properties)

    def access_notes(self, race: Race) -> list[Note]:
        """One note per access; one for both when they are the same code run by two instances."""
        first, second = race.first, race.second
        c1, c2 = race.contexts
        if _one_site(race) and first.locks == second.locks:
            return [Note(first.access.location,
                         f"{_verb(first)} here in each instance of {c1.name}, {held_text(first.locks)}")]
        return [
            Note(first.access.location, f"{_verb(first)} here in {c1.name}, {held_text(first.locks)}"),
            Note(second.access.location, f"{_verb(second)} here in {_second_name(c1, c2)}, {held_text(second.locks)}"),
        ]


def _second_name(c1, c2) -> str:
    """The second context as messages name it: 'another instance of …' when it runs the same entry."""
    return c2.name if c1.name != c2.name else f"another instance of {c2.name}"


def _one_site(race: Race) -> bool:
    """The same access of the same thread entry, made by two instances of that thread."""
    first, second = race.first, race.second
    c1, c2 = race.contexts
    return first.access.location == second.access.location and c1.name == c2.name \
        and _verb(first) == _verb(second)


class InconsistentLocking(_ConcurrencyCheck):
    """A location its lock guards at most accesses, but not at one (docs/checks/clangcheck-concurrency-inconsistent-locking.md)."""

    id = "clangcheck-concurrency-inconsistent-locking"
    summary = "a variable guarded by a lock at most of its accesses is accessed without it"
    tags = ("reliability", "concurrency", "CWE-667")
    precision = "medium"
    options = (
        Option("MinGuardedAccesses", "2", int, "accesses holding the lock needed before an unguarded one is reported"),
    )

    def link(self, summaries: Iterable[UnitSummary]) -> Iterator[Finding]:
        graph = _graph(summaries)
        raced = {race.key for race in graph.races()}
        minimum = max(1, self.option("MinGuardedAccesses"))
        instances = graph.all_instances()
        guarded = {key for key, items in instances.items() if key not in raced and any(i.locks for i in items)}
        concurrent = graph.concurrent_locations(guarded) if graph.has_threads() else None
        for key, items in sorted(instances.items()):
            if key not in guarded:
                continue
            finding = self.check_location(graph, key, items, concurrent, minimum)
            if finding is not None:
                yield finding

    def check_location(self, graph: ThreadAccessGraph, key: str, items: list[Instance],
                       concurrent: set[Location] | None, minimum: int) -> Finding | None:
        sites = sorted({i.access.location for i in items})
        locks = sorted({l for i in items for l in i.locks})
        for lock in locks:
            if not _guards_same_object(lock, key):
                continue  # a caller's lock over some other object's fields is not that object's discipline
            guarded = sorted({i.access.location for i in items if lock in i.locks})
            unguarded = [i for i in items if lock not in i.locks
                         and (concurrent is None or i.access.location in concurrent)]
            bare = sorted({i.access.location for i in unguarded})
            if len(guarded) < minimum or not unguarded or len(guarded) <= len(bare):
                continue
            if not any(i.access.write for i in items if lock in i.locks):
                continue
            target = min(unguarded, key=lambda i: (i.access.location, not i.access.write))
            notes = tuple(Note(loc, f"'{lock_name(lock)}' is held here") for loc in guarded[:3])
            return Finding(
                self.id, target.access.location,
                "'{}' is {} without holding '{}', which is held at {} of its {} accesses",
                (target.access.name, _verb(target), lock_name(lock), str(len(guarded)), str(len(sites))), notes,
                function=self.function_name(graph, target.function),
                properties=(("lock", json.dumps(lock_name(lock))),
                            ("guarded", json.dumps([_where(l) for l in guarded])),
                            ("unguarded", json.dumps([_where(l) for l in bare]))),
            )
        return None


def _usr_class(usr: str) -> str:
    """`c:@N@leveldb@S@DBImpl@FI@log_` -> `leveldb::DBImpl`; '' for a global or a local."""
    parts = usr.split("@")[1:]
    if "FI" not in parts:
        return ""
    names, i = [], 0
    while i < len(parts) and parts[i] != "FI":
        if parts[i] in ("N", "S", "C", "ST", "U") and i + 1 < len(parts):
            names.append(parts[i + 1])
            i += 2
        else:
            i += 1  # 'aN' (anonymous namespace) and other one-part markers
    return "::".join(names)


def _guards_same_object(lock: str, key: str) -> bool:
    """RacerD's lock-consistency rule: a field is judged by the mutex members of its own class
    (a caller's lock held over some other object's fields is not that object's discipline)."""
    owner = _usr_class(key)
    return not owner or lock.rsplit("::", 1)[0] == owner


class LockOrder(_ConcurrencyCheck):
    """Two locks taken in opposite orders by code that can run in two threads (docs/checks/clangcheck-concurrency-lock-order.md)."""

    id = "clangcheck-concurrency-lock-order"
    summary = "two locks are taken in opposite orders, which can deadlock"
    tags = ("reliability", "concurrency", "CWE-833")
    precision = "medium"

    def link(self, summaries: Iterable[UnitSummary]) -> Iterator[Finding]:
        graph = _graph(summaries)
        order = nx.DiGraph()
        for edge in graph.lock_order_edges():
            if order.has_edge(edge.held, edge.taken):
                order[edge.held][edge.taken]["sites"].append(edge)
            else:
                order.add_edge(edge.held, edge.taken, sites=[edge])
        reported: set[frozenset[str]] = set()
        for cycle in sorted(nx.simple_cycles(order, length_bound=3), key=sorted):
            locks = frozenset(cycle)
            if len(cycle) < 2 or locks in reported:
                continue
            steps = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
            sites = [min(order[a][b]["sites"], key=lambda e: e.location) for a, b in steps]
            contexts = {s.context for s in sites}
            if len(contexts) < 2 and not any(graph.contexts[c].multiple for c in contexts):
                continue  # one thread taking them in both orders cannot deadlock with itself
            reported.add(locks)
            sites.sort(key=lambda e: e.location)
            first, rest = sites[0], sites[1:]
            notes = tuple(Note(s.location, f"'{lock_name(s.taken)}' is locked here while '{lock_name(s.held)}' is held, "
                                           f"in {graph.contexts[s.context].name}") for s in rest)
            yield Finding(
                self.id, first.location,
                "'{}' is locked while '{}' is held, and elsewhere in the opposite order; threads doing both can deadlock",
                (lock_name(first.taken), lock_name(first.held)), notes,
                function=self.function_name(graph, first.function),
                properties=(("cycle", json.dumps([lock_name(l) for l in cycle])),),
            )


class _LockDisciplineCheck(_ConcurrencyCheck):
    """Problems of one kind from the link's path engine over each function's lock events."""

    kind = ""

    def link(self, summaries: Iterable[UnitSummary]) -> Iterator[Finding]:
        graph = _graph(summaries)
        for problem in graph.lock_problems():
            if problem.kind == self.kind:
                yield self.finding(graph, problem)

    def finding(self, graph: ThreadAccessGraph, problem: Problem) -> Finding:
        raise NotImplementedError

    @staticmethod
    def by(event: LockEvent) -> str:
        return f" by '{event.via}'" if event.via else ""


class LockNotReleased(_LockDisciplineCheck):
    """A path leaves the function holding a lock it took (docs/checks/clangcheck-concurrency-lock-not-released.md)."""

    id = "clangcheck-concurrency-lock-not-released"
    summary = "a path returns still holding a lock the function acquired"
    tags = ("reliability", "concurrency", "CWE-667")
    precision = "high"
    kind = "not-released"

    def finding(self, graph: ThreadAccessGraph, problem: Problem) -> Finding:
        event, name = problem.event, self.function_name(graph, problem.function)
        notes = (Note(problem.other, f"'{name}' returns here still holding '{event.name}'"),) if problem.other else ()
        return Finding(self.id, event.location, "'{}' is locked here{} and not released on every path out of '{}'",
                       (event.name, self.by(event), name), notes, function=name)


class UnlockNotHeld(_LockDisciplineCheck):
    """An unlock on a path where the lock is not held (docs/checks/clangcheck-concurrency-unlock-not-held.md)."""

    id = "clangcheck-concurrency-unlock-not-held"
    summary = "a lock is released on a path that does not hold it"
    tags = ("reliability", "concurrency", "CWE-832")
    precision = "high"
    kind = "not-held"

    def finding(self, graph: ThreadAccessGraph, problem: Problem) -> Finding:
        event, name = problem.event, self.function_name(graph, problem.function)
        return Finding(self.id, event.location, "'{}' is unlocked here{} on a path that does not hold it",
                       (event.name, self.by(event)), (), function=name)


class DoubleLock(_LockDisciplineCheck):
    """A non-recursive mutex locked again by the thread holding it (docs/checks/clangcheck-concurrency-double-lock.md)."""

    id = "clangcheck-concurrency-double-lock"
    summary = "a non-recursive mutex is locked again while it is held, which deadlocks"
    tags = ("reliability", "concurrency", "CWE-764")
    precision = "high"
    kind = "double-lock"

    def finding(self, graph: ThreadAccessGraph, problem: Problem) -> Finding:
        event, name = problem.event, self.function_name(graph, problem.function)
        notes = (Note(problem.other, f"'{event.name}' is first locked here"),) if problem.other else ()
        return Finding(self.id, event.location, "'{}' is locked here{} while it is already held; a non-recursive mutex deadlocks",
                       (event.name, self.by(event)), notes, function=name)


CHECKS = (DataRace, InconsistentLocking, LockOrder, LockNotReleased, UnlockNotHeld, DoubleLock)
