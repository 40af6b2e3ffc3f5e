"""A program's own thread-start, join, lock and unlock functions, found from their summaries.

Real code rarely calls `pthread_create` or `pthread_mutex_lock` where it matters: it calls
`spawn_worker(func, ctx, &id)`, `Thread::start(fn, arg)`, `lock_acquire(l)`, defined in some
other TU. From every TU's summary of a program we derive, to a fixed point (wrappers of
wrappers, to any depth):

- a *start wrapper* for parameter n: it passes parameter n on as a thread start's routine, or
  stores it in a field that the started routine calls through (`t->start = fn; pthread_create(...,
  trampoline, t)` with `trampoline` calling `t->start(t->arg)`); the routine's argument and the
  out parameter the handle goes to are found the same way;
- a *join wrapper* for parameter n: it joins a handle reached from parameter n;
- *lock effects*: mutexes reached from a parameter, `this` or a global that every path leaves
  locked (a `Lock()`), or unlocks without having locked them (an `Unlock()`).

`resolve` then rewrites each caller's summary: a call of a start wrapper becomes a `StartFact`
(its region ends at a join wrapper's call on the same handle), and the locks a lock wrapper takes
are added to the lock sets of the accesses and calls that follow it on every path.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from clangcheck.model.lock_paths import entry_held, walk
from clangcheck.model.threads import CallFact, FunctionSummary, LockEvent, StartFact
from clangcheck.model.types import CFG

_ROUNDS = 8  # wrapper depth followed; real code nests two or three


@dataclass(frozen=True)
class StartWrapper:
    routine: int  # parameter holding the routine
    argument: int = -1  # parameter holding what the routine is called with
    handle: int = -1  # out parameter the thread's handle is stored through


@dataclass(frozen=True)
class LockEffect:
    op: str  # 'lock' | 'unlock'
    path: str  # relative to the callee: `P<n>...`, `this...`, `G<usr>...`
    lock: str
    name: str
    recursive: bool = False


class Wrappers:
    """The wrapper summaries of one program, and the lock events of each function with them."""

    def __init__(self, functions: dict[str, FunctionSummary]):
        self.functions = functions
        self.starts: dict[str, StartWrapper] = {}
        self.joins: dict[str, frozenset[int]] = {}
        self.effects: dict[str, tuple[LockEffect, ...]] = {}
        self._find_starts()
        self._find_joins()
        self._find_lock_effects()

    # --- thread starts and joins ---------------------------------------------------------
    def _find_starts(self) -> None:
        for fn in self.functions.values():
            found = self._direct_start(fn)
            if found is not None:
                self.starts[fn.usr] = found
        for _ in range(_ROUNDS):
            changed = False
            for fn in self.functions.values():
                if fn.usr in self.starts:
                    continue
                for call in fn.calls:
                    wrapper = self._start_of(call)
                    if wrapper is None or wrapper.routine >= len(call.arg_keys):
                        continue
                    routine = _param(call.arg_keys[wrapper.routine])
                    if routine < 0:
                        continue
                    argument = _param(call.arg_keys[wrapper.argument]) if 0 <= wrapper.argument < len(call.arg_keys) else -1
                    handle = _param(call.arg_keys[wrapper.handle]) if 0 <= wrapper.handle < len(call.arg_keys) else -1
                    self.starts[fn.usr] = StartWrapper(routine, argument, handle)
                    changed = True
                    break
            if not changed:
                break

    def _direct_start(self, fn: FunctionSummary) -> StartWrapper | None:
        """Is `fn` a start wrapper by its own thread starts?"""
        stores = dict(fn.field_stores)
        for start in fn.starts:
            if start.callable_param >= 0:
                handle = _param(start.handle)
                handle = handle if handle >= 0 else min(fn.out_params - {start.callable_param}, default=-1)
                return StartWrapper(start.callable_param, _param(start.arg), handle)
            for entry in start.entries:  # a trampoline calling through a field the starter filled
                routine = self.functions.get(entry)
                if routine is None:
                    continue
                for pointer, args in routine.pointer_calls:
                    if pointer.startswith("field:") and pointer[6:] in stores:
                        arg = next((stores[a[6:]] for a in args if a.startswith("field:") and a[6:] in stores), -1)
                        param = stores[pointer[6:]]
                        handle = min(fn.out_params - {param, arg}, default=-1)
                        return StartWrapper(param, arg, handle)
        return None

    def _start_of(self, call: CallFact) -> StartWrapper | None:
        if call.virtual:
            return None
        return self.starts.get(call.callee_usr)

    def _find_joins(self) -> None:
        for fn in self.functions.values():
            params = frozenset(_param(key) for _, key in fn.join_sites) - {-1}
            if params:
                self.joins[fn.usr] = params
        for _ in range(_ROUNDS):
            changed = False
            for fn in self.functions.values():
                params = set(self.joins.get(fn.usr, ()))
                for call in fn.calls:
                    for index in self.joins.get(call.callee_usr, ()) if not call.virtual else ():
                        if index < len(call.arg_keys) and _param(call.arg_keys[index]) >= 0:
                            params.add(_param(call.arg_keys[index]))
                if params != set(self.joins.get(fn.usr, ())):
                    self.joins[fn.usr] = frozenset(params)
                    changed = True
            if not changed:
                break

    # --- locks ---------------------------------------------------------------------------
    def _find_lock_effects(self) -> None:
        candidates = [fn for fn in self.functions.values() if fn.lock_events or fn.calls]
        for _ in range(_ROUNDS):
            changed = False
            for fn in candidates:
                events = self.events(fn)
                if not events:
                    continue
                effects = _effects(fn, events)
                if effects != self.effects.get(fn.usr, ()):
                    self.effects[fn.usr] = effects
                    changed = True
            if not changed:
                break

    def events(self, fn: FunctionSummary) -> list[LockEvent]:
        """`fn`'s own lock events and those of its calls to lock wrappers, in the caller's terms."""
        out = list(fn.lock_events)
        for call in fn.calls:
            if call.lock_op or call.virtual or call.deferred:
                continue
            for effect in self.effects.get(call.callee_usr, ()):
                mapped = _map(effect, call)
                if mapped is not None:
                    out.append(mapped)
        return out

    def lock_classes(self) -> set[str]:
        """The project's own mutex classes: those with a method that locks or unlocks `this`."""
        return {self.functions[usr].class_name for usr, effects in self.effects.items()
                if self.functions[usr].class_name and any(e.path.startswith("this") for e in effects)}

    def wrapper_events(self, fn: FunctionSummary) -> list[LockEvent]:
        return [e for e in self.events(fn) if e.via]


def _effects(fn: FunctionSummary, events: list[LockEvent]) -> tuple[LockEffect, ...]:
    """What a call of `fn` leaves locked or unlocked in its caller's objects (`if (ctx)
    unlock(&ctx->mu);` unlocks, as its conditional lock twin locks). A constructor's lock is an
    RAII guard's: its destructor, no call we see, releases it (threads.py knows guards)."""
    if fn.kind in ("constructor", "destructor"):
        return ()
    callers = entry_held(fn, events)  # unlocked before locked: the caller holds them
    result = walk(fn, events, callers)
    if not result.exits:
        return ()
    # held on every way out, or on some by a function that never unlocks it (`if (ctx) lock(&ctx->mu);`)
    unlocked = {e.path for e in events if e.op == "unlock"}
    locked = {e.path for e in events if e.op in ("lock", "trylock")}
    anywhere = frozenset().union(*(s.held for s, _ in result.exits))
    kept = result.exit_held_everywhere() | (anywhere - unlocked)
    out: dict[tuple[str, str], LockEffect] = {}
    for event in events:
        if not _external(event.path) or event.private:
            continue
        if event.op == "lock" and event.path in kept and event.path not in callers:
            out[("lock", event.path)] = LockEffect("lock", event.path, event.lock, event.name, event.recursive)
        elif event.op == "unlock" and event.path in callers and (event.path not in anywhere or event.path not in locked):
            out[("unlock", event.path)] = LockEffect("unlock", event.path, event.lock, event.name, event.recursive)
    return tuple(sorted(out.values(), key=lambda e: (e.op, e.path)))


def _external(path: str) -> bool:
    return path.startswith(("P", "this", "G"))


def _map(effect: LockEffect, call: CallFact) -> LockEvent | None:
    """The callee's effect on the object this call passes it."""
    head, _, rest = effect.path.partition("|")
    rest = f"|{rest}" if rest else ""
    private = False
    if head.startswith("P"):
        index = int(head[1:])
        if index >= len(call.arg_paths) or not call.arg_paths[index]:
            return None
        # a mutex member of the object passed keeps the callee's name for it (`conn::mu`), as a direct
        # `lock(&conn->mu)` in the caller would; a mutex passed itself takes the caller's name
        path, lock = call.arg_paths[index] + rest, (effect.lock if rest else call.arg_locks[index]) or effect.lock
        name = call.arg_names[index] if index < len(call.arg_names) else lock
        private = index < len(call.arg_private) and call.arg_private[index]
    elif head == "this":
        if not call.receiver_path and not call.on_this:
            return None
        path = (call.receiver_path or "this") + rest
        lock, name = effect.lock, effect.name
    else:
        path, lock, name = effect.path, effect.lock, effect.name
    return LockEvent(call.node, effect.op, path, lock, name, call.location, recursive=effect.recursive,
                     private=private, via=call.callee_name)


def _param(key: str) -> int:
    """N for an argument key `param:N` (a parameter passed on), else -1."""
    return int(key[6:]) if key.startswith("param:") and key[6:].isdigit() else -1


# --- rewriting callers -----------------------------------------------------------------------
def resolve(functions: dict[str, FunctionSummary]) -> tuple[dict[str, FunctionSummary], Wrappers]:
    """The summaries with wrapper starts turned into starts and wrapper locks into lock sets.
    Calls are resolved by callee USR: a wrapper is a plain function or a non-virtual method."""
    wrappers = Wrappers(functions)
    out: dict[str, FunctionSummary] = {}
    lock_classes = wrappers.lock_classes()
    for usr, fn in functions.items():
        new = _with_starts(fn, wrappers)
        new = _with_locks(new, wrappers)
        new = _without_lock_objects(new, lock_classes)
        out[usr] = new
    return out, wrappers


def _without_lock_objects(fn: FunctionSummary, lock_classes: set[str]) -> FunctionSummary:
    """A call on an object of the project's own mutex class (`_mutex.lock()`, `m.tryLock()`) is
    synchronisation, not a write of shared data."""
    calls = [c for c in fn.calls if c.callee_class in lock_classes and c.receiver_path]
    if not calls:
        return fn
    sites = {(c.location, _last_step(c.receiver_path)) for c in calls}
    accesses = tuple(a for a in fn.accesses if (a.location, a.key) not in sites)
    return replace(fn, accesses=accesses) if len(accesses) != len(fn.accesses) else fn


def _last_step(path: str) -> str:
    """The USR a path ends in: a field's, or a global's / local's when it has no member step."""
    if "|" in path:
        return path.rsplit("|", 1)[-1]
    return path[1:] if path[:1] in ("G", "L") else ""


def _with_starts(fn: FunctionSummary, wrappers: Wrappers) -> FunctionSummary:
    added: list[StartFact] = []
    routines: set[tuple[int, str]] = set()
    for call in fn.calls:
        wrapper = wrappers._start_of(call)
        if wrapper is None or wrapper.routine >= len(call.arg_keys):
            continue
        routine = call.arg_keys[wrapper.routine]
        if not routine.startswith("function:"):
            continue  # passed on from our own parameter: we are a wrapper, our callers start
        entry = routine[9:]
        handle = call.arg_keys[wrapper.handle] if 0 <= wrapper.handle < len(call.arg_keys) else ""
        arg = call.arg_keys[wrapper.argument] if 0 <= wrapper.argument < len(call.arg_keys) else ""
        name = call.arg_names[wrapper.argument] if 0 <= wrapper.argument < len(call.arg_names) else ""
        instance = call.arg_instances[wrapper.argument] if 0 <= wrapper.argument < len(call.arg_instances) else ""
        region = _region(fn, call.node, handle, wrappers)
        added.append(StartFact(call.location, call.callee_name, (entry,), "", call.node, frozenset(region),
                               CFG.EXIT in region, call.node in region, handle, arg=arg, arg_name=name,
                               arg_instance=instance))
        routines.add((call.node, entry))
    if not added:
        return fn
    calls = tuple(c for c in fn.calls if (c.node, c.callee_usr) not in routines or c.callee_usr in wrappers.starts)
    return replace(fn, starts=fn.starts + tuple(added), calls=calls)


def _region(fn: FunctionSummary, start: int, handle: str, wrappers: Wrappers) -> set[int]:
    """Nodes reachable from the start without passing a join of `handle` (ours or a wrapper's)."""
    blocked = {node for node, key in fn.join_sites if handle and key == handle}
    if handle:
        for call in fn.calls:
            for index in wrappers.joins.get(call.callee_usr, ()):
                if index < len(call.arg_keys) and call.arg_keys[index] == handle:
                    blocked.add(call.node)
    blocked.discard(start)
    return fn.reachable(fn.successors[start] if start < len(fn.successors) else (), blocked)


def _with_locks(fn: FunctionSummary, wrappers: Wrappers) -> FunctionSummary:
    """Add the locks wrapper calls hold (on every path) to the lock sets of what follows them."""
    events = wrappers.wrapper_events(fn)
    if not events:
        return fn
    held = _must_hold(fn, events)
    if not any(held.values()):
        return fn
    accesses = tuple(replace(a, locks=a.locks | held.get(a.node, frozenset())) if held.get(a.node) else a
                     for a in fn.accesses)
    calls = tuple(replace(c, locks=c.locks | held.get(c.node, frozenset())) if held.get(c.node) else c
                  for c in fn.calls)
    return replace(fn, accesses=accesses, calls=calls)


def _must_hold(fn: FunctionSummary, events: list[LockEvent]) -> dict[int, frozenset[str]]:
    """Lock-set ids held on entry to each node by the wrapper events alone (intersection at joins)."""
    gen: dict[int, list[LockEvent]] = {}
    for e in events:
        gen.setdefault(e.node, []).append(e)
    n = len(fn.successors)
    preds: dict[int, list[int]] = {}
    for node, succs in enumerate(fn.successors):
        for s in succs:
            preds.setdefault(s, []).append(node)
    out: list[frozenset[str] | None] = [None] * n
    inn: dict[int, frozenset[str]] = {CFG.ENTRY: frozenset()}
    work = [CFG.ENTRY]
    while work:
        node = work.pop()
        if node != CFG.ENTRY:
            states = [out[p] for p in preds.get(node, ()) if out[p] is not None]
            if not states:
                continue
            inn[node] = frozenset.intersection(*states)
        state = set(inn[node])
        for e in sorted(gen.get(node, ()), key=lambda e: (e.location.line, e.location.column)):
            (state.add if e.op == "lock" else state.discard)(e.lock)
        new = frozenset(state)
        if new != out[node]:
            out[node] = new
            work.extend(s for s in (fn.successors[node] if node < n else ()))
    return {node: locks for node, locks in inn.items() if locks}
