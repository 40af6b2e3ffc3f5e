"""The unit model: what a check may ask about a translation unit.

Built once per TU by `builder.build_unit`; read-only afterwards. Nothing here holds a libclang
cursor, so checks cannot walk the AST themselves and the model can be reasoned about as data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from clangcheck.findings import Location


@dataclass(frozen=True)
class Ref:
    """What an expression denotes, in the terms the analyses reason about.

    kind: 'local' | 'param' | 'global' | 'field' | 'this' | 'new' | 'call' | 'lambda' |
          'literal' | 'null' | 'other'.
    `usr` is the identity (declaration USR; for 'new'/'call' the id of the site, for 'lambda'
    the lambda function's id). A field's `base` is the object it is read from.
    """

    kind: str
    name: str = ""
    usr: str = ""
    base: "Ref | None" = None
    type: str = ""

    @property
    def is_variable(self) -> bool:
        return self.kind in ("local", "param", "global", "field")

    def root(self) -> "Ref":
        """The outermost object: `this` for `this->a.b`, the local for `s.buf`."""
        ref = self
        while ref.base is not None:
            ref = ref.base
        return ref

    def text(self) -> str:
        """Source-like spelling for messages: `this->buffer`, `server`."""
        if self.kind == "field" and self.base is not None and self.base.kind != "this":
            return f"{self.base.text()}.{self.name}"
        return self.name or self.kind


@dataclass(frozen=True)
class Callee:
    """The declaration a call resolves to."""

    name: str  # 'listen'
    qualified_name: str  # 'QLocalServer::listen', '::write' for C functions at global scope -> 'write'
    usr: str
    kind: str  # 'function' | 'method' | 'constructor' | 'destructor' | 'operator'
    class_name: str = ""  # qualified class of a method/constructor
    is_virtual: bool = False
    is_const: bool = False
    is_static: bool = False
    noexcept: bool = False
    return_type: str = ""
    nodiscard: bool = False  # [[nodiscard]], warn_unused_result, Q_REQUIRED_RESULT
    in_system_header: bool = False
    param_types: tuple[str, ...] = ()
    in_project: bool = False  # declared in the main file or a project header (its body may be known)


@dataclass(frozen=True)
class ResultUse:
    """How a call's (or new's) value is used by its immediate context.

    kind: 'discarded' (expression statement) | 'void-cast' | 'initializes' | 'assigned' |
          'condition' | 'compared' | 'argument' | 'returned' | 'operand' | 'receiver' | 'other'.
    `target` is the variable it initializes or is assigned to; for 'compared' `operator` is the
    comparison and `other` what it is compared with; for 'argument' `callee`/`index` say where.
    """

    kind: str
    target: Ref | None = None
    operator: str = ""
    other: Ref | None = None
    callee: str = ""
    index: int = -1


@dataclass(frozen=True)
class CallSite:
    id: str
    location: Location
    callee: Callee
    receiver: Ref | None  # object of a member call (None for free functions and static methods)
    args: tuple[Ref, ...]
    use: ResultUse
    node: int  # CFG node holding the call
    macros: tuple[str, ...] = ()  # macros the call's statement expands from, outermost first ('QVERIFY2')
    in_loop: bool = False
    in_try: bool = False
    text: str = ""  # source text of the call, for messages and fingerprints
    end: Location | None = None  # where the call's text ends (exclusive), spelled like `location`


@dataclass(frozen=True)
class Allocation:
    """A `new` / `new[]` expression (allocating calls such as malloc are CallSites; knowledge decides)."""

    id: str
    location: Location
    array: bool
    type: str  # the allocated type, 'QLocalServer'
    constructor_args: tuple[Ref, ...]
    use: ResultUse
    node: int
    text: str = ""
    constructor_params: tuple[str, ...] = ()  # parameter types of the constructor called ('QObject *')
    placement: bool = False  # `new (storage) T`: constructs in memory someone else owns, allocates nothing
    end: Location | None = None  # where the expression's text ends (exclusive), for report regions


@dataclass(frozen=True)
class PointerCall:
    """A call through a function pointer held in a variable or field (`thread->start(thread->args)`):
    which function runs is known only where that pointer was stored."""

    location: Location
    target: Ref  # the pointer: a field, parameter, local or global
    args: tuple[Ref, ...]
    node: int


@dataclass(frozen=True)
class DependentCall:
    """A member call in a template whose callee depends on a template parameter (`_mutex.lock()` in
    `template <class M> class ScopedLock`): only its name and its object are known."""

    location: Location
    receiver: Ref
    method: str
    node: int


@dataclass(frozen=True)
class Delete:
    location: Location
    array: bool
    operand: Ref
    node: int


@dataclass(frozen=True)
class Access:
    """A read or write of a variable (local, parameter, field, global)."""

    location: Location
    ref: Ref
    write: bool
    node: int
    # 'assign' | 'compound' | 'increment' | 'read' | 'address' (escapes; may be written through)
    # | 'call-const' / 'call-mutating' (method call on the object)
    how: str = "read"
    use: ResultUse | None = None  # for reads: the context of the value (compared with what, passed where)
    # a read of an array variable whose element is written (`routes[3] = 7`): the array's storage changes
    element_write: bool = False


@dataclass(frozen=True)
class Assignment:
    """`target = value` (also `T target = value;` declarations)."""

    location: Location
    target: Ref
    value: Ref
    node: int
    declaration: bool = False


@dataclass(frozen=True)
class LocalVariable:
    name: str
    usr: str
    type: str
    location: Location
    is_static: bool = False
    is_reference: bool = False
    # where the variable's scope closes (the `}` of its block): RAII objects act until here
    scope_end: Location | None = None
    thread_local: bool = False  # `thread_local` / `_Thread_local` storage: one copy per thread


@dataclass
class Node:
    """A CFG node: one statement-level expression or a control point.

    kind: 'entry' | 'exit' | 'stmt' | 'condition' | 'return' | 'throw' | 'jump' | 'label' |
          'catch' | 'scope-end'. Edge labels on successors: 'true', 'false', 'exception',
          'back' (loop back edge), 'case', '' (plain).
    """

    id: int
    kind: str
    location: Location | None = None
    text: str = ""
    macros: tuple[str, ...] = ()
    succ: list[tuple[int, str]] = field(default_factory=list)
    # objects whose scope ends here, for RAII (lock_guard, unique_ptr): local USRs
    scope_ends: tuple[str, ...] = ()
    returns: Ref | None = None  # value of a 'return' node
    # a 'condition' node's value as far as the TU fixes it (model/constants.py), None if unknown
    condition: object = None
    case_value: object = None  # a switch's case label: its value (int), "default", None if unknown
    # a simple condition spelled from the AST (`p`, `!p`, `p != NULL`, `s->fd`), also inside a macro
    # expansion, whose `text` is the macro's invocation; '' for anything else
    expression: str = ""


@dataclass
class CFG:
    """Statement-level control-flow graph of one function. Node 0 is entry, node 1 is exit."""

    nodes: list[Node]

    ENTRY = 0
    EXIT = 1

    def successors(self, node: int) -> list[tuple[int, str]]:
        return self.nodes[node].succ

    def predecessors(self) -> dict[int, list[tuple[int, str]]]:
        preds: dict[int, list[tuple[int, str]]] = {n.id: [] for n in self.nodes}
        for n in self.nodes:
            for s, label in n.succ:
                preds[s].append((n.id, label))
        return preds

    def to_networkx(self):
        import networkx as nx

        graph = nx.DiGraph()
        for n in self.nodes:
            graph.add_node(n.id, kind=n.kind)
        for n in self.nodes:
            for s, label in n.succ:
                graph.add_edge(n.id, s, label=label)
        return graph

    def reachable(self, start: int, blocked: frozenset[int] = frozenset()) -> set[int]:
        """Nodes reachable from `start` without passing through `blocked` nodes."""
        seen = {start}
        stack = [start]
        while stack:
            for s, _ in self.nodes[stack.pop()].succ:
                if s not in seen and s not in blocked:
                    seen.add(s)
                    stack.append(s)
        return seen


@dataclass
class Function:
    """A function, method or lambda body defined in an analyzed file."""

    name: str
    qualified_name: str
    usr: str
    kind: str  # 'function' | 'method' | 'constructor' | 'destructor' | 'lambda'
    location: Location
    class_name: str = ""
    parent_usr: str = ""  # enclosing function of a lambda
    params: list[LocalVariable] = field(default_factory=list)
    locals: list[LocalVariable] = field(default_factory=list)
    captures: list[tuple[Ref, bool]] = field(default_factory=list)  # lambda captures: (variable, by_reference)
    default_capture: str = ""  # a lambda's capture-default: '&', '=' or '' (implicit captures follow it)
    cfg: CFG = field(default_factory=lambda: CFG([]))
    calls: list[CallSite] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    deletes: list[Delete] = field(default_factory=list)
    accesses: list[Access] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    pointer_calls: list[PointerCall] = field(default_factory=list)
    dependent_calls: list[DependentCall] = field(default_factory=list)
    is_virtual: bool = False
    is_override: bool = False
    noexcept: bool = False
    in_header: bool = False


@dataclass
class ClassInfo:
    """A class defined in an analyzed file: its bases and fields, for ownership and thread reasoning."""

    name: str  # qualified
    usr: str
    location: Location
    bases: tuple[str, ...] = ()  # qualified names of all (transitive) bases known in the TU
    fields: tuple[LocalVariable, ...] = ()
    declares_destructor: bool = False  # a user-declared destructor in the class definition
    # methods declared under `private slots:` / `private Q_SLOTS:` (in a Qt Test class: the test functions)
    private_slots: tuple[str, ...] = ()


@dataclass
class UnitModel:
    """Everything the checks of one TU may ask about."""

    main_file: str
    functions: list[Function]
    classes: dict[str, ClassInfo]
    language: str
    source_lines: dict[str, list[str]] = field(default_factory=dict)  # file -> lines, for snippets
    # variables at namespace scope and static data members defined or declared in analyzed files
    globals: list[LocalVariable] = field(default_factory=list)
    # `std::make_unique` is declared (a C++14 library): fix-its may use it (Qt code may fall back on QScopedPointer)
    std_make_unique: bool = False

    def function(self, usr: str) -> Function | None:
        return next((f for f in self.functions if f.usr == usr), None)

    def all_calls(self) -> Iterator[tuple[Function, CallSite]]:
        for fn in self.functions:
            for call in fn.calls:
                yield fn, call

    def callee_in(self, callee: Callee, names: frozenset[str] | set[str]) -> bool:
        """Is the call one of `names`? `Base::method` entries also match overrides and subclasses."""
        if callee.qualified_name in names:
            return True
        if not callee.class_name:
            return False
        info = self.classes.get(callee.class_name)
        return info is not None and any(f"{base}::{callee.name}" in names for base in info.bases)

    def inherits(self, class_name: str, base: str) -> bool:
        info = self.classes.get(class_name)
        return class_name == base or (info is not None and base in info.bases)
