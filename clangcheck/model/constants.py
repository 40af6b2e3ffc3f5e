"""Dead branches: conditions whose value the TU fixes, and the code they make unreachable.

`if (0)`, `while (1)`, `switch (6)`, `if (FLAG_SIZE == 5)` with a `const`, a `static` variable
that nothing in the TU ever writes or lets escape (`static int verbose = 0; ... if (verbose)`),
and a call of a function whose body is `return <constant>;`: the compiler folds these, and so must we, or every family explores paths that cannot run (an allocation under
`if (1)` "leaking" on the `false` edge). The builder records each condition as a small tree of
what libclang can evaluate (`condition_tree`); once the whole TU is built, `prune` drops the edge
a known value contradicts and removes the facts (calls, allocations, accesses…) of nodes no path
from the entry reaches any more.
"""
from __future__ import annotations

import operator
from typing import Any, Iterable

import clang.cindex as ci

from clangcheck.model import libclang as lc
from clangcheck.model.types import Function

K = ci.CursorKind
Tree = Any  # int | ("var", usr, value) | (op, tree, ...) | None
_MAX_DEPTH = 8
_BINARY = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt, "<=": operator.le,
           ">=": operator.ge, "+": operator.add, "-": operator.sub, "*": operator.mul, "&": operator.and_,
           "|": operator.or_}
_TRANSPARENT = (K.UNEXPOSED_EXPR, K.PAREN_EXPR, K.CSTYLE_CAST_EXPR, K.CXX_FUNCTIONAL_CAST_EXPR)


def condition_tree(cursor: ci.Cursor, depth: int = 0) -> Tree:
    """What the condition's value depends on: a constant libclang evaluates, or an expression over
    constants and `static` variables with constant initializers; None when it depends on more."""
    kind = lc.kind_of(cursor)
    if kind is None or kind == K.VAR_DECL or depth > _MAX_DEPTH:
        return None
    value = lc.integer_value(cursor)
    if value is not None:
        return int(value)
    children = list(cursor.get_children())
    if kind in _TRANSPARENT and len(children) == 1:
        return condition_tree(children[0], depth + 1)
    if kind == K.DECL_REF_EXPR:
        return _static_variable(cursor.referenced)
    if kind == K.CALL_EXPR:
        return _constant_result(cursor.referenced)
    if kind == K.UNARY_OPERATOR and len(children) == 1 and lc.unary_operator(cursor) == "!":
        inner = condition_tree(children[0], depth + 1)
        return None if inner is None else ("!", inner)
    if kind == K.BINARY_OPERATOR and len(children) == 2:
        op = lc.binary_operator(cursor)
        if op in _BINARY or op in ("&&", "||"):
            left, right = (condition_tree(ch, depth + 1) for ch in children)
            if left is None and right is None:
                return None
            return (op, left, right)
    return None


def _static_variable(decl: ci.Cursor | None) -> Tree:
    """("var", usr, initial value) for a variable of static storage with internal linkage and a
    constant initializer: its value is known wherever the TU never changes it."""
    if decl is None or lc.kind_of(decl) != K.VAR_DECL or decl.storage_class != ci.StorageClass.STATIC:
        return None
    if "const" in decl.type.spelling.split() or decl.type.is_volatile_qualified():
        return None  # a const one libclang already evaluated; a volatile one changes by itself
    inits = [ch for ch in decl.get_children() if (lc.kind_of(ch) or K.NULL_STMT).is_expression()]
    value = lc.integer_value(inits[-1]) if inits else 0  # no initializer: static storage starts at 0
    return None if value is None else ("var", lc.usr(decl), int(value))


def _constant_result(decl: ci.Cursor | None) -> int | None:
    """The value of a call to a function whose visible body is just `return <constant>;`."""
    if decl is None or lc.kind_of(decl) != K.FUNCTION_DECL:
        return None
    definition = decl.get_definition()
    body = next((ch for ch in definition.get_children() if lc.kind_of(ch) == K.COMPOUND_STMT), None) if definition else None
    statements = list(body.get_children()) if body is not None else []
    if len(statements) != 1 or lc.kind_of(statements[0]) != K.RETURN_STMT:
        return None
    value = list(statements[0].get_children())
    result = lc.integer_value(value[0]) if len(value) == 1 else None
    return None if result is None else int(result)


def evaluate(tree: Tree, changed: set[str]) -> int | None:
    """The tree's value, where the variables it names are not in `changed`; None if unknown."""
    if tree is None or isinstance(tree, int):
        return tree
    op = tree[0]
    if op == "var":
        return None if tree[1] in changed else tree[2]
    if op == "!":
        inner = evaluate(tree[1], changed)
        return None if inner is None else int(not inner)
    left, right = evaluate(tree[1], changed), evaluate(tree[2], changed)
    if op == "&&":
        return 0 if 0 in (left, right) else (1 if left is not None and right is not None else None)
    if op == "||":
        return 1 if (left or right) else (0 if left == 0 and right == 0 else None)
    if left is None or right is None:
        return None
    return int(_BINARY[op](left, right))


def changed_variables(functions: Iterable[Function]) -> set[str]:
    """USRs of variables some function of the TU writes or lets escape (its address, a mutating call)."""
    return {a.ref.usr for fn in functions for a in fn.accesses
            if a.write or a.element_write or a.how in ("address", "call-mutating")}


def prune(fn: Function, changed: set[str]) -> None:
    """Drop the edges known conditions never take, and the facts of nodes left unreachable."""
    cut = False
    for node in fn.cfg.nodes:
        if node.condition is None:
            continue
        value = evaluate(node.condition, changed)
        if value is None:
            continue
        kept = _switch_edges(fn, node.succ, value) if any(l == "case" for _, l in node.succ) else \
            [(s, label) for s, label in node.succ if label != ("false" if value else "true")]
        if kept is not None and len(kept) < len(node.succ):
            node.succ = kept
            cut = True
    if not cut:
        return
    live = _reachable(fn)
    fn.calls = [c for c in fn.calls if c.node in live]
    fn.allocations = [a for a in fn.allocations if a.node in live]
    fn.deletes = [d for d in fn.deletes if d.node in live]
    fn.accesses = [a for a in fn.accesses if a.node in live]
    fn.assignments = [a for a in fn.assignments if a.node in live]
    fn.pointer_calls = [p for p in fn.pointer_calls if p.node in live]
    fn.dependent_calls = [d for d in fn.dependent_calls if d.node in live]
    for node in fn.cfg.nodes:
        if node.id not in live:
            node.succ = []  # dead code reaches nothing: no dataflow runs through it


def _switch_edges(fn: Function, succ: list[tuple[int, str]], value: int) -> list[tuple[int, str]] | None:
    """The edges a switch on a known value takes: its matching case, else its default (or the
    'false' edge past the switch when it has none); None when some case's value is unknown."""
    cases = [(s, fn.cfg.nodes[s].case_value) for s, label in succ if label == "case"]
    if any(v is None for _, v in cases):
        return None
    match = [(s, "case") for s, v in cases if v == value]
    if match:
        return match[:1]
    default = [(s, "case") for s, v in cases if v == "default"]
    return default or [(s, label) for s, label in succ if label == "false"]


def _reachable(fn: Function) -> set[int]:
    seen, todo = {0}, [0]
    while todo:
        for succ, _ in fn.cfg.nodes[todo.pop()].succ:
            if succ not in seen:
                seen.add(succ)
                todo.append(succ)
    return seen | {1}
