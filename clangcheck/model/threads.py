"""Per-TU thread facts: what each function accesses, with which locks held, and which threads it starts.

The domain (after RacerD's): an *access* is a read or write of a shared location — a field
(identity: its declaring class and name, by USR), a global or static, or a local captured by
reference into a lambda — with the *lock set* that must be held there. Lock sets come from a
must-hold dataflow over the function's CFG (intersection where paths join): explicit
`lock()`/`unlock()` calls, and RAII guards that hold from their declaration to the end of their
scope or an `unlock()` on the guard. A *start* is a thread creation; the CFG nodes that may run
while that thread runs (reachable from the start without passing its join) are its concurrent
region, so accesses before the start or after the join are ordered with the thread.

`summarize_unit` returns a `UnitSummary`: plain, picklable data; the global link
(`model/access_graph.py`) reads only these.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from clangcheck.findings import Location
from clangcheck.knowledge import load as load_knowledge
from clangcheck.model.conditions import BranchFacts, _root
from clangcheck.model.types import CFG, Assignment, CallSite, Function, Ref, UnitModel

NO_LOCKS: frozenset[str] = frozenset()
DEREF = "#deref"  # key prefix of a write through parameter N's pointer (`*(int *)arg = ...`)
_UNIQUE_OWNERS = ("unique_ptr", "QScopedPointer")
_POINTER_OPERATORS = frozenset({"operator->", "operator*", "get", "data"})  # a smart pointer's object
_SMART_MAKERS = frozenset({"std::make_shared", "std::make_unique", "std::allocate_shared"})


# --- the summary types ------------------------------------------------------------------------
@dataclass(frozen=True)
class AccessFact:
    """One read or write of a shared location, with the locks this function holds there.

    `key` is the location's identity across TUs (a USR); `name` how messages spell it. `this_field`:
    made through `this` (so ordered when the object is still private: constructors, owned
    receivers); `owned`: through an object provably private to this call (a value local whose
    address never escapes, or a pointer to an object it just allocated).
    """

    location: Location
    key: str
    name: str
    write: bool
    locks: frozenset[str]
    node: int
    this_field: bool = False
    owned: bool = False
    param: int = -1  # made through parameter N: owned when the caller passed an object private to it
    owner: str = ""  # the local whose privacy `owned` rests on (lost if a callee lets it escape)
    global_root: bool = False  # made through a global object (`g.timers.n`, `g_ptr->n`)
    instance: str = ""  # which object the access is part of, see Summarizer._instances
    # made on an object this call just allocated, before anything could hand it to another thread
    early: bool = False
    update: bool = False  # a read-modify-write (`n++`, `n += k`): two of them at once lose one


@dataclass(frozen=True)
class CallFact:
    """A call to (or a callable handed to) a function that may be in the project, and the locks held.

    `deferred`: the callable is stored to run later (connect, signal): no locks carry into it.
    `on_this` / `on_owned`: the callee's `this` is ours / an object private to this call.
    """

    location: Location
    callee_usr: str
    callee_name: str
    callee_class: str
    method: str
    virtual: bool
    locks: frozenset[str]
    node: int
    on_this: bool = False
    on_owned: bool = False
    deferred: bool = False
    owned_args: tuple[tuple[int, str], ...] = ()  # (argument, local) objects private to the caller
    param_args: tuple[tuple[int, int], ...] = ()  # (argument, caller's parameter) passed through
    receiver_param: int = -1  # the receiver is the caller's parameter N
    owner: str = ""  # the local `on_owned` rests on
    # (argument, field): objects reached through a pointer member of `this` the class allocates itself
    member_args: tuple[tuple[int, str], ...] = ()
    # a slot connected with a context object (`connect(s, sig, obj, slot)`, not Qt::DirectConnection):
    # the key of `obj`; the slot runs in the thread `obj` lives in (see FunctionSummary.moves)
    receiver_object: str = ""
    # per argument: the exact mutex path, the lock-set id and the key (`function:<usr>`, `local:<usr>`,
    # `param:<n>`) the link needs to map a callee's lock, start and join effects onto this call
    arg_paths: tuple[str, ...] = ()
    arg_locks: tuple[str, ...] = ()
    arg_keys: tuple[str, ...] = ()
    arg_names: tuple[str, ...] = ()
    arg_private: tuple[bool, ...] = ()
    receiver_path: str = ""
    receiver_lock: str = ""
    lock_op: bool = False  # the TU already counts this call as a lock or unlock (a wrapper it sees)
    global_args: tuple[int, ...] = ()  # arguments that are (in) a global object: `init(&g_loop)`
    # per argument, and for the receiver: which object it is part of (Summarizer._instances)
    arg_instances: tuple[str, ...] = ()
    receiver_instance: str = ""
    # arguments that are an object the caller just allocated and nothing has handed on yet: private
    # to the callee too, unless the callee lets it escape (decided at the link)
    early_args: tuple[int, ...] = ()


@dataclass(frozen=True)
class StartFact:
    """A thread start: where, what runs there, and which nodes of the starter may run alongside it.

    `entries`: USRs of functions/lambdas the thread runs; `run_class`: for QThread/QRunnable, the
    class whose `run()` override runs (resolved at link time). `region`: CFG nodes of the starting
    function reachable from the start without passing its join; `escapes`: the thread may still run
    when the starting function returns; `multiple`: started again before being joined (a loop).
    """

    location: Location
    api: str
    entries: tuple[str, ...]
    run_class: str
    node: int
    region: frozenset[int]
    escapes: bool
    multiple: bool
    handle: str = ""  # what a join names (`field:<usr>` for a member thread), '' if unknown
    exact: bool = False  # the thread object's class is known exactly (a value, or `new X`)
    callable_param: int = -1  # the routine is the starter's parameter N: the starter is a start wrapper
    arg: str = ""  # the object the routine is given (`local:<usr>`, `param:<n>`), '' if unknown
    arg_name: str = ""
    # which object the routine's argument is part of (Summarizer._instances); `e:<object>`: an element
    # of it, a different one for each start when the start runs in a loop
    arg_instance: str = ""


@dataclass(frozen=True)
class LockEvent:
    """A mutex locked, unlocked or tried at a CFG node, for the path engine of the link to replay.

    `path` names the mutex object exactly: `G<usr>` / `L<usr>` a global / local, `P<n>` parameter
    n, `this`, each followed by `|<field usr>` steps; `lock` is the lock-set id races use.
    """

    node: int
    op: str  # 'lock' | 'unlock' | 'trylock'
    path: str
    lock: str
    name: str
    location: Location
    success: str = ""  # a trylock tested by its condition node: the edge taken when it got the mutex
    recursive: bool = False
    private: bool = False  # the mutex is reached only from this call: a static or by-value local
    via: str = ""  # the wrapper whose call this is (`lock_acquire`), '' for a direct lock


@dataclass(frozen=True)
class Branch:
    """A condition node: its two edges, and the simple subject it tests (model/conditions.py)."""

    node: int
    true: tuple[int, ...]
    false: tuple[int, ...]
    subject: str = ""
    polarity: bool = True


@dataclass(frozen=True)
class Acquisition:
    """A lock taken while others (of this function) are held: an edge source for lock-order cycles."""

    location: Location
    lock: str
    held: frozenset[str]


@dataclass
class FunctionSummary:
    usr: str
    qualified_name: str
    name: str
    kind: str
    class_name: str
    location: Location
    is_virtual: bool = False
    parent_usr: str = ""
    accesses: tuple[AccessFact, ...] = ()
    calls: tuple[CallFact, ...] = ()
    starts: tuple[StartFact, ...] = ()
    acquisitions: tuple[Acquisition, ...] = ()
    successors: tuple[tuple[int, ...], ...] = ()  # the CFG's normal edges, for ordering across callers
    param_escapes: frozenset[int] = frozenset()  # parameters whose object this function stores or hands away
    # handles of member or global threads this function joins (`worker_.join()`): callers are
    # ordered after those threads from the call on (linked transitively)
    joins: frozenset[str] = frozenset()
    # `obj->moveToThread(t)`: (key of obj, key of t, how t reads): obj's slots run in t's thread
    moves: tuple[tuple[str, str, str], ...] = ()
    # for the path engine and wrapper summaries of the link (model/wrappers.py, model/lock_paths.py)
    lock_events: tuple[LockEvent, ...] = ()
    branches: tuple[Branch, ...] = ()
    writes: tuple[tuple[int, tuple[str, ...]], ...] = ()  # names a node writes (forgetting what a path knew)
    nulls: tuple[tuple[int, tuple[str, ...]], ...] = ()  # names a node sets to null
    exits: tuple[tuple[int, Location], ...] = ()  # return nodes and where they are
    field_stores: tuple[tuple[str, int], ...] = ()  # (field usr, parameter n): `obj->field = param`
    pointer_calls: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (pointer key, argument keys)
    out_params: frozenset[int] = frozenset()  # pointer parameters written through (`*out = x`)
    join_sites: tuple[tuple[int, str], ...] = ()  # (node, handle key) of every join this function makes
    recursive_mutexes: bool = False  # its TU makes pthread mutexes recursive at run time
    # pointer locals fresh only if these project functions return fresh objects (`loop = loop_new()`)
    fresh_if: tuple[tuple[str, tuple[str, ...]], ...] = ()
    return_sources: tuple[str, ...] = ()  # see Summarizer._return_sources
    # locals that are their own new object only if these project functions return new ones
    own_if: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # like `return_sources`, for a new object on every call whether or not it was also stored
    # somewhere (`fresh`: made here, `call:<usr>`: new if that function returns new objects, `other`)
    new_sources: tuple[str, ...] = ()

    @property
    def is_main(self) -> bool:
        return self.qualified_name == "main" and self.kind == "function"

    def reachable(self, starts, blocked: set[int] | frozenset[int] = frozenset()) -> set[int]:
        """Nodes reachable over the normal edges from `starts` (included) without entering a
        `blocked` node."""
        region: set[int] = set()
        stack = [n for n in starts if n not in blocked]
        while stack:
            node = stack.pop()
            if node in region:
                continue
            region.add(node)
            if node < len(self.successors):
                stack.extend(s for s in self.successors[node] if s not in blocked and s not in region)
        return region


@dataclass
class UnitSummary:
    """The thread facts of one TU: its functions and the class hierarchy they need."""

    main_file: str
    functions: list[FunctionSummary] = field(default_factory=list)
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # class -> transitive bases
    # pointer members a constructor of their class sets from `new`: the object owns what they point to
    owning_members: set[str] = field(default_factory=set)
    # classes meant to be shared between threads, by the USR prefix of their fields (`c:@S@Queue`):
    # they hold a mutex, an atomic or a thread member
    synchronized_classes: set[str] = field(default_factory=set)


# --- knowledge --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Knowledge:
    lock: frozenset[str]
    unlock: frozenset[str]
    guards: frozenset[str]
    guard_release: frozenset[str]
    guard_acquire: frozenset[str]
    deferred_tags: frozenset[str]
    starts: dict
    deferred_launch: frozenset[str]
    container_types: frozenset[str]
    container_methods: frozenset[str]
    joins: frozenset[str]
    deferred_callbacks: frozenset[str]
    accessors: frozenset[str]
    safe_types: frozenset[str]
    thread_classes: frozenset[str]
    connects: frozenset[str] = frozenset()
    direct_connections: frozenset[str] = frozenset()
    move_to_thread: frozenset[str] = frozenset()
    trylock_zero: frozenset[str] = frozenset()
    trylock_true: frozenset[str] = frozenset()
    recursive_types: frozenset[str] = frozenset()
    recursive_attributes: frozenset[str] = frozenset()
    safe_objects: frozenset[str] = frozenset()
    non_retaining: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _memory_allocators() -> frozenset[str]:
    """Calls returning fresh heap memory (the `malloc` family of the ownership knowledge)."""
    return frozenset(load_knowledge("ownership")["allocators"]["malloc"])


@lru_cache(maxsize=1)
def _memory_releasers() -> frozenset[str]:
    return frozenset(load_knowledge("ownership")["releasers"]["malloc"])


def _flat(value) -> frozenset[str]:
    if isinstance(value, dict):
        return frozenset(n for group in value.values() for n in (group or ()))
    return frozenset(value or ())


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    d = load_knowledge("concurrency")
    return Knowledge(
        lock=_flat(d["lock"]), unlock=_flat(d["unlock"]), guards=_flat(d["guards"]),
        guard_release=_flat(d["guard_release"]), guard_acquire=_flat(d["guard_acquire"]),
        deferred_tags=_flat(d["deferred_tags"]), starts=dict(d["thread_starts"]),
        deferred_launch=_flat(d["deferred_launch"]),
        container_types=_flat(d["thread_containers"]["element_types"]),
        container_methods=_flat(d["thread_containers"]["methods"]),
        joins=_flat(d["joins"]), deferred_callbacks=_flat(d["deferred_callbacks"]),
        accessors=_flat(d["accessors"]), safe_types=_flat(d["safe_types"]),
        thread_classes=_flat(d["thread_classes"]),
        connects=_flat(d.get("connects")), direct_connections=_flat(d.get("direct_connections")),
        move_to_thread=_flat(d.get("move_to_thread")),
        trylock_zero=_flat((d.get("trylock") or {}).get("zero")),
        trylock_true=_flat((d.get("trylock") or {}).get("true")),
        recursive_types=_flat(d.get("recursive_types")),
        recursive_attributes=_flat(d.get("recursive_attributes")),
        safe_objects=_flat(d.get("safe_objects")),
        non_retaining=_flat(d.get("non_retaining")),
    )


_NORMALIZE = re.compile(r"\b__1::|\b__cxx11::|\b__detail::")


def normalized(name: str) -> str:
    """libc++/libstdc++ inline namespaces dropped: `std::__1::thread` -> `std::thread`."""
    return _NORMALIZE.sub("", name)


def class_of_type(spelling: str) -> str:
    """`const ServerThread *` -> `ServerThread`; smart pointers give their pointee."""
    t = re.sub(r"\b(const|volatile|class|struct|union|enum)\b", "", spelling)
    t = t.replace("*", "").replace("&", "").strip()
    m = re.match(r"^(?:std::)?(?:unique_ptr|shared_ptr|QPointer|QScopedPointer|QSharedPointer)<\s*(.+?)\s*(?:,.*)?>$", t)
    if m:
        return class_of_type(m.group(1))
    return t


def type_head(spelling: str) -> str:
    """The unqualified name of a type's outermost template or class: `std::atomic<int> *` -> `atomic`."""
    t = re.sub(r"\b(const|volatile|class|struct|union|enum)\b", "", spelling).strip()
    if t.startswith("_Atomic"):
        return "atomic"
    t = t.split("<", 1)[0].replace("*", "").replace("&", "").strip()
    return t.rsplit("::", 1)[-1]


def field_owner(usr: str) -> str:
    """The USR prefix naming a field's class: `c:@S@Queue@FI@items_` -> `c:@S@Queue`."""
    return usr.rsplit("@FI@", 1)[0] if "@FI@" in usr else ""


def is_safe_type(spelling: str) -> bool:
    return type_head(spelling) in knowledge().safe_types


def is_const_object(spelling: str) -> bool:
    t = spelling.replace("&", "").strip()
    return (t.startswith("const ") and "*" not in t) or t.endswith("* const") or t.endswith("*const")


# --- per-function analysis --------------------------------------------------------------------
def _before_or_at(a: Location, b: Location) -> bool:
    return (a.line, a.column) <= (b.line, b.column)


def _in_scope(loc: Location | None, start: Location, end: Location | None) -> bool:
    """Is a node at `loc` inside a variable's scope (from its declaration to its block's end)?"""
    if loc is None or end is None or loc.file != start.file:
        return loc is None or end is None
    return _before_or_at(start, loc) and _before_or_at(loc, end)


class UnitFacts:
    """Facts of the whole TU needed while summarizing one function: field owners, thread-locals."""

    def __init__(self, unit: UnitModel):
        self.unit = unit
        self.field_owner: dict[str, str] = {}
        for info in unit.classes.values():
            for f in info.fields:
                self.field_owner[f.usr] = info.name
        self.thread_local: set[str] = {g.usr for g in unit.globals if g.thread_local}
        self.const_globals: set[str] = {g.usr for g in unit.globals if is_const_object(g.type)}
        for fn in unit.functions:
            for var in fn.locals:
                if var.thread_local:
                    self.thread_local.add(var.usr)
        self.functions = {fn.usr: fn for fn in unit.functions}
        # locals captured by reference into some lambda: shared between the lambda and its parent
        self.captured: set[str] = set()
        for fn in unit.functions:
            if fn.kind != "lambda":
                continue
            explicit = {ref.usr for ref, _ in fn.captures}
            self.captured.update(ref.usr for ref, by_ref in fn.captures if by_ref)
            if fn.default_capture == "&":
                own = {v.usr for v in fn.locals} | {p.usr for p in fn.params}
                self.captured.update(a.ref.usr for a in fn.accesses
                                     if a.ref.kind in ("local", "param") and a.ref.usr not in own
                                     and a.ref.usr not in explicit)
        self.lambda_parent: dict[str, str] = {fn.usr: fn.parent_usr for fn in unit.functions if fn.kind == "lambda"}
        attributes = knowledge().recursive_attributes
        self.recursive_pthread = any(unit.callee_in(c.callee, attributes) or c.callee.qualified_name in attributes
                                     for fn in unit.functions for c in fn.calls)
        self.lock_names, self.unlock_names, self.guard_types = self._project_lock_wrappers()
        self.atomic_classes = self._atomic_classes()

    def _atomic_classes(self) -> frozenset[str]:
        """The TU's classes made only of atomics (and of such classes): `class AtomicCounter {
        std::atomic<int> _counter; };` is as safe to share as the atomic it wraps. By the type's
        head, as `is_safe_type` names types."""
        classes = {type_head(info.name): info for info in self.unit.classes.values() if info.fields}
        atomic: set[str] = set()
        changed = True
        while changed:
            changed = False
            for head, info in classes.items():
                if head in atomic:
                    continue
                if all(f.is_static or is_safe_type(f.type) or type_head(f.type) in atomic for f in info.fields):
                    atomic.add(head)
                    changed = True
        return frozenset(atomic)

    def is_safe(self, type_: str) -> bool:
        """An atomic, a synchronisation object, or a class of the TU made only of atomics."""
        return is_safe_type(type_) or type_head(type_) in self.atomic_classes

    def _project_lock_wrappers(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The project's own mutex classes and guards, recognised by what their bodies do:
        `void Mutex::Lock() { mu_.lock(); }` locks its object; a class whose constructor locks and
        whose destructor unlocks is an RAII guard (`MutexLock l(&mu_);`)."""
        k = knowledge()
        lock, unlock = set(k.lock), set(k.unlock)

        def is_op(call: CallSite, names: set[str]) -> bool:
            return call.callee.qualified_name in names or self.unit.callee_in(call.callee, frozenset(names))

        def on_member(call: CallSite) -> bool:
            r = call.receiver
            return r is not None and r.kind == "field" and r.base is not None and r.base.kind == "this"

        methods = [fn for fn in self.unit.functions if fn.kind == "method" and fn.class_name]
        for _ in range(2):  # a wrapper of a wrapper
            for fn in methods:
                ops = {"lock" if is_op(c, lock) else "unlock" if is_op(c, unlock) else "" for c in fn.calls if on_member(c)}
                ops.discard("")
                if ops == {"lock"}:
                    lock.add(fn.qualified_name)
                elif ops == {"unlock"}:
                    unlock.add(fn.qualified_name)
        guards = set(type_head(g) for g in k.guards)
        # in a template, `_mutex.lock()` on a member of parameter type: the BasicLockable methods
        lock_methods = {n.rsplit("::", 1)[-1] for n in k.lock if "::" in n}
        unlock_methods = {n.rsplit("::", 1)[-1] for n in k.unlock if "::" in n}
        by_class: dict[str, set[str]] = {}
        for fn in self.unit.functions:
            if fn.kind in ("constructor", "destructor") and fn.class_name:
                names = lock if fn.kind == "constructor" else unlock
                methods = lock_methods if fn.kind == "constructor" else unlock_methods
                if any(is_op(c, names) and c.receiver is not None and c.receiver.kind in ("field", "param")
                       for c in fn.calls) or any(d.method in methods and d.receiver.kind in ("field", "param")
                                                 for d in fn.dependent_calls):
                    by_class.setdefault(fn.class_name, set()).add(fn.kind)
        guards |= {type_head(normalized(cls)) for cls, kinds in by_class.items() if kinds == {"constructor", "destructor"}}
        return frozenset(lock), frozenset(unlock), frozenset(guards)

    def lock_id(self, ref: Ref) -> str | None:
        """The identity of a mutex expression: `Class::field`, a global's name, a captured local."""
        if ref.kind == "field":
            owner = self.field_owner.get(ref.usr)
            return f"{owner}::{ref.name}" if owner else ref.name
        if ref.kind == "global":
            return ref.name
        if ref.kind == "local":
            return f"{ref.name}@{ref.usr}"
        if ref.kind == "param":
            return f"some {class_of_type(ref.type) or 'mutex'}"  # unknown object: any of that type
        if ref.kind == "call" and ref.name:
            return f"{ref.name}()"
        return None


def object_path(fn: Function, ref: Ref | None, depth: int = 0) -> str:
    """The exact object an expression names, for telling two mutexes apart: `G<usr>`, `L<usr>`,
    `P<n>` or `this`, then `|<field usr>` per member step ('' when it goes through a call)."""
    if ref is None or depth > 6:
        return ""
    if ref.kind in ("local", "global"):
        return ("L" if ref.kind == "local" else "G") + ref.usr
    if ref.kind == "param":
        index = next((i for i, p in enumerate(fn.params) if p.usr == ref.usr), -1)
        return f"P{index}" if index >= 0 else ""
    if ref.kind == "this":
        return "this"
    if ref.kind == "field":
        base = object_path(fn, ref.base or Ref("this"), depth + 1)
        return f"{base}|{ref.usr}" if base else ""
    return ""


def private_object(fn: Function, ref: Ref | None) -> bool:
    """Is the object `ref` names reachable only from this function: inside a `static` local, or in
    a by-value local (not a pointer or reference to something else)?"""
    root = ref.root() if ref is not None else None
    if root is not None and root.kind == "global" and "@F@" in root.usr:
        return True  # a function's `static` local: no other function can name it
    if root is None or root.kind != "local":
        return False
    var = next((v for v in fn.locals if v.usr == root.usr), None)
    if var is None or var.thread_local:
        return False
    return var.is_static or ("*" not in var.type and not var.is_reference)


@dataclass
class _Guard:
    locks: tuple[str, ...]
    start: Location
    end: Location | None


class FunctionFacts:
    """Lock sets at each CFG node of one function, and its accesses, calls and thread starts."""

    def __init__(self, fn: Function, facts: UnitFacts):
        self.fn = fn
        self.facts = facts
        self.k = knowledge()
        self.unit = facts.unit
        self.locals = {v.usr: v for v in fn.locals}
        self.calls_by_id = {c.id: c for c in fn.calls}
        self.guards: dict[str, _Guard] = {}
        self.ops: dict[int, list[tuple[str, object]]] = {}
        self.acquisitions: list[Acquisition] = []
        self.events: list[LockEvent] = []
        self.lock_calls: set[str] = set()  # calls that are lock, unlock or trylock operations
        self.mutexes: set[str] = set()  # variables this function locks or guards: synchronisation, not data
        self._collect_lock_ops()
        self.held = self._dataflow()

    # lock events ------------------------------------------------------------------------
    def _is(self, call: CallSite, names: frozenset[str]) -> bool:
        callee = call.callee
        return normalized(callee.qualified_name) in names or self.unit.callee_in(callee, names) or callee.qualified_name in names

    def _mutex_operand(self, call: CallSite) -> Ref | None:
        if call.callee.class_name and call.receiver is not None:
            return call.receiver
        return call.args[0] if call.args else None

    def _is_tag(self, ref: Ref) -> bool:
        tags = self.k.deferred_tags
        if ref.kind == "global":
            return ref.name in tags or ref.name.rsplit("::", 1)[-1] in {t.rsplit("::", 1)[-1] for t in tags}
        if ref.kind == "call":
            site = self.calls_by_id.get(ref.usr)
            return site is not None and type_head(site.callee.class_name) in {t.rsplit("::", 1)[-1] for t in tags}
        return False

    def _collect_lock_ops(self) -> None:
        for call in self.fn.calls:
            callee = call.callee
            cls = normalized(callee.class_name)
            if callee.kind == "constructor" and type_head(cls) in self.facts.guard_types \
                    and call.use.kind == "initializes" and call.use.target is not None:
                tagged = any(self._is_tag(a) for a in call.args)
                adopt = any(a.kind == "global" and a.name.endswith("adopt_lock") for a in call.args)
                locks = tuple(l for a in call.args if not self._is_tag(a) and not a.name.endswith("adopt_lock")
                              for l in [self.facts.lock_id(a)] if l)
                self.mutexes.update(a.usr for a in call.args if a.is_variable)
                target = call.use.target
                var = self.locals.get(target.usr)
                self.guards[target.usr] = _Guard(locks, var.location if var else call.location,
                                                 var.scope_end if var else None)
                if locks and (not tagged or adopt):
                    self.ops.setdefault(call.node, []).append(("acquire-guard", target.usr))
                continue
            if call.receiver is not None and call.receiver.kind == "local" and call.receiver.usr in self.guards:
                if callee.name in self.k.guard_release:
                    self.ops.setdefault(call.node, []).append(("release-guard", call.receiver.usr))
                elif callee.name in self.k.guard_acquire:
                    self.ops.setdefault(call.node, []).append(("acquire-guard", call.receiver.usr))
                continue
            if self._is(call, self.facts.lock_names):
                operand = self._mutex_operand(call)
                lock = self.facts.lock_id(operand) if operand is not None else None
                if lock:
                    self.ops.setdefault(call.node, []).append(("acquire", lock))
                    self.acquisitions.append(Acquisition(call.location, lock, NO_LOCKS))
                    self._event(call, "lock", operand, lock)
            elif self._is(call, self.facts.unlock_names):
                operand = self._mutex_operand(call)
                lock = self.facts.lock_id(operand) if operand is not None else None
                if lock:
                    self.ops.setdefault(call.node, []).append(("release", lock))
                    self._event(call, "unlock", operand, lock)
            elif self._is(call, self.k.trylock_zero | self.k.trylock_true):
                operand = self._mutex_operand(call)
                lock = self.facts.lock_id(operand) if operand is not None else None
                if lock:
                    self._event(call, "trylock", operand, lock, self._success_edge(call))

    def _event(self, call: CallSite, op: str, operand: Ref | None, lock: str, success: str = "") -> None:
        if operand is not None and operand.is_variable:
            self.mutexes.add(operand.usr)
        path = object_path(self.fn, operand)
        if not path:
            return
        self.lock_calls.add(call.id)
        recursive = type_head(operand.type) in self.k.recursive_types if operand is not None else False
        name = operand.text() if operand is not None else lock
        self.events.append(LockEvent(call.node, op, path, lock, name, call.location, success,
                                     recursive or (self.facts.recursive_pthread and "pthread" in call.callee.name),
                                     private_object(self.fn, operand)))

    def _success_edge(self, call: CallSite) -> str:
        """The edge of the trylock's condition node taken when it got the mutex ('' if not tested there)."""
        if self.fn.cfg.nodes[call.node].kind != "condition":
            return ""
        zero = self._is(call, self.k.trylock_zero)
        use = call.use
        if use.kind == "condition":
            return "false" if zero else "true"
        if use.kind == "compared" and use.other is not None and use.other.kind in ("literal", "null") \
                and use.other.name in ("0", "", "false", "nullptr", "NULL"):
            if use.operator == "==":
                return "true" if zero else "false"
            if use.operator == "!=":
                return "false" if zero else "true"
        return ""

    def _transfer(self, node: int, state: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
        cfg_node = self.fn.cfg.nodes[node]
        if cfg_node.location is not None:
            state = frozenset(e for e in state if not e[1] or self._guard_in_scope(e[1], cfg_node.location))
        for op, arg in self.ops.get(node, ()):
            if op == "acquire":
                state = state | {(arg, "")}
            elif op == "release":
                state = frozenset(e for e in state if e[0] != arg)
            elif op == "acquire-guard":
                state = state | {(lock, arg) for lock in self.guards[arg].locks}
            elif op == "release-guard":
                state = frozenset(e for e in state if e[1] != arg)
        return state

    def _guard_in_scope(self, guard: str, loc: Location) -> bool:
        g = self.guards.get(guard)
        return g is None or _in_scope(loc, g.start, g.end)

    def _dataflow(self) -> list[frozenset[str]]:
        """Must-hold locks on entry to each node (intersection over predecessors)."""
        cfg = self.fn.cfg
        n = len(cfg.nodes)
        if n == 0:
            return []
        if not self.ops:
            return [NO_LOCKS] * n
        preds = cfg.predecessors()
        inn: list[frozenset | None] = [None] * n
        out: list[frozenset | None] = [None] * n
        inn[CFG.ENTRY] = frozenset()
        work = list(range(n))
        in_work = set(work)
        while work:
            node = work.pop(0)
            in_work.discard(node)
            if node != CFG.ENTRY:
                states = [out[p] for p, label in preds[node] if out[p] is not None and label != "exception"]
                if not states:  # a catch handler: what the throwing code held (guards still in scope)
                    states = [out[p] for p, label in preds[node] if out[p] is not None]
                if not states:
                    continue
                new_in = frozenset.intersection(*states)
                inn[node] = new_in
            new_out = self._transfer(node, inn[node])  # type: ignore[arg-type]
            if new_out != out[node]:
                out[node] = new_out
                for s, _ in cfg.nodes[node].succ:
                    if s not in in_work:
                        work.append(s)
                        in_work.add(s)
        held = []
        for node in range(n):
            state = inn[node] or frozenset()
            loc = cfg.nodes[node].location
            if loc is not None:
                state = frozenset(e for e in state if not e[1] or self._guard_in_scope(e[1], loc))
            held.append(frozenset(lock for lock, _ in state))
        # lock-order edges: what else was held when each explicit lock or guard was taken
        acquisitions = []
        for a in self.acquisitions:
            node = next((c.node for c in self.fn.calls if c.location == a.location), None)
            if node is not None:
                acquisitions.append(Acquisition(a.location, a.lock, held[node] - {a.lock}))
        for usr, guard in self.guards.items():
            node = next((c.node for c in self.fn.calls if c.use.target is not None and c.use.target.usr == usr
                         and c.callee.kind == "constructor"), None)
            if node is None:
                continue
            before = held[node]
            for lock in guard.locks:  # std::scoped_lock takes its mutexes together, deadlock-free
                acquisitions.append(Acquisition(guard.start, lock, before - {lock}))
        self.acquisitions = acquisitions
        return held


# --- accesses, calls, starts ------------------------------------------------------------------
class Summarizer:
    def __init__(self, unit: UnitModel):
        self.unit = unit
        self.facts = UnitFacts(unit)
        self.k = knowledge()
        self._parts: dict[str, int] = {}  # see _returned_part

    def summary(self) -> UnitSummary:
        out = UnitSummary(self.unit.main_file)
        for name, info in self.unit.classes.items():
            out.classes[name] = tuple(info.bases)
            if any(is_safe_type(f.type) for f in info.fields):  # a mutex, an atomic or a thread of its own
                out.synchronized_classes.update(field_owner(f.usr) for f in info.fields[:1])
        for fn in self.unit.functions:
            out.functions.append(self.function(fn))
            if fn.kind == "constructor":
                out.owning_members.update(a.target.usr for a in fn.assignments if a.target.kind == "field"
                                          and a.value.kind == "new" and a.target.root().kind == "this")
        return out

    def function(self, fn: Function) -> FunctionSummary:
        ff = FunctionFacts(fn, self.facts)
        escaped, fresh = self._escapes(fn)
        self._locals_instance, own_if = self._instances(fn, self._handed_to_threads | self.facts.captured)
        self._early_nodes = self._before_shared(fn)
        starts, start_callables = self._starts(fn, ff)
        accesses = tuple(self._accesses(fn, ff, escaped, fresh))
        calls = tuple(self._calls(fn, ff, escaped, fresh, start_callables))
        return FunctionSummary(
            fresh_if=tuple(sorted(self._fresh_if.items())), return_sources=self._return_sources(fn, fresh),
            own_if=own_if, new_sources=self._new_sources(fn, dict(own_if)),
            usr=fn.usr, qualified_name=normalized(fn.qualified_name), name=fn.name, kind=fn.kind,
            class_name=fn.class_name, location=fn.location, is_virtual=fn.is_virtual or fn.is_override,
            parent_usr=fn.parent_usr, accesses=accesses, calls=calls, starts=tuple(starts),
            acquisitions=tuple(ff.acquisitions), param_escapes=self._param_escapes(fn),
            joins=self._joins(fn), moves=self._moves(fn),
            lock_events=tuple(ff.events), recursive_mutexes=self.facts.recursive_pthread,
            **self._path_facts(fn), **self._wrapper_facts(fn),
            successors=tuple(tuple(sorted({t for t, label in node.succ if label not in ("exception", "noreturn")}))
                             for node in fn.cfg.nodes),
        )

    # facts for the link's path engine and wrapper summaries ------------------------------------
    def _arg_key(self, fn: Function, ref: Ref | None) -> str:
        """What an argument is, for mapping a callee's parameter effects onto a call."""
        if ref is None:
            return ""
        if ref.kind in ("function", "lambda"):
            return f"function:{ref.usr}"
        if ref.kind == "param":
            index = self._param_index(fn, ref)
            return f"param:{index}" if index >= 0 else ""
        return self._ref_key(ref) or ""

    def _rooted_key(self, fn: Function, ref: Ref | None) -> str:
        """`param:<n>` for anything reached from parameter n (`thread->handle`), else the plain key."""
        root = ref.root() if ref is not None else None
        if root is not None and root.kind == "param":
            return self._arg_key(fn, root)
        return self._arg_key(fn, ref)

    def _with_arguments(self, fn: Function, ff: FunctionFacts, call: CallFact, site: CallSite | None) -> CallFact:
        if site is None:
            return call
        recv = site.receiver
        return replace(
            call, arg_paths=tuple(object_path(fn, a) for a in site.args),
            arg_locks=tuple(self.facts.lock_id(a) or "" for a in site.args),
            arg_keys=tuple(self._arg_key(fn, a) for a in site.args), arg_names=tuple(a.text() for a in site.args),
            arg_private=tuple(private_object(fn, a) for a in site.args),
            global_args=tuple(i for i, a in enumerate(site.args) if a.root().kind == "global" and "@F@" not in a.root().usr),
            arg_instances=tuple(self._instance(fn, a) for a in site.args),
            receiver_instance=self._receiver_instance(fn, site),
            early_args=tuple(i for i, a in enumerate(site.args) if self._is_early(a, site.node)),
            receiver_path=object_path(fn, recv), receiver_lock=(self.facts.lock_id(recv) or "") if recv else "",
            lock_op=site.id in ff.lock_calls)

    def _receiver_instance(self, fn: Function, site: CallSite) -> str:
        """The object a method call runs on (`t` for a call on our own `this`)."""
        if site.receiver is None:
            return "t" if site.callee.kind == "method" and not site.callee.is_static and fn.class_name else ""
        return self._instance(fn, site.receiver)

    def _instance(self, fn: Function, ref: Ref | None) -> str:
        """The object `ref` is part of, for an access or an argument ('' if unknown or a temporary)."""
        what = self._value_instance(fn, ref, self._locals_instance) if ref is not None else ""
        return "" if what.startswith("fresh") else what

    def _path_facts(self, fn: Function) -> dict:
        """Labelled condition edges, correlated-branch subjects and what invalidates them, exits."""
        if not any(n.kind == "condition" for n in fn.cfg.nodes) and len(fn.cfg.nodes) < 3:
            return {}
        facts = BranchFacts(fn)
        branches = []
        for node in fn.cfg.nodes:
            if node.kind != "condition":
                continue
            true = tuple(sorted({t for t, label in node.succ if label == "true"}))
            false = tuple(sorted({t for t, label in node.succ if label == "false"}))
            if not true and not false:
                continue
            subject, polarity = facts.subjects.get(node.id, ("", True))
            branches.append(Branch(node.id, true, false, subject, polarity))
        roots = {_root(name) for name, _ in facts.subjects.values()}
        writes = tuple((n, tuple(sorted(names & roots))) for n, names in sorted(facts.writes.items()) if names & roots)
        nulls = tuple((n, tuple(sorted(names))) for n, names in sorted(facts.null_assignments.items()))
        exits = tuple((n.id, n.location) for n in fn.cfg.nodes
                      if n.location is not None and any(t == CFG.EXIT for t, _ in n.succ))
        return {"branches": tuple(branches), "writes": writes, "nulls": nulls, "exits": exits}

    def _wrapper_facts(self, fn: Function) -> dict:
        """What makes a function a thread-start or join wrapper for its callers."""
        index = {p.usr: i for i, p in enumerate(fn.params)}
        stores = tuple(sorted({(a.target.usr, index[a.value.usr]) for a in fn.assignments
                               if a.target.kind == "field" and a.value.kind == "param" and a.value.usr in index}))
        out = frozenset(index[a.target.base.usr] for a in fn.assignments
                        if a.target.kind == "other" and a.target.base is not None and a.target.base.kind == "param"
                        and a.target.base.usr in index)
        pointer_calls = tuple((self._field_or_arg_key(fn, p.target), tuple(self._field_or_arg_key(fn, a) for a in p.args))
                              for p in fn.pointer_calls)
        joins = []
        for call in fn.calls:
            is_join, _ = self._join_handle(call)
            if is_join:
                handle = call.receiver if call.callee.class_name and call.receiver is not None else (
                    call.args[0] if call.args else None)
                key = self._rooted_key(fn, handle)
                if key:
                    joins.append((call.node, key))
        return {"field_stores": stores, "out_params": out, "pointer_calls": pointer_calls, "join_sites": tuple(joins)}

    def _field_or_arg_key(self, fn: Function, ref: Ref) -> str:
        return f"field:{ref.usr}" if ref.kind == "field" else self._arg_key(fn, ref)

    # ownership -----------------------------------------------------------------------------
    def _escapes(self, fn: Function) -> tuple[set[str], set[str]]:
        """Locals that escape this call (their address stored, or handed to code we cannot see), and
        pointer locals to objects this call just allocated and keeps to itself."""
        escaped = set(self.facts.captured)
        self._handed_to_threads: set[str] = set()
        for asg in fn.assignments:
            if asg.value.kind == "local" and ("*" in asg.target.type or "&" in asg.target.type):
                escaped.add(asg.value.usr)  # `p = &x`, `T &r = x`, `q = p`
        pointers = {v.usr for v in fn.locals if "*" in v.type}
        for call in fn.calls:
            if self._start_api(call) is not None:  # what a thread is started on or with is shared with it
                escaped.update(r.usr for r in (call.receiver, *call.args) if r is not None and r.kind == "local")
                self._handed_to_threads.update(r.usr for r in call.args if r is not None and r.kind == "local")
                continue
            if call.callee.in_project:
                continue  # followed by the link: what the callee does is seen there
            if call.callee.qualified_name in _memory_releasers() or call.callee.qualified_name in self.k.non_retaining:
                continue  # free(p), memset(p, ...): nobody else gets the object
            for i, arg in enumerate(call.args):
                if arg.kind != "local":
                    continue
                ptype = call.callee.param_types[i] if i < len(call.callee.param_types) else ""
                by_ref = "&" in ptype and not ptype.startswith("const ")
                if "*" in ptype or by_ref or (not ptype and arg.usr in pointers):
                    escaped.add(arg.usr)
        # returning an object this call made hands it over after everything done to it here
        fresh: set[str] = set()
        assigned: dict[str, list[Ref]] = {}
        for asg in fn.assignments:
            if asg.target.kind == "local":
                assigned.setdefault(asg.target.usr, []).append(asg.value)
        self._fresh_if: dict[str, tuple[str, ...]] = {}
        for usr, values in assigned.items():
            if usr not in pointers or not values or usr in escaped:
                continue
            callees = [self._allocation(fn, v) for v in values if v.kind not in ("new", "null")]
            if any(c is None for c in callees):
                continue
            fresh.add(usr)
            conditions = tuple(sorted({c for c in callees if c}))
            if conditions:  # fresh if those project functions return fresh objects (decided at the link)
                self._fresh_if[usr] = conditions
        return escaped, fresh

    # which object an access touches --------------------------------------------------------------
    def _instances(self, fn: Function, shared: set[str]) -> tuple[dict[str, str], tuple[tuple[str, tuple[str, ...]], ...]]:
        """Per local, which object accesses through it touch, in terms the link binds per context:
        `p<N>` (part of what parameter N points to: `io = loop->ios[fd]` is loop's), `t` (this), `g:<usr>`
        (a global's, or a static local's), `x:<usr>` (a local handed to a thread or captured by
        reference: one object for whoever sees it), `o:<usr>` (an object this call made or holds by
        value: every activation has its own), `n:<usr>` (the same, but stored somewhere or handed to
        code we cannot see, so others may reach it), '' (unknown). Two threads running the same code on
        objects each made for itself touch different objects; RacerD-style keys by type alone
        conflate them. Also the locals that are `o:` only if project callees return fresh objects.
        `shared`: the locals handed to a thread or captured by reference."""
        by_pointer = {c.receiver.usr for c in fn.calls if c.receiver is not None and c.receiver.kind == "local"
                      and c.callee.name in _POINTER_OPERATORS}
        values: dict[str, list[Ref]] = {}
        for asg in fn.assignments:
            if asg.target.kind == "local" and asg.value.kind not in ("null", "literal"):
                values.setdefault(asg.target.usr, []).append(asg.value)
        out: dict[str, str] = {}
        pending: dict[str, list[Ref]] = {}
        for var in fn.locals:
            if var.is_static:
                out[var.usr] = f"g:{var.usr}"
            elif var.usr in shared:
                out[var.usr] = f"x:{var.usr}"
            elif "*" not in var.type and not var.is_reference and var.usr not in by_pointer:
                out[var.usr] = f"o:{var.usr}"  # a struct or class held by value
            else:
                pending[var.usr] = values.get(var.usr, [])
        conditions: dict[str, set[str]] = {}
        for _ in range(3):  # `q = p` after `p = make()`: a short chain of copies
            for usr, refs in pending.items():
                found: set[str] = set()
                for ref in refs:
                    what = self._value_instance(fn, ref, out)
                    if what.startswith("fresh"):
                        if what != "fresh":
                            conditions.setdefault(usr, set()).add(what[6:])
                        what = f"o:{usr}"
                    found.add(what)
                if len(found) > 1:
                    # `io = table[fd]; if (!io) io = calloc(..)`: a new object never is another
                    # context's, so it adds nothing to what else the local may be
                    found.discard(f"o:{usr}")
                out[usr] = found.pop() if len(found) == 1 else ""
        own_if = tuple(sorted((usr, tuple(sorted(c))) for usr, c in conditions.items() if out.get(usr) == f"o:{usr}"))
        for usr in self._published(fn, {u for u, what in out.items() if what == f"o:{u}"}):
            out[usr] = f"n:{usr}"  # stored where others may find it, or handed to code we cannot see
        return out, own_if

    def _published(self, fn: Function, own: set[str]) -> set[str]:
        """The locals among `own` whose object this call stores where another function may find it
        (a global, a parameter's or `this`'s object, one of those published itself) or hands to
        library code that may keep it. Storing it into itself or into another object of this call
        (`l->self = l`, `l->conns[i] = c`) publishes nothing; a callee of the project is judged at
        the link, a returned object by the caller."""
        into: dict[str, set[str]] = {}
        out: set[str] = set()
        for asg in fn.assignments:
            value = asg.value.root()
            if value.kind != "local" or value.usr not in own or not _stores_pointer(asg):
                continue
            target = asg.target.root()
            if asg.target.kind == "local" and asg.target is target:
                into.setdefault(target.usr, set()).add(value.usr)  # a copy: published with it
            elif target.kind == "local" and target.usr in own:
                into.setdefault(target.usr, set()).add(value.usr)
            else:
                out.add(value.usr)
        for call in fn.calls:
            if call.callee.in_project or call.callee.qualified_name in _memory_releasers() \
                    or call.callee.qualified_name in self.k.non_retaining or self._start_api(call) is not None:
                continue
            for i, arg in enumerate(call.args):
                root = arg.root()
                ptype = call.callee.param_types[i] if i < len(call.callee.param_types) else ""
                if root.kind == "local" and root.usr in own and (not ptype or _pointer_like(ptype)):
                    out.add(root.usr)
        stack = list(out)
        while stack:
            for usr in into.get(stack.pop(), ()):
                if usr not in out:
                    out.add(usr)
                    stack.append(usr)
        return out

    def _before_shared(self, fn: Function) -> dict[str, set[int]]:
        """Per local that only ever holds objects allocated here (`malloc`, `new`) or a value, the
        CFG nodes where its object cannot have reached another thread yet: not reachable from a node
        that stores it, returns it or passes it to a call, other than through a new allocation
        into it (`m = calloc(..); m->id = n; queue_push(q, m);` in a loop). The first call it is
        passed to is still early; what that callee does is judged at the link."""
        candidates: set[str] = set()
        values: dict[str, list[Assignment]] = {}
        for asg in fn.assignments:
            if asg.target.kind == "local":
                values.setdefault(asg.target.usr, []).append(asg)
        for var in fn.locals:
            if var.is_static or var.thread_local or var.is_reference or var.usr in self.facts.captured:
                continue
            assigned = [a.value for a in values.get(var.usr, []) if a.value.kind != "null"]
            if "*" not in var.type:
                if not assigned or var.type.startswith(("struct ", "class ")) or var.type[:1].isupper():
                    candidates.add(var.usr)  # an object held by value (not a smart pointer's copy)
            elif assigned and all(v.kind == "new" or self._allocation(fn, v) == "" for v in assigned):
                candidates.add(var.usr)
        if not candidates:
            return {}
        escapes: dict[str, set[int]] = {u: set() for u in candidates}
        calls_of: dict[str, set[int]] = {u: set() for u in candidates}
        for call in fn.calls:
            if call.callee.qualified_name in _memory_releasers() or call.callee.qualified_name in self.k.non_retaining:
                continue
            for i, arg in enumerate((*call.args, *((call.receiver,) if call.receiver is not None else ()))):
                root = arg.root()
                ptype = call.callee.param_types[i] if i < len(call.callee.param_types) else ""
                if root.kind == "local" and root.usr in candidates and (arg is root or not ptype or _pointer_like(ptype)):
                    escapes[root.usr].add(call.node)
                    calls_of[root.usr].add(call.node)
        for asg in fn.assignments:
            root = asg.value.root()
            if root.kind == "local" and root.usr in candidates and _stores_pointer(asg):
                escapes[root.usr].add(asg.node)  # stored somewhere, or copied to another name
        for node in fn.cfg.nodes:
            if node.returns is not None and node.returns.root().kind == "local" and node.returns.root().usr in escapes:
                escapes[node.returns.root().usr].add(node.id)
        out: dict[str, set[int]] = {}
        for usr in candidates:
            renewed = {a.node for a in values.get(usr, [])}
            shared: set[int] = set()
            stack = [t for n in escapes[usr] for t, label in fn.cfg.nodes[n].succ]
            while stack:
                n = stack.pop()
                if n in shared or n in renewed:
                    continue
                shared.add(n)
                stack.extend(t for t, _ in fn.cfg.nodes[n].succ)
            early = {n.id for n in fn.cfg.nodes if n.id not in shared}
            out[usr] = early - (escapes[usr] - calls_of[usr])
        return out

    def _is_early(self, ref: Ref | None, node: int) -> bool:
        root = ref.root() if ref is not None else None
        return root is not None and root.kind == "local" and node in self._early_nodes.get(root.usr, ())

    def _returned_part(self, usr: str) -> int:
        """N when a function of this TU returns only (a part of) what its parameter N points to, or a
        new object (`return loop->ios[fd]`); -1 if not, or when it is not defined here."""
        parts = self._parts
        if usr in parts:
            return parts[usr]
        parts[usr] = -1  # recursion: nothing known
        fn = self.facts.functions.get(usr)
        if fn is None:
            return -1
        locals_, _ = self._instances(fn, set())
        found = {self._value_instance(fn, n.returns, locals_) for n in fn.cfg.nodes
                 if n.returns is not None and n.returns.kind != "null"}
        found = {f for f in found if not f.startswith(("fresh", "o:", "n:"))}
        if len(found) == 1 and (only := found.pop()).startswith("p") and only[1:].isdigit():
            parts[usr] = int(only[1:])
        return parts[usr]

    def _new_sources(self, fn: Function, own_if: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
        """What each return hands back, for object identity: a new object made on this call (also if
        it was linked somewhere on the way), possibly through project functions, or something else."""
        out: set[str] = set()
        for node in fn.cfg.nodes:
            ref = node.returns
            if ref is None:
                continue
            what = self._value_instance(fn, ref, self._locals_instance)
            if ref.kind == "null":
                out.add("fresh")
            elif ref.kind == "local" and what == f"o:{ref.usr}" and ("*" in ref.type or not ref.type):
                out.update([f"call:{c}" for c in own_if[ref.usr]] if ref.usr in own_if else ["fresh"])
            elif what.startswith("fresh"):
                out.add(f"call:{what[6:]}" if what != "fresh" else "fresh")
            else:
                out.add("other")
        return tuple(sorted(out))

    def _value_instance(self, fn: Function, ref: Ref, locals_: dict[str, str], depth: int = 0) -> str:
        """The object a value is (part of): see `_instances`; `fresh` / `fresh:<callee usr>` for an
        allocation (a project function's result is fresh if that function returns fresh objects)."""
        if ref.kind == "new":
            return "fresh"
        root = ref.root()
        if root.kind == "call" and depth < 3:
            site = next((c for c in fn.calls if c.id == root.usr), None)
            if site is None:
                return ""
            part = self._returned_part(site.callee.usr)
            if 0 <= part < len(site.args):  # `io = io_of(loop, fd)`: part of `loop`'s object
                return self._value_instance(fn, site.args[part], locals_, depth + 1)
            if root is ref and (callee := self._allocation(fn, ref)) is not None:
                return f"fresh:{callee}" if callee else "fresh"
            if site.callee.name in _POINTER_OPERATORS and site.receiver is not None:
                return self._value_instance(fn, site.receiver, locals_, depth + 1)  # `ptr->x`, `ptr.get()`
            if root is ref and normalized(site.callee.qualified_name) in _SMART_MAKERS:
                return "fresh"
            return ""
        if root.kind == "param":
            index = self._param_index(fn, root)
            return f"p{index}" if index >= 0 else ""
        if root.kind == "this":
            return "t"
        if root.kind == "global":
            return f"g:{root.usr}"
        if root.kind == "local":
            if root.usr in locals_:
                return locals_[root.usr]
            if root.usr in self.facts.captured:
                return f"x:{root.usr}"  # the enclosing function's local, captured by reference
            return ""
        return ""

    def _allocation(self, fn: Function, value: Ref) -> str | None:
        """'' for a call of a memory allocator (`malloc`, `calloc`), the callee's USR for a call of a
        project function (fresh if it returns fresh objects), None for anything else."""
        if value.kind != "call":
            return None
        site = next((c for c in fn.calls if c.id == value.usr), None)
        if site is None:
            return None
        if site.callee.qualified_name in _memory_allocators() or site.callee.name in _memory_allocators():
            return ""
        return site.callee.usr if site.callee.in_project and not site.callee.is_virtual else None

    def _return_sources(self, fn: Function, fresh: set[str]) -> tuple[str, ...]:
        """What each return hands back: `fresh` (an allocation made here), `call:<usr>` (fresh if
        that function returns fresh objects), `other`; () for a function returning nothing."""
        out: set[str] = set()
        for node in fn.cfg.nodes:
            ref = node.returns
            if ref is None:
                continue
            if ref.kind in ("new", "null") or (ref.kind == "local" and ref.usr in fresh and ref.usr not in self._fresh_if):
                out.add("fresh")
            elif ref.kind == "local" and ref.usr in self._fresh_if:
                out.update(f"call:{c}" for c in self._fresh_if[ref.usr])
            elif ref.kind == "call" and (callee := self._allocation(fn, ref)) is not None:
                out.add(f"call:{callee}" if callee else "fresh")
            else:
                out.add("other")
        return tuple(sorted(out))

    def _param_escapes(self, fn: Function) -> frozenset[int]:
        """Parameters whose object outlives the call in someone else's hands: stored, returned, handed to
        code we cannot see, captured by reference."""
        index = {p.usr: i for i, p in enumerate(fn.params)}
        out: set[int] = set()
        for asg in fn.assignments:
            if asg.value.kind == "param" and (asg.target.kind in ("field", "global") or "*" in asg.target.type
                                              or "&" in asg.target.type):
                out.add(index.get(asg.value.usr, -1))
        for call in fn.calls:
            if call.callee.in_project or call.callee.qualified_name in self.k.non_retaining:
                continue
            for i, arg in enumerate(call.args):
                if arg.kind != "param":
                    continue
                ptype = call.callee.param_types[i] if i < len(call.callee.param_types) else ""
                if "*" in ptype or ("&" in ptype and not ptype.startswith("const ")) or not ptype:
                    out.add(index.get(arg.usr, -1))
        for node in fn.cfg.nodes:
            if node.returns is not None and node.returns.kind == "param":
                out.add(index.get(node.returns.usr, -1))
        out.update(index[u] for u in self.facts.captured if u in index)
        out.discard(-1)
        return frozenset(out)

    def _owned_object(self, fn: Function, ref: Ref | None, escaped: set[str], fresh: set[str], depth: int = 0) -> str:
        """The local whose object `ref` denotes, when that object is private to this call ('' if not)."""
        if ref is None or depth > 2:
            return ""
        if ref.kind == "local":
            var = next((v for v in fn.locals if v.usr == ref.usr), None)
            if var is None or var.is_static or var.thread_local or ref.usr in escaped:
                return ""
            if "*" in var.type or var.is_reference:
                return ref.usr if ref.usr in fresh else ""
            return ref.usr
        if ref.kind == "call":  # `conn->serve()` on a std::unique_ptr local
            site = next((c for c in fn.calls if c.id == ref.usr), None)
            if site is not None and site.callee.name in ("operator->", "operator*", "get") \
                    and site.receiver is not None and any(p in site.receiver.type for p in _UNIQUE_OWNERS):
                return self._owned_object(fn, site.receiver, escaped, fresh, depth + 1)
        if ref.kind == "field" and ref.base is not None and ref.base.kind != "this":
            return self._owned_object(fn, ref.root(), escaped, fresh, depth + 1)
        return ""

    def _member_of_this(self, ref: Ref | None) -> str:
        """`*pending_`, `pending_` (a pointer member of `this`): the member's USR, else ''."""
        while ref is not None and ref.base is not None:
            if ref.kind == "field" and ref.base.kind == "this":
                return ref.usr if "*" in ref.type or ref.type.startswith(_UNIQUE_OWNERS) else ""
            ref = ref.base
        return ""

    @staticmethod
    def _embedded_root(ref: Ref) -> Ref:
        """`&p->timers` (a member stored inside *p, not a pointer member) is part of p's object."""
        while ref.kind == "field" and ref.base is not None and "*" not in ref.type and "&" not in ref.type:
            ref = ref.base
        return ref

    def _param_index(self, fn: Function, ref: Ref | None) -> int:
        if ref is None or ref.kind != "param":
            return -1
        return next((i for i, p in enumerate(fn.params) if p.usr == ref.usr), -1)

    def _accesses(self, fn: Function, ff: FunctionFacts, escaped: set[str], fresh: set[str]):
        facts = self.facts
        copies = self._param_copies(fn)
        calls_at = {c.location: c for c in fn.calls}
        seen: set[tuple] = set()
        for a in fn.accesses:
            ref = a.ref
            if ref.kind == "field":
                owner = facts.field_owner.get(ref.usr)
                if owner is None:
                    continue  # a field of a library struct
                name, key = ref.name, ref.usr
            elif ref.kind == "global":
                if ref.usr in facts.thread_local or ref.usr in facts.const_globals \
                        or normalized(ref.name) in self.k.safe_objects:
                    continue
                name, key = ref.name, ref.usr
            elif ref.kind == "local" and ref.usr in facts.captured:
                name, key = ref.name, ref.usr
            else:
                continue
            if facts.is_safe(ref.type) or is_const_object(ref.type) or ref.usr in ff.mutexes:
                continue
            write = a.write or a.element_write
            if a.how == "call-mutating":
                call = calls_at.get(a.location)
                if call is not None and call.callee.in_project and call.callee.kind != "operator":
                    continue  # the method's own accesses are seen where it is defined
                if "*" in ref.type or "&" in ref.type:
                    write = False  # calling through a pointer or reference does not change it
                elif call is not None and call.callee.name in self.k.accessors:
                    write = call.use.kind in ("write", "compound", "increment")
                if call is not None and (self.unit.callee_in(call.callee, self.facts.lock_names | self.facts.unlock_names)):
                    continue
            if a.how == "address" and not a.write:
                continue  # &x: what happens through the pointer is not seen here
            locks = ff.held[a.node] if a.node < len(ff.held) else NO_LOCKS
            this_field = ref.kind == "field" and ref.root().kind == "this"
            owner = self._owned_object(fn, ref, escaped, fresh) if ref.kind == "field" else ""
            dedup = (a.location, key, write)
            if dedup in seen:
                continue
            seen.add(dedup)
            root = ref.root() if ref.kind == "field" else None
            param = -1
            if root is not None:
                param = self._param_index(fn, root) if root.kind == "param" else copies.get(root.usr, -1)
            # one object for every thread that reaches it: a global, a local handed to a thread start
            # or captured by reference into a lambda
            shared_root = root is not None and (root.kind == "global" or root.usr in self._handed_to_threads
                                                or root.usr in facts.captured)
            yield AccessFact(a.location, key, name, write, locks, a.node, this_field, bool(owner), param, owner,
                             shared_root, self._instance(fn, ref.base) if ref.kind == "field" else "",
                             ref.kind == "field" and self._is_early(ref.base, a.node),
                             write and a.how in ("compound", "increment"))
        yield from self._parameter_writes(fn, ff)

    def _param_copies(self, fn: Function) -> dict[str, int]:
        """Locals that only ever hold a parameter (`struct job *j = arg;`): parameter index by USR."""
        copies: dict[str, int] = {}
        for asg in fn.assignments:
            if asg.target.kind == "local" and asg.value.kind == "param":
                copies[asg.target.usr] = self._param_index(fn, asg.value)
        reassigned = {a.target.usr for a in fn.assignments if a.target.kind == "local" and a.value.kind != "param"}
        return {usr: i for usr, i in copies.items() if usr not in reassigned and i >= 0}

    def _parameter_writes(self, fn: Function, ff: FunctionFacts):
        """Writes through a parameter's pointer, directly or through a local copy of it
        (`int *p = (int *)arg; *p = *p + 1;`): the link maps them onto the object a thread routine
        was started with."""
        copies = self._param_copies(fn)
        for asg in fn.assignments:
            base = asg.target.base
            if asg.target.kind != "other" or asg.target.name != "*" or base is None:
                continue
            index = self._param_index(fn, base) if base.kind == "param" else (
                copies.get(base.usr, -1) if base.kind == "local" else -1)
            if index < 0:
                continue
            locks = ff.held[asg.node] if asg.node < len(ff.held) else NO_LOCKS
            yield AccessFact(asg.location, f"{DEREF}{index}", f"*{base.name}", True, locks, asg.node, param=index)

    # calls -------------------------------------------------------------------------------------
    def _calls(self, fn: Function, ff: FunctionFacts, escaped: set[str], fresh: set[str], start_callables: set[str]):
        deferred_names = self.k.deferred_callbacks
        referenced: set[str] = set()
        for call in fn.calls:
            locks = ff.held[call.node] if call.node < len(ff.held) else NO_LOCKS
            callee = call.callee
            if callee.in_project or callee.is_virtual:  # library code is not linked: only its callbacks are
                recv = call.receiver
                on_this = recv is not None and recv.kind == "this" or (recv is None and callee.kind == "method"
                                                                      and not callee.is_static and bool(fn.class_name))
                owner = self._owned_object(fn, recv, escaped, fresh)
                owned_args = tuple((i, o) for i, arg in enumerate(call.args)
                                   for o in [self._owned_object(fn, arg, escaped, fresh)] if o)
                param_args = tuple((i, p) for i, arg in enumerate(call.args)
                                   for p in [self._param_index(fn, self._embedded_root(arg))] if p >= 0)
                virtual = callee.is_virtual and not (recv is not None and recv.kind == "local" and "*" not in recv.type
                                                     and "&" not in recv.type) and not _qualified_call(call)
                yield self._with_arguments(fn, ff, CallFact(
                    call.location, callee.usr, normalized(callee.qualified_name), normalized(callee.class_name),
                    callee.name, virtual, locks, call.node, on_this, bool(owner), False, owned_args, param_args,
                    self._param_index(fn, recv), owner,
                    tuple((i, m) for i, arg in enumerate(call.args) for m in [self._member_of_this(arg)] if m)), call)
            deferred = self.unit.callee_in(callee, deferred_names) or normalized(callee.qualified_name) in deferred_names
            context = self._connect_context(call) if deferred else ""
            for i, arg in enumerate(call.args):
                if arg.kind in ("function", "lambda") and arg.usr not in start_callables:
                    referenced.add(arg.usr)
                    yield CallFact(call.location, arg.usr, arg.type or arg.name, "", arg.name, False,
                                   NO_LOCKS if deferred else locks, call.node,
                                   on_this=arg.kind == "lambda", deferred=deferred,
                                   receiver_object=context if i > 2 else "")
        # lambdas defined here and not handed to a thread run as part of this function (or later, connected)
        for other in self.unit.functions:
            if other.kind != "lambda" or other.parent_usr != fn.usr or other.usr in start_callables or other.usr in referenced:
                continue
            node = next((a.node for a in fn.assignments if a.value.kind == "lambda" and a.value.usr == other.usr), CFG.ENTRY)
            locks = ff.held[node] if node < len(ff.held) else NO_LOCKS
            yield CallFact(other.location, other.usr, other.qualified_name, "", "lambda", False, locks, node, on_this=True)

    # thread affinity and joins ---------------------------------------------------------------------
    def _connect_context(self, call: CallSite) -> str:
        """`connect(sender, signal, context, slot[, type])`: the key of the context object whose thread
        runs the slot ('' for a 3-argument connect or Qt::DirectConnection: the emitter's thread)."""
        if not self.unit.callee_in(call.callee, self.k.connects) or len(call.args) < 4:
            return ""
        if any(a.kind in ("other", "global") and a.name.rsplit("::", 1)[-1] in self.k.direct_connections
               for a in call.args[4:]):
            return ""
        receiver = call.args[2]
        if receiver.kind in ("function", "lambda"):
            return ""
        return self._ref_key(receiver) or ""

    def _moves(self, fn: Function) -> tuple[tuple[str, str, str], ...]:
        out = []
        for call in fn.calls:
            if call.args and self.unit.callee_in(call.callee, self.k.move_to_thread):
                obj, thread = self._ref_key(call.receiver), self._ref_key(call.args[0])
                if obj and thread and obj != "this":
                    out.append((obj, thread, call.args[0].text()))
        return tuple(out)

    def _joins(self, fn: Function) -> frozenset[str]:
        """Member and global thread handles this function joins."""
        out = set()
        for call in fn.calls:
            is_join, key = self._join_handle(call)
            if is_join and key and key.startswith(("field:", "global:")):
                out.add(key)
        return frozenset(out)

    # thread starts -----------------------------------------------------------------------------
    def _callable(self, fn: Function, ref: Ref, depth: int = 0) -> list[str]:
        """The function or lambda a callable argument denotes (through locals and std::function)."""
        if depth > 3:
            return []
        if ref.kind in ("function", "lambda"):
            return [ref.usr]
        if ref.kind == "local":
            out = []
            for asg in fn.assignments:
                if asg.target.kind == "local" and asg.target.usr == ref.usr:
                    out += self._callable(fn, asg.value, depth + 1)
            return out
        if ref.kind == "call":
            site = next((c for c in fn.calls if c.id == ref.usr), None)
            if site is not None and site.callee.kind == "constructor":
                for arg in site.args:
                    found = self._callable(fn, arg, depth + 1)
                    if found:
                        return found
        return []

    def _start_api(self, call: CallSite) -> tuple[str, dict] | None:
        callee = call.callee
        name = normalized(callee.qualified_name)
        starts = self.k.starts
        if callee.kind == "constructor":
            key = f"{normalized(callee.class_name)}::{callee.name}"
            spec = starts.get(key)
            return (normalized(callee.class_name), spec) if spec and call.args else None
        if name in starts:
            return name, starts[name]
        for api, spec in starts.items():
            if "::" in api and self.unit.callee_in(callee, {api}):
                return api, spec
        if callee.name in self.k.container_methods and call.receiver is not None:
            if any(t in call.receiver.type for t in self.k.container_types):
                return "std::thread", {"callable": "first", "handle": "receiver",
                                       "scope_join": "jthread" in call.receiver.type}
        return None

    def _starts(self, fn: Function, ff: FunctionFacts) -> tuple[list[StartFact], set[str]]:
        found: list[tuple[CallSite, str, tuple[str, ...], str, str | None, bool]] = []
        callables: set[str] = set()
        extras: dict[str, tuple[int, str, str]] = {}
        for call in fn.calls:
            api_spec = self._start_api(call)
            if api_spec is None:
                continue
            api, spec = api_spec
            where = spec.get("callable", "first")
            entries: list[str] = []
            run_class = ""
            if where == "first":
                if any(a.kind == "other" and a.name in self.k.deferred_launch for a in call.args):
                    continue  # std::launch::deferred: runs in the caller, at get()
                for arg in call.args:
                    entries = self._callable(fn, arg)
                    if entries:
                        break
            elif where.startswith("arg"):
                index = int(where[3:])
                if index < len(call.args):
                    entries = self._callable(fn, call.args[index])
            elif where == "runnable" and call.args:
                entries = self._callable(fn, call.args[0])
                if not entries:
                    run_class = self._object_class(fn, call.args[0])
            elif where == "run-override":
                run_class = self._object_class(fn, call.receiver) if call.receiver is not None else ""
                exact = self._exact_class(fn, call.receiver)
                if not run_class or run_class == "QThread":
                    run_class = fn.class_name if call.receiver is not None and call.receiver.kind == "this" else run_class
            callable_param = -1
            if not entries and not run_class and where.startswith(("first", "arg")):
                index = int(where[3:]) if where.startswith("arg") else next(
                    (i for i, a in enumerate(call.args) if a.kind == "param"), -1)
                if 0 <= index < len(call.args):
                    callable_param = self._param_index(fn, call.args[index])
            if not entries and not run_class and callable_param < 0:
                continue
            callables.update(entries)
            argument = spec.get("argument", "")
            routine_arg = call.args[int(argument[3:])] if argument.startswith("arg") and int(argument[3:]) < len(call.args) else None
            instance = self._instance(fn, routine_arg)
            if instance and _element(routine_arg):
                instance = f"e:{instance}"  # `start(worker, &args[i])`: one element per start
            extras[call.id] = (callable_param, self._arg_key(fn, routine_arg), routine_arg.text() if routine_arg else "",
                               instance)
            handle = self._handle(fn, call, spec.get("handle", "target"))
            scope_join = bool(spec.get("scope_join"))
            if where == "run-override" and call.receiver is not None and call.receiver.kind == "local" \
                    and "*" not in call.receiver.type and "&" not in call.receiver.type:
                scope_join = True  # a QThread must be finished when its object dies (else qFatal)
            found.append((call, api, tuple(entries), run_class, handle, scope_join,
                          where == "run-override" and exact))
        starts = [replace(self._region(fn, call, api, entries, run_class, handle, scope_join, exact),
                          callable_param=extras[call.id][0], arg=extras[call.id][1], arg_name=extras[call.id][2],
                          arg_instance=extras[call.id][3])
                  for call, api, entries, run_class, handle, scope_join, exact in found]
        return starts, callables

    def _exact_class(self, fn: Function, ref: Ref | None) -> bool:
        """Is the thread object's class known exactly: a value (not a pointer or reference), or a
        local only ever set from `new X`?"""
        if ref is None or ref.kind in ("this", "param"):
            return False
        if ref.kind == "new":
            return True
        if "*" not in ref.type and "&" not in ref.type and ref.kind in ("local", "field", "global"):
            return True
        made = [a.value.kind for a in fn.assignments if a.target.kind == ref.kind and a.target.usr == ref.usr]
        return bool(made) and all(k == "new" for k in made)

    def _object_class(self, fn: Function, ref: Ref | None) -> str:
        """The class of a thread or runnable object: its static type, or what `new` made it."""
        if ref is None:
            return ""
        if ref.kind == "this":
            return fn.class_name
        if ref.kind == "new":
            return ref.name
        static = class_of_type(ref.type)
        if ref.kind == "local":
            made = [a.value.name for a in fn.assignments if a.target.usr == ref.usr and a.value.kind == "new"]
            if made and (not static or static in ("QThread", "QRunnable")):
                return made[0]
        return static

    def _ref_key(self, ref: Ref | None) -> str | None:
        if ref is None:
            return None
        if ref.kind in ("local", "param", "global", "field"):
            return f"{ref.kind}:{ref.usr}"
        if ref.kind == "this":
            return "this"
        return None

    def _handle(self, fn: Function, call: CallSite, how: str) -> str | None:
        if how == "target":
            if call.use.kind in ("initializes", "assigned") and call.use.target is not None:
                return self._ref_key(call.use.target)
            if call.use.kind == "argument":  # `th = std::thread(...)`, `v.push_back(std::thread(...))`
                outer = next((c for c in fn.calls if any(a.kind == "call" and a.usr == call.id for a in c.args)), None)
                if outer is not None:
                    return self._ref_key(outer.receiver)
            return None
        if how == "receiver":
            return self._ref_key(call.receiver)
        if how == "arg0":
            return self._ref_key(call.args[0]) if call.args else None
        return None

    def _join_handle(self, call: CallSite) -> tuple[bool, str | None]:
        """Is this call a join, and of which handle."""
        callee = call.callee
        if not (normalized(callee.qualified_name) in self.k.joins or self.unit.callee_in(callee, self.k.joins)):
            return False, None
        if callee.class_name and call.receiver is not None:
            return True, self._ref_key(call.receiver)
        return True, self._ref_key(call.args[0]) if call.args else None

    def _region(self, fn: Function, call: CallSite, api: str, entries: tuple[str, ...], run_class: str,
                handle: str | None, scope_join: bool, exact: bool = False) -> StartFact:
        cfg = fn.cfg
        join_nodes: set[int] = set()
        container = api == "std::thread" and call.callee.kind != "constructor"
        for other in fn.calls:
            is_join, key = self._join_handle(other)
            if not is_join:
                continue
            same = key == handle or (key is None and handle is None)
            if not same and container and other.receiver is not None and other.receiver.kind == "local":
                var = next((v for v in fn.locals if v.usr == other.receiver.usr), None)
                same = var is not None and var.is_reference  # `for (auto &t : threads) t.join();`
            if not same and "QThreadPool" in api and other.callee.name == "waitForDone":
                same = True
            if same:
                join_nodes.add(other.node)
        blocked_edges: set[tuple[int, int]] = set()
        components = _strong_components(cfg)
        for j in join_nodes:
            for n in cfg.nodes:
                for s, _ in n.succ:
                    if s == j:
                        blocked_edges.add((n.id, s))
            comp = components.get(j)
            if comp is not None and call.node not in comp:
                for n in comp:  # joined in a loop: once the loop is left, every thread it joins is done
                    for s, _ in cfg.nodes[n].succ:
                        if s not in comp:
                            blocked_edges.add((n, s))
        scope: tuple[Location, Location | None] | None = None
        if scope_join and handle and handle.startswith("local:"):
            var = next((v for v in fn.locals if v.usr == handle[6:]), None)
            if var is not None and var.scope_end is not None:
                scope = (var.location, var.scope_end)
        region: set[int] = set()
        stack = [s for s, label in cfg.nodes[call.node].succ if label not in ("exception", "noreturn")
                 and (call.node, s) not in blocked_edges]
        while stack:
            node = stack.pop()
            if node in region:
                continue
            loc = cfg.nodes[node].location
            if scope is not None and loc is not None and not _in_scope(loc, scope[0], scope[1]):
                continue  # std::jthread: joined where its scope ends
            region.add(node)
            for s, label in cfg.nodes[node].succ:
                if label not in ("exception", "noreturn") and (node, s) not in blocked_edges and s not in region:
                    stack.append(s)
        if scope is not None:
            region.discard(CFG.EXIT)
        multiple = call.node in region
        return StartFact(call.location, api, entries, run_class, call.node, frozenset(region),
                         CFG.EXIT in region, multiple, handle or "", exact)


def _pointer_like(spelling: str) -> bool:
    """A pointer, a reference, or a type that may hide one (a smart pointer, an iterator)."""
    return "*" in spelling or "&" in spelling or "ptr" in spelling.lower() or "iterator" in spelling


def _stores_pointer(asg: Assignment) -> bool:
    """Does the assignment store a pointer to its value's root object (`g->head = m`, `p = &m->buf`),
    rather than a value read from it (`n = m->len`)?"""
    value = asg.value
    return value.kind != "call" and (value is value.root() or not asg.target.type or _pointer_like(asg.target.type))


def _element(ref: Ref | None) -> bool:
    """`a[i]`, `&a[i]`: an element of an array rather than the array's one object."""
    while ref is not None and ref.kind == "other":
        if ref.name == "[]":
            return True
        ref = ref.base
    return False


def _qualified_call(call: CallSite) -> bool:
    """`Base::method(...)`, `obj->Base::method(...)`: a qualified name calls that very function, no override."""
    head = call.text.split("(", 1)[0]
    return bool(re.search(rf"::\s*{re.escape(call.callee.name)}\s*$", head))


def _strong_components(cfg: CFG) -> dict[int, frozenset[int]]:
    """Node -> its strongly connected component, for nodes on a cycle (loops)."""
    import networkx as nx

    graph = nx.DiGraph()
    for n in cfg.nodes:
        graph.add_node(n.id)
        for s, label in n.succ:
            if label not in ("exception", "noreturn"):
                graph.add_edge(n.id, s)
    out: dict[int, frozenset[int]] = {}
    for comp in nx.strongly_connected_components(graph):
        if len(comp) > 1:
            frozen = frozenset(comp)
            for n in comp:
                out[n] = frozen
    return out


def summarize_unit(unit: UnitModel) -> UnitSummary:
    return Summarizer(unit).summary()
