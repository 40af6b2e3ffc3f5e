"""Null pointers through the TU's own functions: which functions may hand back an allocator's null
unchecked, and which dereference a parameter before any null check.

Why: `data = make_buffer(); strcpy(data, s);` and `data = malloc(n); fill(data);` are the same
defect as `strcpy(malloc(n), s)`, one call away. Both facts are solved to a fixed point over the
TU, so a helper of a helper counts too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from clangcheck.model import values
from clangcheck.model.types import CFG, Access, Callee, Function, Ref, ResultUse, UnitModel


@dataclass
class NullFacts:
    returners: set[str] = field(default_factory=set)  # USRs of functions that may return null unchecked
    # what waits for functions the TU cannot judge alone (another TU's, or ones that wait themselves):
    # USR -> callees whose result it may return unchecked; 'usr#i' -> ['callee#j']: parameter i
    # reaches argument j of that callee before any test
    returns_from: dict[str, list[str]] = field(default_factory=dict)
    passes: dict[str, list[str]] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)  # the functions this TU defines
    # USR -> indexes of pointer parameters the function dereferences before any null check
    sinks: dict[str, frozenset[int]] = field(default_factory=dict)

    def dereferences(self, use: ResultUse | None, known: dict, fn: Function | None = None, node: int = -1) -> bool:
        """Does this use of a pointer dereference it (`p->x`, `*p`, `p[i]`, passed to a callee that
        dereferences that argument: known library functions, and the TU's own sinks among the calls
        of `fn` at `node`)?"""
        if use is None:
            return False
        if use.kind == "receiver" or (use.kind == "operand" and use.operator in ("*", "[]")):
            return True
        if use.kind == "argument":
            if use.index in known.get(use.callee, ()):
                return True
            return fn is not None and any(use.index in self.sinks.get(c.callee.usr, ()) for c in fn.calls
                                          if c.node == node and c.callee.qualified_name == use.callee)
        return False

    def stops(self, access: Access, known: dict, fn: Function | None = None) -> bool:
        """A test of the pointer, or a hand-off we do not follow (stored, returned, passed on)."""
        use = access.use
        if use is None or self.dereferences(use, known, fn, access.node):
            return False
        return values.classify(use) != values.VALUE or use.kind in ("argument", "returned", "assigned", "initializes", "address")


def null_facts(unit: UnitModel, may_return_null: Callable[[Callee], bool], known: dict) -> NullFacts:
    """The TU's null returners and parameter sinks, to a fixed point (`known`: the library
    functions that dereference their arguments, name -> indexes)."""
    facts = NullFacts()
    changed = True
    while changed:
        changed = False
        for fn in unit.functions:
            if fn.usr not in facts.returners and _returns_null(unit, fn, facts, known, may_return_null):
                facts.returners.add(fn.usr)
                changed = True
            before = facts.sinks.get(fn.usr, frozenset())
            sinks = before | {i for i, p in enumerate(fn.params) if i not in before and "*" in p.type
                              and _dereferenced_first(unit, fn, p.usr, facts, known)}
            if sinks != before:
                facts.sinks[fn.usr] = frozenset(sinks)
                changed = True
    facts.defined = {fn.usr for fn in unit.functions}
    for fn in unit.functions:
        if fn.usr not in facts.returners:
            waits = sorted({c.callee.usr for c in fn.calls if _open(c.callee, facts, may_return_null)
                            and _returns_result(unit, fn, c, facts, known)})
            if waits:
                facts.returns_from[fn.usr] = waits
    for _ in range(4):  # `a(p) -> b(p) -> other_tu(p)`: a short chain inside the TU
        grown = False
        for fn in unit.functions:
            for i, p in enumerate(fn.params):
                key = f"{fn.usr}#{i}"
                if "*" in p.type and i not in facts.sinks.get(fn.usr, ()) and key not in facts.passes:
                    handed = _handed_first(unit, fn, p.usr, facts, known)
                    if handed:
                        facts.passes[key] = [handed]
                        grown = True
        if not grown:
            break
    return facts


def _open(callee: Callee, facts: NullFacts, may_return_null: Callable[[Callee], bool]) -> bool:
    """A project function the TU has not judged a null returner (it may be one in another TU)."""
    return callee.in_project and not callee.is_virtual and not may_return_null(callee) and callee.usr not in facts.returners


def open_argument(fn: Function, access: Access, facts: NullFacts) -> str:
    """'callee#j' when the access passes the pointer as argument j of a project function not known
    to dereference it (it may, in another TU or through one), else ''."""
    use = access.use
    if use is None or use.kind != "argument":
        return ""
    for c in fn.calls:
        key = f"{c.callee.usr}#{use.index}"
        if c.node == access.node and c.callee.qualified_name == use.callee and c.callee.in_project \
                and not c.callee.is_virtual and use.index not in facts.sinks.get(c.callee.usr, ()) \
                and (c.callee.usr not in facts.defined or key in facts.passes):
            return key
    return ""


def _returns_result(unit: UnitModel, fn: Function, call, facts: NullFacts, known: dict) -> bool:
    """Is this call's result returned on some path without a test?"""
    if call.use.kind == "returned":
        return True
    var = call.use.target
    if call.use.kind not in ("initializes", "assigned") or not tracked(unit, fn, var) \
            or fn.cfg.nodes[call.node].kind == "condition":
        return False
    assert var is not None
    return values.reaches_unchecked(unit, fn, call.node, var,
                                    lambda a: facts.stops(a, known, fn) and a.use.kind != "returned",
                                    lambda a: a.use is not None and a.use.kind == "returned") is not None


def _handed_first(unit: UnitModel, fn: Function, usr: str, facts: NullFacts, known: dict) -> str:
    """'callee#j' when the parameter reaches a project callee's argument before any test of it."""
    if any(a.ref.usr == usr and a.write and a.how == "assign" for a in fn.accesses):
        return ""
    found = values.reaches_unchecked(unit, fn, CFG.ENTRY, Ref("param", usr=usr),
                                     lambda a: facts.stops(a, known, fn) and not open_argument(fn, a, facts),
                                     lambda a: bool(open_argument(fn, a, facts)))
    return open_argument(fn, found, facts) if found is not None else ""


def closure(returners: set[str], sinks: dict[str, set[int]], returns_from: dict[str, list[str]],
            passes: dict[str, list[str]]) -> None:
    """The program's null returners and sinks, to a fixed point over what waits for other functions."""
    changed = True
    while changed:
        changed = False
        for usr, callees in returns_from.items():
            if usr not in returners and any(c in returners for c in callees):
                returners.add(usr)
                changed = True
        for key, targets in passes.items():
            usr, _, index = key.rpartition("#")
            if int(index) in sinks.get(usr, ()):
                continue
            if any(int(t.rpartition("#")[2]) in sinks.get(t.rpartition("#")[0], ()) for t in targets):
                sinks.setdefault(usr, set()).add(int(index))
                changed = True


def _returns_null(unit: UnitModel, fn: Function, facts: NullFacts, known: dict,
                  may_return_null: Callable[[Callee], bool]) -> bool:
    """Does some path return an allocator's (or a null returner's) result without testing it?"""
    for call in fn.calls:
        if not (may_return_null(call.callee) or call.callee.usr in facts.returners):
            continue
        if call.use.kind == "returned":
            return True
        var = call.use.target
        if call.use.kind not in ("initializes", "assigned") or not tracked(unit, fn, var):
            continue
        assert var is not None
        if fn.cfg.nodes[call.node].kind == "condition":
            continue  # `if ((p = malloc(n)) == NULL)`
        returned = values.reaches_unchecked(unit, fn, call.node, var,
                                            lambda a: facts.stops(a, known, fn) and a.use.kind != "returned",
                                            lambda a: a.use is not None and a.use.kind == "returned")
        if returned is not None:
            return True
    return False


def tracked(unit: UnitModel, fn: Function, var: Ref | None) -> bool:
    """A plain local, or a by-value parameter used as one (`data = malloc(n); return data;`)."""
    if var is not None and var.kind == "param":
        return any(p.usr == var.usr and not p.is_reference and "&" not in p.type for p in fn.params)
    return values.tracked_local(fn, var, unit)


def _dereferenced_first(unit: UnitModel, fn: Function, usr: str, facts: NullFacts, known: dict) -> bool:
    """Is the parameter dereferenced on some path from the entry before any test of it?"""
    var = Ref("param", usr=usr)
    if any(a.ref.usr == usr and a.write and a.how == "assign" for a in fn.accesses):
        return False  # given a new value somewhere: the path logic would need to know where
    found = values.reaches_unchecked(unit, fn, CFG.ENTRY, var, lambda a: facts.stops(a, known, fn),
                                     lambda a: a.use is not None and facts.dereferences(a.use, known, fn, a.node))
    return found is not None
