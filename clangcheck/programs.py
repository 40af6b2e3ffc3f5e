"""Programs: a compile database holds many (a library, its daemon, CLI tools, tests), linked apart.

The global phase must never join facts of two programs: two tools' `main`s, their same-named
globals, the threads of one and the data of another. Each TU records what it defines and what
it uses by external symbol (`LinkFacts`, made in the worker); `partition` roots a program at
every TU that defines `main` and adds, transitively, the TUs that define what it uses, as a
linker would. A TU used by several programs belongs to each. The TUs without a `main` form
library units (those that use one another's symbols, or share a build target); a library unit
that holds a TU no `main` reaches is linked too, whole, its functions entry points with unknown
callers.

Symbols are USRs of external-linkage functions and variables defined in the TU's own file
(inline functions in headers are in every TU that includes them and link nothing), plus
`class:<name>@<file>` for a project class whose methods the TU defines or uses: constructors
and destructors often run without a call the model sees, and a class's methods live where its
implementation file is. A TU uses what it calls, what it hands on (a thread's routine, a
callback) and the globals it reads or writes.
"""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from clangcheck.model.types import Ref, UnitModel

ENTRY_POINTS = frozenset({"main", "wmain", "WinMain", "wWinMain"})
LIBRARY = "library"


@dataclass(frozen=True)
class LinkFacts:
    """What one TU contributes to linking: its entry point, definitions and uses, by symbol."""

    entry: bool  # defines main (QTEST_MAIN and friends expand to it)
    defines: tuple[str, ...]
    uses: tuple[str, ...]
    target: str = ""  # the build target, where the compile database says (CMake's object path)


@dataclass
class UnitLink:
    """One TU as the global phase sees it: its link facts and each whole-program check's summary."""

    file: str
    link: LinkFacts | None
    summaries: dict[str, object]  # check id -> that check's summary of the TU


@dataclass(frozen=True)
class Program:
    """A link unit: its name (the main file's target or stem, or 'library') and its TUs' main files."""

    name: str
    files: tuple[str, ...]
    entry: str = ""  # the main file of the TU defining main; '' for the library unit


def _external(usr: str) -> bool:
    return usr.startswith("c:@")


def link_facts(unit: "UnitModel", target: str = "") -> LinkFacts:
    """The TU's definitions (in its own file) and uses, by external symbol."""
    defines: set[str] = set()
    uses: set[str] = set()
    entry = False

    def use_class(name: str) -> None:
        symbol = _class_symbol(unit, name)
        if symbol:
            uses.add(symbol)

    for fn in unit.functions:
        own = fn.location.file == unit.main_file and fn.kind != "lambda"
        if own and fn.kind == "function" and fn.qualified_name in ENTRY_POINTS:
            entry = True
        if own and _external(fn.usr):
            defines.add(fn.usr)
            class_symbol = _class_symbol(unit, fn.class_name) if fn.class_name else ""
            if class_symbol:
                defines.add(class_symbol)
        for call in fn.calls:
            if _external(call.callee.usr) and not call.callee.in_system_header:
                uses.add(call.callee.usr)
            use_class(call.callee.class_name)
        for allocation in fn.allocations:
            use_class(allocation.type)
        for ref in _refs(fn):  # functions handed on (a thread's routine, a callback), globals
            if ref.kind in ("function", "global") and _external(ref.usr):
                uses.add(ref.usr)
            elif ref.kind == "field" and ref.base is not None:
                use_class(_class_name(ref.base.type))  # objects whose fields it touches
        for param in fn.params:
            use_class(_class_name(param.type))
    for variable in unit.globals:
        if variable.location.file == unit.main_file and _external(variable.usr):
            defines.add(variable.usr)
    return LinkFacts(entry, tuple(sorted(defines)), tuple(sorted(uses - defines)), target)


def _class_symbol(unit: "UnitModel", name: str) -> str:
    """`class:<name>@<file defining it>` for a project class: same-named classes of two files
    that each define their own are two classes; '' for a class outside the project."""
    info = unit.classes.get(name)
    return f"class:{name}@{info.location.file}" if info is not None else ""


def _class_name(spelled: str) -> str:
    """`const relay::Conn &` -> `relay::Conn`: the class a declared type names."""
    words = [w for w in spelled.replace("*", " ").replace("&", " ").split() if w not in ("const", "volatile", "struct", "class")]
    return " ".join(words)


def _refs(fn) -> Iterator["Ref"]:
    """Every expression the function's facts name, with the objects they are reached through."""
    tops = [a.ref for a in fn.accesses]
    tops += [r for c in fn.calls for r in (*c.args, c.receiver) if r is not None]
    tops += [r for a in fn.assignments for r in (a.target, a.value)]
    tops += [r for a in fn.allocations for r in a.constructor_args]
    for ref in tops:
        while ref is not None:
            yield ref
            ref = ref.base


def partition(units: dict[str, LinkFacts | None]) -> list[Program]:
    """Programs of the database, each with its TUs sorted; deterministic whatever the input order."""
    files = sorted(units)
    roots = [f for f in files if units[f] is not None and units[f].entry]  # type: ignore[union-attr]
    definers: dict[str, list[str]] = defaultdict(list)
    for f in files:
        facts = units[f]
        if facts is not None and not facts.entry:  # another program's main file is never linked in
            for symbol in facts.defines:
                definers[symbol].append(f)
    programs = [_program(root, units, definers) for root in roots]
    reached = {f for p in programs for f in p.files}
    libraries = _libraries([f for f in files if f not in roots], units, definers)
    programs += [lib for lib in libraries if any(f not in reached for f in lib.files)]
    return _named(programs, units)


def _libraries(files: list[str], units: dict[str, LinkFacts | None], definers: dict[str, list[str]]) -> list[Program]:
    """The TUs without a main, in units of those that use one another's symbols or share a target.

    Only a unit holding some TU that no main reaches is linked on its own, and then whole: a
    library's thread pool may be reached from a tool while the code it runs is not."""
    parent = {f: f for f in files}

    def root(f: str) -> str:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_target: dict[str, str] = {}
    for f in files:
        facts = units[f]
        if facts is None:
            continue
        if facts.target:
            join(f, by_target.setdefault(facts.target, f))
        for symbol in facts.uses + tuple(d for d in facts.defines if d.startswith("class:")):
            for other in definers.get(symbol, ()):  # also: the TUs implementing one class are one
                if other in parent:
                    join(f, other)
    groups: dict[str, list[str]] = defaultdict(list)
    for f in files:
        groups[root(f)].append(f)
    return [Program(LIBRARY, tuple(group)) for group in sorted(groups.values())]


def _program(root: str, units: dict[str, LinkFacts | None], definers: dict[str, list[str]]) -> Program:
    target = units[root].target  # type: ignore[union-attr]
    members, todo = {root}, [root]
    while todo:
        facts = units[todo.pop()]
        for symbol in facts.uses if facts is not None else ():
            for f in _chosen(definers.get(symbol, ()), target, units):
                if f not in members:
                    members.add(f)
                    todo.append(f)
    return Program("", tuple(sorted(members)), root)


def _chosen(candidates: Iterable[str], target: str, units: dict[str, LinkFacts | None]) -> list[str]:
    """Definers of a symbol; when several targets define it, those of the program's own target."""
    candidates = list(candidates)
    if len(candidates) > 1 and target:
        same = [f for f in candidates if units[f].target == target]  # type: ignore[union-attr]
        if same:
            return same
    return candidates


def _named(programs: list[Program], units: dict[str, LinkFacts | None]) -> list[Program]:
    """Each program named by its target or its main file's stem, made unique by the folder."""
    def first(p: Program) -> str:
        return p.entry or p.files[0]

    programs_by_target = {units[p.entry].target for p in programs if p.entry}  # type: ignore[union-attr]

    def base(p: Program) -> str:
        facts = units[first(p)]
        if facts is not None and facts.target:
            if not p.entry and facts.target in programs_by_target:
                return f"{facts.target} ({LIBRARY})"  # the executable's own TUs that its main never reaches
            return facts.target
        return os.path.splitext(os.path.basename(p.entry))[0] if p.entry else LIBRARY

    counts: dict[str, int] = defaultdict(int)
    for p in programs:
        counts[base(p)] += 1
    named = []
    for p in programs:
        name = base(p)
        if counts[name] > 1:
            name = f"{name} ({os.path.basename(os.path.dirname(first(p))) or '/'})"
        named.append(Program(name, p.files, p.entry))
    return named
