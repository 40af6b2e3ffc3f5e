"""The lock state along each feasible path of one function, replayed from its summary at the link.

A path's state is the set of mutexes it holds (by exact object path, see `threads.object_path`),
those it has locked or unlocked so far, those a trylock left unknown, and what it knows about the
simple conditions it took (`model/conditions.py`): a branch that contradicts them is not taken, so
`if (need) lock(); ... if (need) unlock();` has no path that locks and skips the unlock. States
are kept per node up to a cap; beyond it a node's further states are dropped (a lost finding, never
a false one). Exception edges are not followed: RAII guards are not events, and C code has none.

The events come from the TU (`FunctionSummary.lock_events`) and from calls of the program's lock
wrappers (`model/wrappers.py`), so a `Lock()` defined in another TU counts like a
`pthread_mutex_lock`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from clangcheck.model.conditions import _root
from clangcheck.model.threads import Branch, FunctionSummary, LockEvent
from clangcheck.model.types import CFG

_STATES_PER_NODE = 24


@dataclass(frozen=True)
class PathState:
    held: frozenset[str] = frozenset()
    touched: frozenset[str] = frozenset()  # locked or unlocked on this path, in this function
    unknown: frozenset[str] = frozenset()  # tried without a test we can read: held or not
    facts: frozenset[tuple[str, bool]] = frozenset()


@dataclass
class Walk:
    """What the paths of one function do with their locks."""

    exits: list[tuple[PathState, int]] = field(default_factory=list)  # (state, node it returns from)
    before: dict[int, list[PathState]] = field(default_factory=dict)  # event index -> states reaching it
    complete: bool = True  # False when the cap dropped states

    def exit_held_everywhere(self) -> frozenset[str]:
        """Mutexes every returning path still holds."""
        if not self.exits:
            return frozenset()
        return frozenset.intersection(*(s.held for s, _ in self.exits))


def entry_held(fn: FunctionSummary, events: list[LockEvent]) -> frozenset[str]:
    """Mutexes the function unlocks on some path before it locks or unlocks them: its caller (or an
    RAII guard, which is no event) holds them (`unlock(m); callback(); lock(m);` drops it a while)."""
    first = walk(fn, events)
    out = set()
    for index, event in enumerate(events):
        states = first.before.get(index, ())
        if event.op == "unlock" and not event.private and any(event.path not in s.touched for s in states):
            out.add(event.path)
    return frozenset(out)


def walk(fn: FunctionSummary, events: list[LockEvent], held: frozenset[str] = frozenset()) -> Walk:
    """Explore `fn`'s paths from its entry holding `held`, replaying `events` in node order."""
    by_node: dict[int, list[tuple[int, LockEvent]]] = {}
    for index, event in enumerate(events):
        by_node.setdefault(event.node, []).append((index, event))
    for items in by_node.values():
        items.sort(key=lambda item: (item[1].location.line, item[1].location.column))
    branches: dict[int, Branch] = {b.node: b for b in fn.branches}
    writes = {n: set(names) for n, names in fn.writes}
    nulls = {n: set(names) for n, names in fn.nulls}
    result = Walk()
    seen: dict[int, set[PathState]] = {}
    work: list[tuple[int, PathState]] = [(CFG.ENTRY, PathState(held))]
    while work:
        node, state = work.pop()
        states = seen.setdefault(node, set())
        if state in states:
            continue
        if len(states) >= _STATES_PER_NODE:
            result.complete = False
            continue
        states.add(state)
        if node == CFG.EXIT:
            continue
        success: list[tuple[str, str]] = []  # (edge label, mutex) a trylock here takes when it got it
        for index, event in by_node.get(node, ()):
            result.before.setdefault(index, []).append(state)
            state = _apply(state, event, success)
        state = _forget(state, writes.get(node), nulls.get(node))
        branch = branches.get(node)
        if branch is not None:
            for label, targets in (("true", branch.true), ("false", branch.false)):
                taken = _take(state, branch, label)
                if taken is None:
                    continue
                taken = _tried(taken, success, label)
                for target in targets:
                    _push(result, work, node, target, taken)
            continue
        if success:  # a trylock whose result is tested later: either way
            state = PathState(state.held, state.touched, state.unknown | {m for _, m in success}, state.facts)
        successors = fn.successors[node] if node < len(fn.successors) else ()
        for target in successors:
            _push(result, work, node, target, state)
    return result


def _push(result: Walk, work: list, node: int, target: int, state: PathState) -> None:
    if target == CFG.EXIT:
        result.exits.append((state, node))
    work.append((target, state))


def _apply(state: PathState, event: LockEvent, success: list[tuple[str, str]]) -> PathState:
    path = event.path
    touched = state.touched | {path}
    if event.op == "lock":
        return PathState(state.held | {path}, touched, state.unknown - {path}, state.facts)
    if event.op == "unlock":
        return PathState(state.held - {path}, touched, state.unknown - {path}, state.facts)
    if event.success:
        success.append((event.success, path))
        return PathState(state.held, touched, state.unknown, state.facts)
    return PathState(state.held, touched, state.unknown | {path}, state.facts)


def _tried(state: PathState, success: list[tuple[str, str]], label: str) -> PathState:
    if not success:
        return state
    held = set(state.held)
    for edge, path in success:
        if edge == label:
            held.add(path)
        else:
            held.discard(path)
    return PathState(frozenset(held), state.touched, state.unknown, state.facts)


def _forget(state: PathState, written: set[str] | None, nulled: set[str] | None) -> PathState:
    if not written and not nulled:
        return state
    facts = state.facts
    if written:
        facts = frozenset(f for f in facts if _root(f[0]) not in written)
    if nulled:
        facts = facts | {(name, False) for name in nulled}
    return PathState(state.held, state.touched, state.unknown, facts)


def _take(state: PathState, branch: Branch, label: str) -> PathState | None:
    """The state on edge `label` of a condition, or None when the path knows it goes the other way."""
    if not branch.subject:
        return state
    outcome = (label == "true") == branch.polarity
    if (branch.subject, not outcome) in state.facts:
        return None
    return PathState(state.held, state.touched, state.unknown, state.facts | {(branch.subject, outcome)})


# --- lock discipline -------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One misuse of a mutex on a feasible path of one function."""

    kind: str  # 'not-released' | 'not-held' | 'double-lock'
    function: str  # USR
    event: LockEvent  # the lock that is not released / the unlock / the second lock
    other: object = None  # Location: where the path returns still holding it / the first lock


def problems(functions: dict[str, FunctionSummary], events_of) -> list[Problem]:
    """Every function's lock-discipline problems; `events_of(fn)` gives its own and its wrapper
    calls' lock events (`Wrappers.events`)."""
    per_function: dict[str, list[LockEvent]] = {}
    for usr, fn in functions.items():
        events = events_of(fn)
        if any(e.op in ("lock", "unlock", "trylock") for e in events):
            per_function[usr] = events
    released = {e.path for events in per_function.values() for e in events if e.op == "unlock"}
    out: list[Problem] = []
    for usr, events in sorted(per_function.items()):
        fn = functions[usr]
        callers = entry_held(fn, events)
        result = walk(fn, events, callers)
        out += _not_released(fn, events, result, released, callers)
        out += _not_held(fn, events, result)
        out += _double_locks(fn, events, result)
    return out


def _first_locks(events: list[LockEvent]) -> dict[str, LockEvent]:
    first: dict[str, LockEvent] = {}
    for e in sorted(events, key=lambda e: (e.location.line, e.location.column)):
        if e.op in ("lock", "trylock"):
            first.setdefault(e.path, e)
    return first


def _not_released(fn: FunctionSummary, events: list[LockEvent], result: Walk, released: set[str],
                  callers: frozenset[str]) -> list[Problem]:
    """A path returns holding a mutex this function locked, where that is not what it is for: the
    mutex is private to the function, or other paths return without it (an early return) although
    the function unlocks it elsewhere, or nothing in the program ever unlocks it."""
    first = _first_locks(events)
    everywhere = result.exit_held_everywhere()
    unlocked_here = {e.path for e in events if e.op == "unlock"}
    exit_at = dict(fn.exits)
    out: dict[str, Problem] = {}
    for state, node in sorted(result.exits, key=lambda item: item[1]):
        for path in sorted(state.held - state.unknown - callers):
            event = first.get(path)
            if event is None or path in out:
                continue
            if not event.private and path not in unlocked_here and path in released:
                continue  # a lock wrapper, perhaps conditional (`if (ctx) lock(&ctx->mu);`)
            if event.op == "trylock" and not event.private:
                continue  # `bool try_enter()`: returning locked on success is its contract
            if not event.private and path in everywhere and (not path.startswith("G") or path in released):
                continue  # a Lock() wrapper: every path returns locked, its callers unlock
            where = exit_at.get(node)
            out[path] = Problem("not-released", fn.usr, event, where if where != event.location else None)
    return list(out.values())


def _not_held(fn: FunctionSummary, events: list[LockEvent], result: Walk) -> list[Problem]:
    """An unlock on a path that does not hold the mutex, which this function locked or unlocked
    before on that path (a second unlock, the failure branch of a trylock), or which is private."""
    out = []
    for index, event in enumerate(events):
        if event.op != "unlock":
            continue
        states = result.before.get(index, ())
        if any(event.path not in s.held and event.path not in s.unknown and (event.private or event.path in s.touched)
               for s in states):
            out.append(Problem("not-held", fn.usr, event))
    return out


def _double_locks(fn: FunctionSummary, events: list[LockEvent], result: Walk) -> list[Problem]:
    """A non-recursive mutex locked again on every path that reaches the lock already holding it."""
    first = _first_locks(events)
    out = []
    for index, event in enumerate(events):
        if event.op != "lock" or event.recursive:
            continue
        states = result.before.get(index, ())
        if states and all(event.path in s.held and event.path not in s.unknown for s in states):
            earlier = first.get(event.path)
            out.append(Problem("double-lock", fn.usr, event,
                               earlier.location if earlier is not None and earlier is not event else None))
    return out
