"""Correlated branches: what a path already knows about a condition it meets again.

`if (!permanent) fd = open(...); ... if (!permanent) close(fd);` has no path that opens and
skips the close, but a path-insensitive walk finds one. Along a path we remember the outcome of
simple conditions (a variable, a field, their negation, or a comparison with null) and facts from
assignments of null, and drop the branch that contradicts them. A write to a variable forgets
what was known about it. Only conditions without calls qualify: a call may answer differently.
"""
from __future__ import annotations

import re
from functools import lru_cache

from clangcheck.model.types import Function

Facts = frozenset  # of (subject, is_true): subject is a normalized condition text

_NULLS = ("nullptr", "NULL", "0")
_SIMPLE = re.compile(r"^[A-Za-z_][\w.]*(->[A-Za-z_]\w*)*$")  # x, this->x, s.x, p->q


@lru_cache(maxsize=4096)
def subject(text: str) -> tuple[str, bool] | None:
    """('x', True) for `x` / `x != nullptr`, ('x', False) for `!x` / `x == nullptr`; None if not simple."""
    text = strip_parens(text)
    if text.startswith("!") and not text.startswith("!="):
        inner = subject(text[1:])
        return (inner[0], not inner[1]) if inner else None
    for op, truth in (("!=", True), ("==", False)):
        if op in text:
            left, _, right = text.partition(op)
            left, right = left.strip(), right.strip()
            if right in _NULLS and _SIMPLE.match(_strip_this(left)):
                return _strip_this(left), truth
            if left in _NULLS and _SIMPLE.match(_strip_this(right)):
                return _strip_this(right), truth
            return None
    text = _strip_this(text)
    return (text, True) if _SIMPLE.match(text) and text not in ("true", "false") else None


def _strip_this(text: str) -> str:
    return text[6:] if text.startswith("this->") else text


def balanced(text: str, opening: str = "(", closing: str = ")") -> bool:
    """Do the brackets of `text` close in order (no `)(`), with none left open?"""
    depth = 0
    for ch in text:
        depth += (ch in opening) - (ch in closing)
        if depth < 0:
            return False
    return depth == 0


def strip_parens(text: str) -> str:
    """`((a && b))` -> `a && b`, but `(a) && (b)` stays as it is."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def condition_text(node) -> str:
    """A condition node's test as the analyses read it: spelled from the AST where it is simple
    (constants evaluated, macros expanded: `fd == INVALID_SOCK` reads `fd == -1`), else its source
    text outside macros (a macro's text is its invocation)."""
    return node.expression or ("" if node.macros else node.text)


class BranchFacts:
    """Per function: the condition subject of each condition node, and what each node writes."""

    def __init__(self, fn: Function):
        self.subjects: dict[int, tuple[str, bool]] = {}
        for node in fn.cfg.nodes:
            if node.kind != "condition":
                continue
            text = condition_text(node)
            if text and not _has_call(text):
                found = subject(text)
                if found is not None:
                    self.subjects[node.id] = found
        known = {name for name, _ in self.subjects.values()}
        self.writes: dict[int, set[str]] = {}
        for access in fn.accesses:
            if access.write or access.how in ("address", "call-mutating"):
                self.writes.setdefault(access.node, set()).add(access.ref.name)
        self.null_assignments: dict[int, set[str]] = {}
        for a in fn.assignments:
            if a.value.kind == "null" and a.target.is_variable and a.target.name in known:
                self.null_assignments.setdefault(a.node, set()).add(a.target.name)

    def initial(self, fn: Function, start: int) -> Facts:
        """What holds wherever `start` runs: outcomes of the simple conditions that dominate it
        through one branch, for subjects the function never writes (they cannot have changed)."""
        import networkx as nx

        if not self.subjects:
            return frozenset()
        graph = fn.cfg.to_networkx()
        if start not in graph:
            return frozenset()
        idom = nx.immediate_dominators(graph, 0)
        written = set().union(*self.writes.values()) if self.writes else set()
        facts = set()
        child, node = start, idom.get(start)
        while node is not None and node != child:
            found = self.subjects.get(node)
            if found is not None and _root(found[0]) not in written:
                labels = {label for succ, label in fn.cfg.successors(node) if succ == child or _dominates(idom, succ, start)}
                if len(labels) == 1 and labels & {"true", "false"}:
                    name, polarity = found
                    facts.add((name, (labels.pop() == "true") == polarity))
            child, node = node, idom.get(node)
        return frozenset(facts)

    def allowed(self, node: int, label: str, facts: Facts) -> bool:
        """May a path knowing `facts` leave condition `node` by the edge `label`?"""
        found = self.subjects.get(node)
        if found is None or label not in ("true", "false"):
            return True
        name, polarity = found
        outcome = (label == "true") == polarity  # is `name` true (non-null) on this edge?
        return (name, not outcome) not in facts

    def after(self, node: int, label: str, facts: Facts) -> Facts:
        """The facts on edge `label` out of `node`."""
        written = self.writes.get(node)
        if written:
            facts = frozenset(f for f in facts if _root(f[0]) not in written)
        for name in self.null_assignments.get(node, ()):
            facts = facts | {(name, False)}
        found = self.subjects.get(node)
        if found is not None and label in ("true", "false"):
            name, polarity = found
            facts = facts | {(name, (label == "true") == polarity)}
        return facts


def _dominates(idom: dict, a: int, b: int) -> bool:
    while b in idom:
        if a == b:
            return True
        if idom[b] == b:
            return False
        b = idom[b]
    return False


def _root(name: str) -> str:
    """The variable a subject depends on: `s.fd` -> written when `fd` or `s` is; keep the last part."""
    return re.split(r"\.|->", name)[-1]


def _has_call(text: str) -> bool:
    """A '(' left once negations and the parentheses around the whole condition are gone."""
    text = text.strip()
    while True:
        stripped = strip_parens(text.lstrip("!"))
        if stripped == text:
            return "(" in text
        text = stripped
