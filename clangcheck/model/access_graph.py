"""The global thread-access graph, linked from every TU's `UnitSummary` (no AST needed).

Call graph across TUs (by callee USR; virtual calls go to every override in the project), thread
contexts (the main thread — `main` and everything not proven to run elsewhere — and one per
thread start, plus `QThread::run`/`QRunnable::run` overrides nobody is seen starting), and the
*reach* of each context: the functions it runs, with the locks its callers hold carried in.
Two contexts' accesses to one location race when neither is ordered with the other thread (its
start and join), at least one writes, and they hold no common lock.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Iterable, Mapping

import networkx as nx

from clangcheck.findings import Location
from clangcheck.model.types import CFG
from clangcheck.model.lock_paths import Problem, problems as lock_problems
from clangcheck.model.wrappers import resolve as resolve_wrappers
from clangcheck.model.threads import DEREF, NO_LOCKS, field_owner, AccessFact, CallFact, FunctionSummary, StartFact, UnitSummary, knowledge

MAIN = "main"
_STATE_CAP = 6  # lock-set variants kept per function and context before falling back to the weakest
_PRIVATE_KINDS = ("constructor", "destructor")

# (locks held on entry, `this` still private to the caller, `this` is the thread's own object,
#  parameters through which the caller passed objects private to it, parameters bound to a global's object,
#  which object each parameter (-1: `this`) is part of, where the callers know: see `Instance.object`)
State = tuple[frozenset[str], bool, bool, frozenset[int], frozenset[int], frozenset[tuple[int, str]]]
_NONE: frozenset = frozenset()
_BINDING_VARIANTS = 4  # object bindings kept per function, context and lock state before they are dropped


@dataclass(frozen=True)
class Instance:
    """An access as one context makes it: the locks held include those carried from callers."""

    access: AccessFact
    function: str
    context: str
    locks: frozenset[str]
    # made through the `this` of a QThread/QRunnable run(): a new object per start, so two such
    # accesses from different starts touch different objects
    thread_object: bool = False
    # the object is known to be one and the same for every thread: a global, reached directly or
    # through parameters it was passed in (`loop_init(&g_loop)` -> `heap_init(&l->timers)`)
    rooted: bool = False
    # which object the access is part of, as far as the callers in this context tell: `g:<usr>` (a
    # global's, or a static local's), `x:<usr>` (a local handed to a thread or captured by reference),
    # `o:<usr>` (made by, or held by value in, one activation of a function: every context and every
    # start of a thread has its own), `n:<usr>` (the same, stored where others may find it), '' unknown
    object: str = ""


@dataclass(eq=False)
class Context:
    id: str
    name: str  # "the main thread", "thread 'ServerThread::run'"
    entry: str = ""
    start: StartFact | None = None
    starter: str = ""  # USR of the function holding the start
    roots: list[tuple] = field(default_factory=list)
    reach: dict[str, set[State]] = field(default_factory=dict)
    by_key: dict[str, list[Instance]] = field(default_factory=dict)

    @property
    def multiple(self) -> bool:
        return self.start is not None and self.start.multiple

    @property
    def is_thread(self) -> bool:
        return self.id != MAIN


@dataclass(frozen=True)
class Race:
    key: str
    name: str
    first: Instance  # a write
    second: Instance
    contexts: tuple[Context, Context]


@dataclass(frozen=True)
class LockOrderEdge:
    held: str
    taken: str
    location: Location
    context: str
    function: str


class ThreadAccessGraph:
    """Links the summaries of all TUs, walks each thread context, and answers race questions."""

    def __init__(self, summaries: Iterable[UnitSummary]):
        self.functions: dict[str, FunctionSummary] = {}
        self.classes: dict[str, tuple[str, ...]] = {}
        self.owning_members: set[str] = set()
        self.synchronized: set[str] = set()  # classes meant to be shared (field USR prefixes)
        for summary in summaries:
            if summary is None:
                continue
            self.owning_members |= summary.owning_members
            self.synchronized |= summary.synchronized_classes
            for fn in summary.functions:
                self.functions.setdefault(fn.usr, fn)
            for name, bases in summary.classes.items():
                if len(bases) >= len(self.classes.get(name, ())):
                    self.classes[name] = bases
        # the program's own start, join and lock wrappers, resolved across its TUs
        self.functions, self.wrappers = resolve_wrappers(self.functions)
        self._methods: dict[str, list[FunctionSummary]] = {}
        for fn in self.functions.values():
            if fn.class_name:
                self._methods.setdefault(fn.name, []).append(fn)
        self.call_graph = nx.MultiDiGraph()
        self._targets: dict[tuple, list[str]] = {}
        for fn in self.functions.values():
            self.call_graph.add_node(fn.usr)
            for call in fn.calls:
                for target in self.targets(call):
                    self.call_graph.add_edge(fn.usr, target, location=call.location)
        self.fresh_returners = self._returns_fresh()
        # locals some thread start (also through the program's own wrappers) hands to its thread
        self._handed_locals = {s.arg[6:] for fn in self.functions.values() for s in fn.starts if s.arg.startswith("local:")}
        self.param_escapes = self._param_escapes()
        self.escaped_locals = self._escaped_locals()
        # (function, local): an object the function made that a callee stores somewhere or hands on
        self._published = {(usr, what[2:]) for usr, fn in self.functions.items() for call in fn.calls
                           for i, what in enumerate(call.arg_instances) if what.startswith(("o:", "n:"))
                           and any(i in self.param_escapes.get(t, ()) for t in self.targets(call))}
        new_returners = _closure(self.functions, "new_sources")
        self._not_own = {(usr, local) for usr, fn in self.functions.items() for local, callees in fn.own_if
                         if not all(c in new_returners for c in callees)}
        # Qt thread affinity: objects moved to a thread (object key -> (thread key, how it reads))
        self.moved: dict[str, tuple[str, str]] = {}
        for fn in self.functions.values():
            for obj, thread, text in fn.moves:
                self.moved.setdefault(obj, (thread, text))
        self.joiners = self._joiners()
        self.contexts: dict[str, Context] = {}
        self._concurrent: dict[tuple[str, str], Mapping[str, list[Instance]]] = {}
        self._parents: dict[str, list[Context]] | None = None
        self._races: list[Race] | None = None
        self._lock_problems: list[Problem] | None = None
        self._locked_owners: set[str] | None = None
        self._chains: dict[tuple[str, str], tuple] = {}
        self.is_library = False
        self.main_proper: set[str] = set()
        self._build_contexts()

    # --- call resolution -------------------------------------------------------------------
    def derives(self, cls: str, base: str) -> bool:
        return cls == base or base in self.classes.get(cls, ())

    def targets(self, call: CallFact) -> list[str]:
        key = (call.callee_usr, call.virtual, call.callee_class, call.method)
        found = self._targets.get(key)
        if found is None:
            found = [call.callee_usr] if call.callee_usr in self.functions else []
            if call.virtual and call.callee_class:
                found += [m.usr for m in self._methods.get(call.method, ())
                          if m.usr != call.callee_usr and m.is_virtual and self.derives(m.class_name, call.callee_class)]
            self._targets[key] = found
        return found

    def _param_escapes(self) -> dict[str, set[int]]:
        """Per function, the parameters it, or a callee at any depth, stores or hands away."""
        escapes = {usr: set(fn.param_escapes) for usr, fn in self.functions.items()}
        changed = True
        while changed:
            changed = False
            for usr, fn in self.functions.items():
                for call in fn.calls:
                    for arg, param in call.param_args:
                        if param not in escapes[usr] and any(arg in escapes[t] for t in self.targets(call)):
                            escapes[usr].add(param)
                            changed = True
        return escapes

    def _escaped_locals(self) -> set[tuple[str, str]]:
        """(function, local) pairs whose object a callee, at any depth, stores or hands away."""
        escapes = self.param_escapes
        out: set[tuple[str, str]] = set()
        for usr, fn in self.functions.items():
            for call in fn.calls:
                for arg, owner in call.owned_args:
                    if any(arg in escapes[t] for t in self.targets(call)):
                        out.add((usr, owner))
        # `p = make()` is private to us only if `make` returns fresh objects, in whatever TU it is
        fresh = self.fresh_returners
        for usr, fn in self.functions.items():
            for local, callees in fn.fresh_if:
                if not all(c in fresh for c in callees):
                    out.add((usr, local))
        return out

    def _returns_fresh(self) -> set[str]:
        """Functions every return of which hands back an allocation made there (or null): `malloc`
        wrappers and constructors-by-function (`loop_new()`), to any depth."""
        return _closure(self.functions, "return_sources")

    def _joiners(self) -> dict[str, set[str]]:
        """Thread handle -> functions that join it, themselves or through a (non-deferred) callee:
        `void stop() { worker_.join(); }` and whoever calls `stop()`."""
        callers: dict[str, set[str]] = {}
        for usr, fn in self.functions.items():
            for call in fn.calls:
                if not call.deferred:
                    for target in self.targets(call):
                        callers.setdefault(target, set()).add(usr)
        out: dict[str, set[str]] = {}
        for usr, fn in self.functions.items():
            for handle in fn.joins:
                found = out.setdefault(handle, set())
                stack = [usr]
                while stack:
                    u = stack.pop()
                    if u not in found:
                        found.add(u)
                        stack.extend(callers.get(u, ()))
        return out

    def _join_nodes(self, usr: str, handle: str) -> set[int]:
        """Nodes of `usr` calling a function that joins `handle`."""
        joiners = self.joiners.get(handle)
        if not joiners or not handle:
            return set()
        return {c.node for c in self.functions[usr].calls
                if not c.deferred and any(t in joiners for t in self.targets(c))}

    def _reachable(self, usr: str, starts: Iterable[int], blocked: set[int]) -> set[int]:
        """Nodes reachable from `starts` (included) without entering a `blocked` node."""
        return self.functions[usr].reachable(starts, blocked)

    def _joined_in_callees(self, usr: str, start: StartFact) -> StartFact:
        """The start's region less what follows a call that joins the thread in a callee."""
        blocked = self._join_nodes(usr, start.handle) - {start.node}
        if not blocked:
            return start
        successors = self.functions[usr].successors
        after = self._reachable(usr, successors[start.node] if start.node < len(successors) else (), blocked)
        region = frozenset(start.region & after)
        return replace(start, region=region, escapes=CFG.EXIT in region, multiple=start.node in region)

    def run_override(self, cls: str, exact: bool = False) -> list[str]:
        """The `run()` a thread object of class `cls` runs: its own or its nearest base's override
        (when the class is not known exactly, an override in some subclass)."""
        for candidate in (cls, *self.classes.get(cls, ())):
            for m in self._methods.get("run", ()):
                if m.class_name == candidate:
                    return [m.usr]
        if exact:
            return []  # a plain QThread: its run() is the event loop (see affinity contexts)
        return [m.usr for m in self._methods.get("run", ()) if self.derives(m.class_name, cls) and m.class_name != cls]

    # --- contexts --------------------------------------------------------------------------
    def _build_contexts(self) -> None:
        entries: set[str] = set()
        threads: list[Context] = []
        for fn in sorted(self.functions.values(), key=lambda f: (f.location.file, f.location.line, f.usr)):
            for index, start in enumerate(fn.starts):
                start = self._joined_in_callees(fn.usr, start)
                usrs = [u for u in start.entries if u in self.functions]
                if start.run_class:
                    usrs += self.run_override(start.run_class, start.exact)
                if not usrs:
                    continue
                entries.update(usrs)
                name = self.functions[usrs[0]].qualified_name
                # the routine's argument is the object the starter handed over: one and the same for both
                given = frozenset((0,)) if start.arg else _NONE
                ctx = Context(f"{fn.usr}#start{index}", f"thread '{name}'", usrs[0], start, fn.usr,
                              [(u, NO_LOCKS, False, bool(start.run_class), _NONE, given, _NONE) for u in usrs])
                threads.append(ctx)
        threads += self._affinity_contexts(entries)
        thread_bases = {entry.split("::")[0]: entry.rsplit("::", 1)[1] for entry in knowledge().thread_classes}
        for fn in self.functions.values():  # run() overrides of thread classes nobody is seen starting
            if fn.usr in entries or not fn.class_name:
                continue
            if any(fn.name == method and self.derives(fn.class_name, base) and fn.class_name != base
                   for base, method in thread_bases.items()):
                entries.add(fn.usr)
                threads.append(Context(f"{fn.usr}#run", f"thread '{fn.qualified_name}'", fn.usr,
                                       roots=[(fn.usr, NO_LOCKS, False, True, _NONE, _NONE, _NONE)]))
        called = {v for _, v in self.call_graph.edges()}
        mains = [u for u, f in self.functions.items() if f.is_main]
        self.is_library = not mains
        # destructors nobody calls run when their object dies, after its users are done with it (as
        # RacerD assumes): they are no root of the main thread
        roots = mains + sorted(u for u, f in self.functions.items() if u not in called and u not in entries
                               and u not in mains and f.kind != "destructor")
        main = Context(MAIN, "the main thread", roots=[(u, NO_LOCKS, False, False, _NONE, _NONE, _NONE) for u in roots])
        main.reach = self.walk(main.roots)
        for ctx in threads:
            binding = self._start_binding(ctx, main)
            if binding:
                ctx.roots = [(*root[:6], binding) for root in ctx.roots]
            ctx.reach = self.walk(ctx.roots)
        reached = set(main.reach).union(*(c.reach for c in threads)) if threads else set(main.reach)
        unreached = sorted(u for u, f in self.functions.items() if u not in reached and u not in entries
                           and f.kind != "destructor")
        if unreached:  # cycles nobody calls: they run somewhere, take the main thread
            main.roots += [(u, NO_LOCKS, False, False, _NONE, _NONE, _NONE) for u in unreached]
            main.reach = self.walk(main.roots)
        # what `main` itself runs; the rest of the main context is entry points nobody in the program
        # calls (dead code here, a callback stored out of sight, an API another program uses)
        self.main_proper = set(self.walk([(u, NO_LOCKS, False, False, _NONE, _NONE, _NONE) for u in mains])) if mains else set()
        self.contexts[MAIN] = main
        for ctx in threads:
            self.contexts[ctx.id] = ctx
        for ctx in self.contexts.values():
            ctx.by_key = self.instances(ctx.id, ctx.reach)

    def _affinity_contexts(self, entries: set[str]) -> list[Context]:
        """One context per QThread that objects were moved to: the slots connected to those objects
        run in its event loop, from its `start()` on."""
        slots: dict[str, list[str]] = {}
        for fn in sorted(self.functions.values(), key=lambda f: (f.location.file, f.location.line, f.usr)):
            for call in fn.calls:
                if call.deferred and call.receiver_object in self.moved:
                    thread = self.moved[call.receiver_object][0]
                    slots.setdefault(thread, []).extend(t for t in self.targets(call) if t not in slots.get(thread, ()))
        out = []
        for thread, usrs in sorted(slots.items()):
            if not usrs:  # its slots have no body here (deleteLater, a Qt class's own): nothing of ours runs there
                continue
            text = next(t for k, t in self.moved.values() if k == thread)
            start, starter = None, ""
            for fn in sorted(self.functions.values(), key=lambda f: (f.location.file, f.location.line, f.usr)):
                found = next((s for s in fn.starts if s.handle == thread), None)
                if found is not None:
                    start, starter = self._joined_in_callees(fn.usr, found), fn.usr
                    break
            entries.update(usrs)
            out.append(Context(f"affinity:{thread}", f"the thread of '{text}'", usrs[0], start, starter,
                               [(u, NO_LOCKS, False, False, _NONE, _NONE, _NONE) for u in usrs]))
        return out

    def walk(self, seeds: list[tuple], only: dict[str, frozenset[int]] | None = None) -> dict[str, set[State]]:
        """Functions a context runs, each with the lock sets (and privacy of `this`) it is entered with."""
        reach: dict[str, set[State]] = {}
        work: list[tuple[str, State]] = []

        def push(usr: str, state: State) -> None:
            states = reach.setdefault(usr, set())
            if state in states:
                return
            if state[5]:  # object bindings refine a state; past a few of them, the state without
                variants = sum(1 for s in states if s[:5] == state[:5])
                if variants >= _BINDING_VARIANTS:
                    state = (*state[:5], _NONE)
                    if state in states:
                        return
            bases = {s[:5] for s in states}
            if len(bases) >= _STATE_CAP and state[:5] not in bases:
                state = (NO_LOCKS, False, False, _NONE, _NONE, _NONE)
                if state in states:
                    return
            states.add(state)
            work.append((usr, state))

        for usr, *state in seeds:
            if usr in self.functions:
                push(usr, tuple(state))  # type: ignore[arg-type]
        while work:
            usr, (locks, private, own, owned_params, global_params, bindings) = work.pop()
            fn = self.functions[usr]
            nodes = only.get(usr) if only else None
            this_private = private or fn.kind in _PRIVATE_KINDS
            for call in fn.calls:
                if nodes is not None and call.node not in nodes:
                    continue
                targets = self.targets(call)
                if not targets or call.receiver_object in self.moved:
                    continue  # no call here, or a slot that runs in the thread its object was moved to
                if call.deferred:
                    state = (NO_LOCKS, False, own and call.on_this, _NONE, _NONE, _NONE)
                else:
                    passed = frozenset(i for i, owner in call.owned_args if (usr, owner) not in self.escaped_locals)
                    passed |= {i for i in call.early_args
                               if not any(i in self.param_escapes.get(t, ()) for t in self.targets(call))}
                    passed |= {i for i, p in call.param_args if p in owned_params}
                    if this_private:  # what our object owns is as private as our object
                        passed |= {i for i, member in call.member_args if member in self.owning_members}
                    on_owned = call.on_owned and (usr, call.owner) not in self.escaped_locals
                    private_callee = on_owned or (call.on_this and this_private) or (
                        call.receiver_param >= 0 and call.receiver_param in owned_params)
                    rooted = frozenset(call.global_args) | {i for i, p in call.param_args if p in global_params}
                    state = (locks | call.locks, private_callee, own and call.on_this, passed, rooted,
                             self._bind(usr, call, dict(bindings)))
                for target in targets:
                    push(target, state)
        return reach

    def _argument_object(self, context: str, usr: str, access: AccessFact) -> AccessFact | None:
        """An access through the routine's argument (`*(int *)arg = ...`) as an access to the object
        the thread was started with, when this is that routine in that thread; else None."""
        ctx = self.contexts.get(context)
        start = ctx.start if ctx is not None else None
        if start is None or usr != ctx.entry or access.key != f"{DEREF}0" or not start.arg \
                or not start.arg.startswith(("local:", "global:")):
            return None
        return replace(access, key=f"object:{start.arg}", name=start.arg_name or access.name, param=-1)

    # --- which object -----------------------------------------------------------------------
    def _resolve(self, usr: str, instance: str, bindings: dict[int, str]) -> str:
        """A function's instance descriptor (Summarizer._instances) as an object of this context."""
        if not instance:
            return ""
        if instance == "t":
            return bindings.get(-1, "")
        if instance[0] == "p":
            return bindings.get(int(instance[1:]), "")
        if instance.startswith(("o:", "n:")):
            local = instance[2:]
            if (usr, local) in self._not_own:
                return ""  # `p = make()` and `make` does not always return a fresh object
            if local in self._handed_locals:
                return f"x:{local}"  # handed to a thread through a wrapper the TU could not see
            if (usr, local) in self._published:
                return f"n:{local}"  # a callee stores it somewhere
        return instance

    def _start_binding(self, ctx: Context, main: Context) -> frozenset[tuple[int, str]]:
        """The routine's parameter bound to the object the thread was started with: a global, a local
        the starter hands over, or what the starter's own parameter is bound to in the main thread
        (the same object in every way the main thread reaches the starter)."""
        start = ctx.start
        if start is None or not start.arg_instance or ctx.entry not in self.functions:
            return _NONE
        element, instance = start.arg_instance.startswith("e:"), start.arg_instance.removeprefix("e:")
        if instance[0] in "pt":
            objects = {self._resolve(ctx.starter, instance, dict(state[5])) for state in main.reach.get(ctx.starter, ())}
            found = objects.pop() if len(objects) == 1 else ""
        else:
            found = self._resolve(ctx.starter, instance, {})
        if found and element and start.multiple:
            found = f"e:{found}"
        elif not found and not element:
            found = f"a:{ctx.id}"  # unknown, but what every start of this site is handed: one object
        return frozenset({(0, found)}) if found else _NONE

    def _bind(self, usr: str, call: CallFact, bindings: dict[int, str]) -> frozenset[tuple[int, str]]:
        """The callee's parameters (and `this`) bound to the objects the caller passes."""
        out = [(i, obj) for i, what in enumerate(call.arg_instances) if (obj := self._resolve(usr, what, bindings))]
        receiver = self._resolve(usr, call.receiver_instance, bindings)
        if receiver:
            out.append((-1, receiver))
        return frozenset(out)

    def instances(self, context: str, reach: dict[str, set[State]],
                  only: dict[str, frozenset[int]] | None = None) -> dict[str, list[Instance]]:
        out: dict[str, list[Instance]] = {}
        seen: set[tuple] = set()
        for usr, states in reach.items():
            fn = self.functions[usr]
            nodes = only.get(usr) if only else None
            bound = [(state, dict(state[5])) for state in states]
            for access in fn.accesses:
                if nodes is not None and access.node not in nodes:
                    continue
                if access.key.startswith(DEREF):
                    access = self._argument_object(context, usr, access)
                    if access is None:
                        continue
                if access.early or (access.owned and (usr, access.owner) not in self.escaped_locals):
                    continue  # the object is private to this call (yet)
                for (locks, private, own, owned_params, global_params, _), bindings in bound:
                    if access.this_field and (private or fn.kind in _PRIVATE_KINDS):
                        continue  # the object is not shared yet (or any more)
                    if access.param >= 0 and access.param in owned_params:
                        continue  # the caller's own object, passed by reference
                    held = locks | access.locks
                    mine = own and access.this_field
                    rooted = access.global_root or access.this_field or (access.param >= 0 and access.param in global_params)
                    obj = self._resolve(usr, access.instance, bindings)
                    key = (access.location, access.key, access.write, held, mine, rooted, obj)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.setdefault(access.key, []).append(Instance(access, usr, context, held, mine, rooted, obj))
        for items in out.values():
            items.sort(key=lambda i: (i.access.location, not i.access.write, sorted(i.locks)))
        return out

    # --- ordering --------------------------------------------------------------------------
    def concurrent_with(self, parent: Context, thread: Context) -> Mapping[str, list[Instance]]:
        """The accesses `parent` may make while `thread` (started by code `parent` runs) is running."""
        cache_key = (parent.id, thread.id)
        cached = self._concurrent.get(cache_key)
        if cached is not None:
            return cached
        start = thread.start
        assert start is not None
        only = {thread.starter: start.region}
        result: Mapping[str, list[Instance]]
        if start.escapes:
            # everything the parent does, less what comes before the start: in the starter and its
            # callers before their calls leading to it, and in what only those earlier calls reach
            only.update(self.after_calls_to(thread.starter, parent, start.handle))
            result = _Filtered(parent.by_key, only, self._pruned(parent, only))
        else:
            seeds = [(thread.starter, *state) for state in _ordered(parent.reach.get(thread.starter, ()))]
            result = self.instances(parent.id, self.walk(seeds, only), only)
        self._concurrent[cache_key] = result
        return result

    def _pruned(self, context: Context, only: dict[str, frozenset[int]]) -> set[str]:
        """Functions `context` reaches only through calls made outside the `only` regions."""
        allowed: dict[str, set[str]] = {}
        cut: set[str] = set()
        for usr, nodes in only.items():
            fn = self.functions.get(usr)
            if fn is None:
                continue
            allowed[usr] = set()
            for call in fn.calls:
                (allowed[usr] if call.node in nodes else cut).update(self.targets(call))
        affected: set[str] = set()
        stack = [t for t in cut if t in context.reach]
        while stack:
            usr = stack.pop()
            if usr not in affected:
                affected.add(usr)
                stack.extend(t for t in self.call_graph.successors(usr) if t in context.reach and t not in affected)
        if not affected:
            return affected
        roots = {r[0] for r in context.roots}

        def entered(caller: str, callee: str) -> bool:
            return caller in context.reach and (caller not in allowed or callee in allowed[caller])

        kept = {u for u in affected if u in roots or any(entered(c, u) for c in self.call_graph.predecessors(u)
                                                          if c not in affected)}
        stack = list(kept)
        while stack:
            usr = stack.pop()
            for t in self.call_graph.successors(usr):
                if t in affected and t not in kept and entered(usr, t):
                    kept.add(t)
                    stack.append(t)
        return affected - kept

    def after_calls_to(self, target: str, context: Context, handle: str = "") -> dict[str, frozenset[int]]:
        """In each caller (transitively) of `target`, the nodes from its first call leading there on,
        up to a call that joins the thread (`handle`) in a callee.

        What a caller does before it (indirectly) starts a thread is ordered before that thread:
        `load_config(); run_server();` — the configuration is written before any worker exists;
        what follows `server.stop()` (which joins the worker) is ordered after it.
        """
        ancestors = nx.ancestors(self.call_graph, target) & context.reach.keys()
        leading = ancestors | {target}
        out: dict[str, frozenset[int]] = {}
        for usr in ancestors:
            if usr == target:
                continue
            fn = self.functions[usr]
            starts = {call.node for call in fn.calls if any(t in leading for t in self.targets(call))}
            blocked = self._join_nodes(usr, handle) - starts
            out[usr] = frozenset(fn.reachable(starts, blocked))
        return out

    def sides(self, a: Context, b: Context) -> tuple[dict[str, list[Instance]], dict[str, list[Instance]]] | None:
        """What of `a` and of `b` may run at the same time (None: they never overlap)."""
        if b.start is not None and b.starter in a.reach:
            return self.concurrent_with(a, b), b.by_key
        if a.start is not None and a.starter in b.reach:
            return a.by_key, self.concurrent_with(b, a)
        if a.start is not None and b.start is not None and a.starter == b.starter and a.start.node != b.start.node:
            if a.start.node not in b.start.region and b.start.node not in a.start.region:
                return None  # one is joined before the other starts
        for p in self._thread_parents(b):  # b was started by a thread `a` started: ordered like that one
            if p is not a and p.starter in a.reach:
                return self.concurrent_with(a, p), b.by_key
        return a.by_key, b.by_key

    def _proper(self, a: Context, b: Context, key: str, xs: list[Instance], ys: list[Instance]):
        """The main side of a main/thread pair less the accesses only entry points make: what `main`
        runs, and what runs after the start in the call chains leading to it."""
        chain_a, chain_b = self.chain_sides(a, b)
        if a.id == MAIN:
            return _union([x for x in xs if x.function in self.main_proper], chain_a.get(key, ())), ys
        return xs, _union([y for y in ys if y.function in self.main_proper], chain_b.get(key, ()))

    def _only_assumed(self, a: Context, b: Context) -> bool:
        """Do two threads overlap only because nothing orders them: started by different functions,
        neither reaching the other's start, one of them an entry point `main` does not run?"""
        if (b.start is not None and b.starter in a.reach) or (a.start is not None and a.starter in b.reach):
            return False
        if a.start is not None and b.start is not None and a.starter == b.starter:
            return False
        if any(p is not a and p.starter in a.reach for p in self._thread_parents(b)):
            return False
        return not (a.starter in self.main_proper and b.starter in self.main_proper)

    def _thread_parents(self, ctx: Context) -> list[Context]:
        """The started threads whose code starts `ctx`."""
        if self._parents is None:
            threads = [c for c in self.contexts.values() if c.start is not None]
            self._parents = {c.id: [p for p in threads if p is not c and c.starter and c.starter in p.reach]
                             for c in self.contexts.values()}
        return self._parents.get(ctx.id, [])

    def pairs(self) -> Iterable[tuple[Context, Context, Mapping[str, list[Instance]], Mapping[str, list[Instance]]]]:
        """Pairs of contexts that touch a common location, with what each may do while the other runs."""
        contexts = list(self.contexts.values())
        order = {c.id: i for i, c in enumerate(contexts)}
        by_key: dict[str, list[Context]] = {}
        for c in contexts:
            for key in c.by_key:
                by_key.setdefault(key, []).append(c)
        candidates: set[tuple[int, int]] = set()
        for sharing in by_key.values():
            if len(sharing) > 1:
                candidates.update((order[a.id], order[b.id]) for a, b in combinations(sharing, 2))
        for i, j in sorted(candidates):
            a, b = contexts[i], contexts[j]
            sides = self.sides(a, b)
            if sides is not None:
                yield a, b, sides[0], sides[1]
        for c in contexts:
            if c.multiple:
                yield c, c, c.by_key, c.by_key

    # --- questions -------------------------------------------------------------------------
    def races(self) -> list[Race]:
        """One race per location: the first (by source order) write racing with another access."""
        if self._races is None:
            self._races = self._find_races()
        return self._races

    def _meant_to_be_shared(self, key: str) -> bool:
        """RacerD's rule for library code: a field of a class that holds a mutex or atomic member, or
        whose fields some code accesses holding a lock."""
        owner = field_owner(key)
        if not owner:
            return True  # a global
        if self._locked_owners is None:
            # fields some code accesses holding a lock, and the objects threads run on (`this` of a
            # thread's entry method: a QThread's run(), a worker loop, a moved object's slots)
            self._locked_owners = {field_owner(a.key) for fn in self.functions.values() for a in fn.accesses if a.locks}
            for ctx in self.contexts.values():
                for usr, *_ in (ctx.roots if ctx.is_thread else ()):
                    fn = self.functions.get(usr)
                    if fn is not None:  # an object moved to a thread: whatever its slots touch there
                        moved = ctx.id.startswith("affinity:")
                        self._locked_owners.update(field_owner(a.key) for a in fn.accesses if a.this_field or moved)
        return owner in self.synchronized or owner in self._locked_owners

    def chain_sides(self, a: Context, b: Context) -> tuple[Mapping[str, list[Instance]], Mapping[str, list[Instance]]]:
        """Like `sides` for the main thread and a thread, but the main side only what runs after the
        start in the call chains leading to it (the starter and its callers, and what they call
        from there on): not the library's other entry points, which are only assumed to run then."""
        cached = self._chains.get((a.id, b.id))
        if cached is not None:
            return cached
        main, thread = (a, b) if a.id == MAIN else (b, a)
        empty: dict[str, list[Instance]] = {}
        if thread.start is None:
            result = (empty, empty)
        else:
            only = {thread.starter: thread.start.region}
            if thread.start.escapes:
                only.update(self.after_calls_to(thread.starter, main, thread.start.handle))
            seeds = [(usr, *state) for usr in only for state in _ordered(main.reach.get(usr, ()))]
            chain = self.instances(main.id, self.walk(seeds, only), only)
            result = (chain, thread.by_key) if a is main else (thread.by_key, chain)
        self._chains[(a.id, b.id)] = result
        return result

    def _find_races(self) -> list[Race]:
        best: dict[str, tuple[tuple, Race]] = {}
        for a, b, left, right in self.pairs():
            for key in left.keys() & right.keys():
                xs, ys = left[key], right[key]
                if not self._meant_to_be_shared(key):
                    # RacerD's rule: a struct or class that never synchronises is assumed confined to
                    # one thread per object unless the object is provably the same: a global, what a
                    # starter hands its thread, reached directly or through the parameters it is passed
                    # in; members reached through `this` keep the class's identity
                    xs, ys = [x for x in xs if x.rooted], [y for y in ys if y.rooted]
                if a is not b and not self._meant_to_be_shared(key):
                    # RacerD's rule for library code: entry points nobody in the program calls are not
                    # assumed to run alongside a thread, nor threads they start alongside each other,
                    # unless the class is meant to be shared; what `main` and a starter do still counts
                    if MAIN in (a.id, b.id):
                        xs, ys = self._proper(a, b, key, xs, ys)
                    elif self._only_assumed(a, b):
                        continue
                for x in xs:
                    for y in ys:
                        if not (x.access.write or y.access.write) or x.locks & y.locks:
                            continue
                        if x.thread_object and y.thread_object:
                            continue  # each start runs on its own QThread/QRunnable object
                        if not _may_be_one_object(x.object, y.object, a is b, x.access.instance, y.access.instance):
                            continue
                        first, second, c1, c2 = (x, y, a, b) if x.access.write else (y, x, b, a)
                        if second.access.write and second.access.location < first.access.location:
                            first, second, c1, c2 = second, first, c2, c1
                        if second.access.write and first.locks and not second.locks:
                            first, second, c1, c2 = second, first, c2, c1  # lead with the unguarded write
                        rank = (c1 is c2, bool(first.locks), first.access.location, second.access.location, c1.id, c2.id)
                        if key not in best or rank < best[key][0]:
                            best[key] = (rank, Race(key, first.access.name, first, second, (c1, c2)))
        return [race for _, race in sorted(best.values(), key=lambda item: item[0])]

    def concurrent_locations(self, keys: set[str]) -> set[Location]:
        """Sites of accesses to `keys` that may run alongside some thread: any thread's, and the
        starters' while their thread runs."""
        out: set[Location] = set()
        for ctx in self.contexts.values():
            if ctx.is_thread:
                out.update(i.access.location for key in keys & ctx.by_key.keys() for i in ctx.by_key[key])
        for a, b, left, right in self.pairs():
            for side in (left, right):
                out.update(i.access.location for key in keys & side.keys() for i in side[key])
        return out

    def lock_problems(self) -> list[Problem]:
        """Lock-discipline problems on feasible paths, with the program's lock wrappers known."""
        if self._lock_problems is None:
            self._lock_problems = lock_problems(self.functions, self.wrappers.events)
        return self._lock_problems

    def has_threads(self) -> bool:
        return len(self.contexts) > 1

    def all_instances(self) -> dict[str, list[Instance]]:
        out: dict[str, list[Instance]] = {}
        for ctx in self.contexts.values():
            for key, items in ctx.by_key.items():
                out.setdefault(key, []).extend(items)
        return out

    def lock_order_edges(self) -> list[LockOrderEdge]:
        edges: list[LockOrderEdge] = []
        seen: set[tuple] = set()
        for ctx in self.contexts.values():
            for usr, states in ctx.reach.items():
                fn = self.functions[usr]
                for acq in fn.acquisitions:
                    for locks, *_ in states:
                        for held in sorted((locks | acq.held) - {acq.lock}):
                            key = (held, acq.lock, acq.location, ctx.id)
                            if key not in seen:
                                seen.add(key)
                                edges.append(LockOrderEdge(held, acq.lock, acq.location, ctx.id, usr))
        return edges


def link(summaries: Iterable[UnitSummary]) -> ThreadAccessGraph:
    return ThreadAccessGraph(summaries)


def _closure(functions: dict[str, FunctionSummary], sources: str) -> set[str]:
    """Functions every return of which is `fresh` or a call of such a function, to any depth
    (`sources`: the summary field saying what each return hands back)."""
    fresh = {usr for usr, fn in functions.items() if getattr(fn, sources) and all(s == "fresh" for s in getattr(fn, sources))}
    changed = True
    while changed:
        changed = False
        for usr, fn in functions.items():
            returned = getattr(fn, sources)
            if usr in fresh or not returned:
                continue
            if all(s == "fresh" or (s.startswith("call:") and s[5:] in fresh) for s in returned):
                fresh.add(usr)
                changed = True
    return fresh


def _may_be_one_object(first: str, second: str, one_thread: bool, how_first: str = "", how_second: str = "") -> bool:
    """Can two accesses of two contexts (or, `one_thread`, of two starts of one thread) touch one
    object? Not when both objects are known and differ; not when one is an object its activation
    made and never handed on (`o:`), nor when both are objects their activations made (`o:`/`n:`):
    each context, and each start, runs its own activation of the function that made it; nor two
    starts in a loop each handed its own element of an array (`e:`). An object one activation made
    and stored somewhere (`n:`) may be what another thread reaches through a global or its argument.

    Two starts of one thread reaching an object through parameters nothing binds (`how_*` are the
    functions' instance descriptors, `p<N>`): no evidence that the starts share it. Each start is
    typically handed, or finds through callbacks, an object of its own (a worker per loop or per
    connection); what the starts do share is known (a global, one local handed to both, or `a:`,
    the one unknown argument every start of a site is handed)."""
    if one_thread and first == second and first.startswith("a:"):
        return True  # the starts were all handed one argument (`start(worker, shared)` in a loop)
    first, second = ("" if o.startswith("a:") else o for o in (first, second))  # else: unknown
    if not first and not second and one_thread and how_first[:1] == "p" and how_second[:1] == "p":
        return False
    if not first or not second:
        return True
    kinds = {first[:2], second[:2]}
    if "o:" in kinds or kinds == {"n:"}:
        return False  # never handed on, or each made by its own activation
    if "n:" in kinds:
        return True  # made by one activation and stored somewhere another thread may find it
    if first.removeprefix("e:") != second.removeprefix("e:"):
        return False
    return not (one_thread and first.startswith("e:") and second.startswith("e:"))


def _ordered(states: Iterable[State]) -> list[State]:
    """States in a fixed order: a set's order changes with the hash seed, and `walk` keeps only the
    first `_STATE_CAP` states of a function, so seeding it in set order would make findings vary
    from run to run."""
    return sorted(states, key=lambda st: (sorted(st[0]), st[1], st[2], sorted(st[3]), sorted(st[4]), sorted(st[5])))


def _union(first: list[Instance], second) -> list[Instance]:
    out = list(first)
    out += [i for i in second if i not in out]
    return out


class _Filtered(Mapping):
    """A context's instances less those ordered before a thread's start, filtered per key on demand."""

    def __init__(self, items: dict[str, list[Instance]], only: dict[str, frozenset[int]], excluded: set[str]):
        self._items = items
        self._only = only
        self._excluded = excluded
        self._done: dict[str, list[Instance]] = {}

    def __getitem__(self, key: str) -> list[Instance]:
        found = self._done.get(key)
        if found is None:
            only, excluded = self._only, self._excluded
            found = self._done[key] = [
                i for i in self._items[key] if i.function not in excluded
                and (i.function not in only or i.access.node in only[i.function])]
        return found

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
