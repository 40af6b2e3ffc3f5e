"""The mechanical fix of a path leak: hand the allocation to a smart pointer at its declaration.

`T *p = new T(args);` whose only release is `delete p;` becomes `auto p = std::make_unique<T>(args);`
(or `QScopedPointer<T> p(new T(args));` in Qt code without a C++14 library) and the `delete` goes,
so every path out of the scope releases the object. Offered only where the rewrite keeps every use
valid: `p` is only dereferenced (`p->x`, `p->f()`, `*p`) and deleted once, never copied, passed,
returned, compared, captured or reassigned, since a `unique_ptr` cannot stand in for `T*` there.
"""
from __future__ import annotations

import re

from clangcheck.findings import FixIt, Location, Replacement
from clangcheck.model.conditions import balanced
from clangcheck.model.source import source_file
from clangcheck.model.types import CFG, Allocation, Function, UnitModel

_DEREFERENCING = ("call-const", "call-mutating")
_INCLUDE = re.compile(rb"^\s*#\s*include\s*[<\"]([^>\"]+)[>\"]")


def smart_pointer_fix(unit: UnitModel, fn: Function, graph, site_id: str) -> FixIt | None:
    """The fix-it for the leak of allocation `site_id` in `fn`, or None when it is not mechanical."""
    alloc = next((a for a in fn.allocations if a.id == site_id), None)
    if alloc is None or alloc.array or alloc.placement or alloc.use.kind != "initializes":
        return None
    target = alloc.use.target
    if target is None or target.kind != "local":
        return None
    var = next((v for v in fn.locals if v.usr == target.usr), None)
    deletes = [d for d in fn.deletes if d.operand.kind == "local" and d.operand.usr == target.usr]
    if var is None or var.is_static or var.scope_end is None or len(deletes) != 1 or deletes[0].array:
        return None
    lambdas = [f for f in unit.functions if f.kind == "lambda"]  # local usrs are unique in the TU
    if not _only_dereferenced(fn, graph, target.usr, lambdas):
        return None
    data = source_file(alloc.location.file).data
    declaration = _declaration(fn, alloc, var.name, data)
    removal = _delete_statement(fn, deletes[0].location, deletes[0].node, var.name, data)
    if declaration is None or removal is None:
        return None
    (start, end, type_text, args), (d_start, d_end, keep_timing) = declaration, removal
    qt = not unit.std_make_unique and _is_qt(unit, data)
    if qt:
        text, header = f"QScopedPointer<{type_text}> {var.name}(new {type_text}({args}))", "QScopedPointer"
        title = f"hold '{var.name}' in a QScopedPointer"
    else:
        text, header = f"auto {var.name} = std::make_unique<{type_text}>({args})", "memory"
        title = f"hold '{var.name}' in a std::unique_ptr (std::make_unique)"
    file = alloc.location.file
    edits = [Replacement(file, start, end - start, text),
             Replacement(file, d_start, d_end - d_start, f"{var.name}.reset();" if keep_timing else "")]
    include = _include_edit(file, data, start, header)
    if include is not None:
        edits.insert(0, include)
    return FixIt(title, tuple(edits), safe=True)


def _only_dereferenced(fn: Function, graph, usr: str, lambdas: list[Function]) -> bool:
    """Every use of the variable is `p->…`, `*p` or the one `delete p`; no alias, owner or escape."""
    if any(acc.ref.usr == usr for lam in lambdas for acc in lam.accesses):
        return False
    if any(a.target.usr == usr and not a.declaration for a in fn.assignments) or any(
            a.value.usr == usr for a in fn.assignments):
        return False
    if any(t[0] != "release" for _, t in graph.out_edges(("var", usr))):
        return False
    for acc in fn.accesses:
        if acc.ref.usr != usr:
            continue
        if acc.how in _DEREFERENCING:
            continue
        if acc.write or acc.how != "read" or acc.use is None:
            return False
        use = acc.use
        if use.kind == "receiver" or (use.kind == "operand" and use.operator == "*") or (
                use.kind == "argument" and use.callee == "delete"):
            continue
        return False
    return True


def _offset(data: bytes, loc: Location) -> int:
    lines = data.split(b"\n")
    return sum(len(line) + 1 for line in lines[: loc.line - 1]) + loc.column - 1


def _declaration(fn: Function, alloc: Allocation, name: str, data: bytes) -> tuple[int, int, str, str] | None:
    """(start, end, type, constructor arguments) of `T *name = new T(args)` (the `;` stays)."""
    stmt = fn.cfg.nodes[alloc.node]
    if stmt.location is None or stmt.macros or not alloc.text or stmt.location.file != alloc.location.file:
        return None
    start, new_at = _offset(data, stmt.location), _offset(data, alloc.location)
    head = data[start:new_at].decode("utf-8", "replace")
    m = re.fullmatch(r"\s*((?:[A-Za-z_][\w:]*)(?:\s*<[\w:<>, *]*>)?)\s*\*\s*" + re.escape(name) + r"\s*=\s*", head)
    if m is None:
        return None
    declared = re.sub(r"\s+", "", m.group(1))
    n = re.fullmatch(r"new\s+([A-Za-z_][\w:]*(?:\s*<[\w:<>, *]*>)?)\s*(?:\((.*)\))?\s*", alloc.text, re.S)
    if n is None or re.sub(r"\s+", "", n.group(1)) != declared:
        return None  # `Base *p = new Derived`, `new T{…}`: not a mechanical rewrite
    args = n.group(2) or ""
    if not balanced(args, "([{", ")]}"):
        return None
    end = new_at + len(alloc.text.encode("utf-8"))
    if data[end:].lstrip()[:1] != b";":
        return None  # a second declarator follows: `T *p = new T, *q = …;`
    return start, end, m.group(1).strip(), args


def _delete_statement(fn: Function, loc: Location, node: int, name: str, data: bytes) -> tuple[int, int, bool] | None:
    """(start, end, keep_timing) of `delete name;`; removed with its line when nothing it orders follows it."""
    if fn.cfg.nodes[node].macros:
        return None
    start = _offset(data, loc)
    m = re.match(rb"delete\s+" + re.escape(name.encode()) + rb"\s*;", data[start:])
    if m is None:
        return None
    end = start + m.end()
    if _has_effects_after(fn, node):
        return start, end, True  # keep the destruction where it was: `p.reset();`
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", end)
    if not data[line_start:start].strip() and line_end >= 0 and not data[end:line_end].strip():
        return line_start, line_end + 1, False
    return start, end, False


def _has_effects_after(fn: Function, node: int) -> bool:
    """Does any call, allocation or delete run after `node`? Then removing the delete would reorder it."""
    cfg = fn.cfg
    seen, todo = {node}, [s for s, label in cfg.nodes[node].succ if label != "exception"]
    busy = {c.node for c in fn.calls} | {a.node for a in fn.allocations} | {d.node for d in fn.deletes}
    while todo:
        n = todo.pop()
        if n in seen or n == CFG.EXIT:
            continue
        seen.add(n)
        if n in busy:
            return True
        todo.extend(s for s, label in cfg.nodes[n].succ if label != "exception")
    return False


def _is_qt(unit: UnitModel, data: bytes) -> bool:
    """Qt code: a class of the unit derives from QObject, or the file includes a Qt header."""
    if any("QObject" in info.bases for info in unit.classes.values()):
        return True
    return any((m := _INCLUDE.match(line)) and m.group(1).startswith(b"Q") for line in data.split(b"\n"))


def _include_edit(file: str, data: bytes, before: int, header: str) -> Replacement | None:
    """`#include <header>` after the file's last include before `before`, unless it is included already."""
    last_end = 0
    offset = 0
    for line in data.split(b"\n"):
        m = _INCLUDE.match(line)
        if m and m.group(1).decode() == header:
            return None
        if m and offset < before:
            last_end = offset + len(line) + 1
        offset += len(line) + 1
    return Replacement(file, last_end, 0, f"#include <{header}>\n")
