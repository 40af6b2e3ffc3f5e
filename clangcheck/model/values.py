"""Where a call's result goes: def-use over one function's CFG, for the errors checks.

A call's value is either used in place (`if (write(...) < 0)`) or stored in a local and read
later. `result_flow` follows the local along the CFG from the call to every read that can see
that value (stopping where it is overwritten), and finds a path on which it is never read.
Exception and noreturn edges are not followed, and a `return` hidden in a test macro (QVERIFY)
ends a path without counting as "never read": neither is where a result is normally handled.
`null_checked_paths` answers the dual question for pointers: is a use reached before any test.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from clangcheck.findings import Location
from clangcheck.model.source import source_file
from clangcheck.model.types import CFG, Access, CallSite, Function, Node, Ref, ResultUse, UnitModel

# Edges that do not continue normal control flow.
ABNORMAL_EDGES = frozenset(("exception", "noreturn"))

FAILURE_CHECK = "failure-check"  # tested for truth, or compared with 0, a negative number or null
SIZE_CHECK = "size-check"  # compared with anything else (a length, a count, another variable)
VALUE = "value"  # used as a value: passed on, returned, stored, computed with


@dataclass(frozen=True)
class ValueUse:
    """One use of a call's value: the call's own context, or a read of the local holding it."""

    location: Location
    use: ResultUse
    node: int
    macros: tuple[str, ...]  # the macro the using statement expands from ('assert', 'QCOMPARE')

    @property
    def kind(self) -> str:
        return classify(self.use)


@dataclass(frozen=True)
class ResultFlow:
    """Every use of one call's result, and a path that drops it if there is one."""

    call: CallSite
    variable: Ref | None  # the local the result is stored in, if any
    uses: tuple[ValueUse, ...]
    tracked: bool = True  # False: stored where we do not follow it (field, global, captured local)
    dropped_at: Location | None = None  # a path end where the stored value was never read
    dropped_how: str = ""  # 'overwritten' | 'returns' | 'ends' | 'never'

    @property
    def kinds(self) -> set[str]:
        return {u.kind for u in self.uses}


def classify(use: ResultUse) -> str:
    if use.kind == "condition" or (use.kind == "operand" and use.operator == "!"):
        return FAILURE_CHECK
    if use.kind == "compared":
        other = use.other
        if other is not None and (other.kind == "null" or (other.kind == "literal" and _non_positive(other.name))):
            return FAILURE_CHECK
        return SIZE_CHECK
    return VALUE


def _non_positive(name: str) -> bool:
    try:
        return int(name) <= 0
    except ValueError:
        return False


def tracked_local(fn: Function, ref: Ref | None, unit: UnitModel) -> bool:
    """A plain local whose every read is in this function's body (no alias, no lambda, no static)."""
    if ref is None or ref.kind != "local":
        return False
    if any(captured.usr == ref.usr for other in unit.functions for captured, _ in other.captures):
        return False
    var = next((v for v in fn.locals if v.usr == ref.usr), None)
    return var is not None and not var.is_static and not var.is_reference


def result_flow(unit: UnitModel, fn: Function, call: CallSite) -> ResultFlow:
    use = call.use
    if use.kind not in ("initializes", "assigned"):
        return ResultFlow(call, None, (ValueUse(call.location, use, call.node, call.macros),))
    var = use.target
    if not tracked_local(fn, var, unit):
        return ResultFlow(call, var, (), tracked=False)
    assert var is not None
    cfg = fn.cfg
    by_node: dict[int, list[tuple[int, Access]]] = {}
    for i, access in enumerate(fn.accesses):
        if access.ref.usr == var.usr:
            by_node.setdefault(access.node, []).append((i, access))

    def value_use(a: Access) -> ValueUse:
        return ValueUse(a.location, a.use or ResultUse("other"), a.node, cfg.nodes[a.node].macros)

    uses: list[ValueUse] = []
    start = call.node
    here = by_node.get(start, [])
    if use.kind == "assigned":
        first_write = next((i for i, a in here if _kills(a)), -1)
        uses += [value_use(a) for i, a in here if i > first_write and not _kills(a)]
    elif cfg.nodes[start].kind == "condition":  # `if (FILE *f = fopen(...))` tests the value it declares
        uses.append(ValueUse(call.location, ResultUse("condition"), start, call.macros))
    read_here = bool(uses)

    dropped: tuple[Location | None, str] | None = None
    seen: set[tuple[int, bool]] = set()
    stack: list[tuple[int, bool, int]] = [(s, read_here, start) for s, label in cfg.successors(start)
                                          if label not in ABNORMAL_EDGES]
    while stack:
        node, read, prev = stack.pop()
        if (node, read) in seen:
            continue
        seen.add((node, read))
        if node == CFG.EXIT:
            last = cfg.nodes[prev]
            # a path that returns an error reports the failure anyway: it need not read the value
            if not read and dropped is None and not (last.kind == "return" and is_error_value(last.returns)):
                dropped = (last.location, "returns" if last.kind == "return" else "ends")
            continue
        n = cfg.nodes[node]
        if n.kind == "return" and n.macros:
            continue  # QVERIFY's hidden return: the test stops, the value does not matter
        accesses = by_node.get(node, [])
        reads = [value_use(a) for _, a in accesses if not _kills(a)]
        if reads:
            uses.extend(u for u in reads if u not in uses)
            read = True
        if any(_kills(a) for _, a in accesses):
            if not read and dropped is None:
                dropped = (n.location, "overwritten")
            continue  # a new value from here on
        for succ, label in cfg.successors(node):
            if label not in ABNORMAL_EDGES:
                stack.append((succ, read, node))
    if not uses and (dropped is None or dropped[1] != "overwritten"):
        dropped = (None, "never")
    return ResultFlow(call, var, tuple(uses), True, dropped[0] if dropped else None, dropped[1] if dropped else "")


def _kills(access: Access) -> bool:
    return access.write and access.how == "assign"


def reaches_unchecked(unit: UnitModel, fn: Function, start: int, var: Ref,
                      is_check, is_use) -> Access | None:
    """A use of `var` (is_use) reachable from `start` without passing a check (is_check) or a new value."""
    cfg = fn.cfg
    by_node: dict[int, list[Access]] = {}
    for access in fn.accesses:
        if access.ref.usr == var.usr:
            by_node.setdefault(access.node, []).append(access)
    seen: set[int] = set()
    stack = [s for s, label in cfg.successors(start) if label not in ABNORMAL_EDGES]
    while stack:
        node = stack.pop()
        if node in seen or node == CFG.EXIT:
            continue
        seen.add(node)
        accesses = by_node.get(node, [])
        if any(is_check(a) for a in accesses):
            continue
        hit = next((a for a in accesses if is_use(a)), None)
        if hit is not None:
            return hit
        if any(_kills(a) for a in accesses):
            continue
        stack.extend(s for s, label in cfg.successors(node) if label not in ABNORMAL_EDGES)
    return None


def decides_nothing(cfg: CFG, node: int) -> bool:
    """A test whose branches meet at once (`if (write(...) < 0) {}`): the idiom for a deliberate discard."""
    n = cfg.nodes[node]
    return n.kind == "condition" and len({s for s, _ in n.succ}) == 1


def is_error_value(ref: Ref | None) -> bool:
    """What a function returns to report failure: null, false, a negative literal, a negated code (`-errno`)."""
    if ref is None:
        return False
    if ref.kind == "null":
        return True
    if ref.kind == "literal":
        return ref.name == "false" or ref.name.startswith("-")
    return ref.kind == "other" and ref.name == "-"


_EXITS = frozenset(("exit", "_exit", "_Exit", "std::exit", "quick_exit"))


def every_path(fn: Function, start: int, step: Callable[[Node], bool | list[int]]) -> bool:
    """Does every path from `start` end well? `step(node)` says True (this path ends well here),
    False (it ends badly: the answer is no) or which successors the path goes on to."""
    seen: set[int] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        verdict = step(fn.cfg.nodes[node])
        if verdict is False:
            return False
        if verdict is not True:
            stack.extend(verdict)
    return True


def ends_in_error(fn: Function, start: int) -> bool:
    """Does every normal path from `start` end by returning an error value, failing a test macro
    (QVERIFY's return) or in a noreturn call other than `exit(0)`?"""
    def step(n: Node) -> bool | list[int]:
        if n.kind == "return":
            return bool(n.macros or is_error_value(n.returns))
        succ = [(s, label) for s, label in n.succ if label != "exception"]
        if any(label == "noreturn" for _, label in succ):
            return not _exits_successfully(fn, n.id)
        if not succ or any(s == CFG.EXIT for s, _ in succ):
            return False  # falls off the end
        return [s for s, _ in succ]
    return every_path(fn, start, step)


def handle_of(call: CallSite, where: object) -> Ref | None:
    """The object a call records its failure in: its receiver (`where` = 'receiver') or argument N."""
    if where == "receiver":
        return call.receiver
    if isinstance(where, int) and 0 <= where < len(call.args):
        return call.args[where]
    return None


def state_read_after(fn: Function, call: CallSite, handle: Ref, readers: frozenset[str]) -> bool:
    """Is the handle's error state read after the call on some path (`in.read(b, n); if (!in)`,
    `fwrite(…, fp); if (ferror(fp))`)? A reader is a method on the same object or a function taking
    it first; the state is sticky, so any later read sees this call's failure."""
    if not handle.usr:
        return False
    nodes = set()
    for other in fn.calls:
        if other is call or other.callee.name not in readers:
            continue
        target = other.receiver if other.receiver is not None else (other.args[0] if other.args else None)
        if target is not None and target.usr == handle.usr and target.kind == handle.kind:
            nodes.add(other.node)
    return bool(nodes) and not nodes.isdisjoint(fn.cfg.reachable(call.node))  # the CFG walk only when asked


def storage_of(ref: Ref | None) -> str:
    """The variable an expression reads or writes: itself, or the array of an element (`fds[1]`)."""
    if ref is None:
        return ""
    if ref.kind in ("local", "field", "global"):
        return ref.usr
    if ref.kind == "other" and ref.name == "[]" and ref.base is not None and ref.base.kind in ("local", "field", "global"):
        return ref.base.usr
    return ""


def handles_made_by(unit: UnitModel, creators: frozenset[str]) -> frozenset[str]:
    """Variables (locals, fields, globals, arrays of them) that only ever hold a handle one of
    `creators` made (`l->tfd = timerfd_create(...)`, `fds[0] = fds[1] = efd`), copies followed,
    a literal reset (`-1`) allowed. A variable whose address or storage is handed to a call
    (`pipe(l->fds)`) may hold anything and is not one."""
    sources: dict[str, list[Ref]] = {}
    handed: set[str] = set()
    for fn in unit.functions:
        for a in fn.assignments:
            target = storage_of(a.target)
            if target:
                sources.setdefault(target, []).append(a.value)
        for access in fn.accesses:
            if access.how == "address":
                handed.add(access.ref.usr)
        for call in fn.calls:
            for arg in call.args:
                if arg.kind in ("local", "field", "global") and "[" in arg.type:
                    handed.add(arg.usr)
    made = {usr for usr in sources if usr not in handed}
    changed = True
    while changed:  # greatest fixed point: drop a variable with one source that is not such a handle
        changed = False
        for usr in list(made):
            for value in sources[usr]:
                if value.kind == "literal" or (value.kind == "call" and value.name in creators):
                    continue
                if storage_of(value) in made:
                    continue
                made.discard(usr)
                changed = True
                break
    return frozenset(made)


def in_noreturn_macro(fn: Function, call: CallSite) -> bool:
    """Is the call part of a macro expansion that always ends in a noreturn call (an assert or a
    fatal-error macro: `fflush(stderr); abort();`)? The process is about to die: what the call
    reports cannot be acted on."""
    macro = fn.cfg.nodes[call.node].macros[:1]

    def step(n: Node) -> bool | list[int]:
        if n.kind == "noreturn":
            return True  # this path dies inside the macro
        if n.macros[:1] != macro or n.id == CFG.EXIT:
            return False  # left the expansion alive
        succ = [s for s, label in n.succ if label != "exception"]
        return succ or False
    return bool(macro) and every_path(fn, call.node, step)


def _exits_successfully(fn: Function, node: int) -> bool:
    return any(c.node == node and c.callee.qualified_name in _EXITS and c.args and c.args[0].kind == "literal"
               and c.args[0].name == "0" for c in fn.calls)


def non_negative_edge(use: ResultUse) -> str:
    """For a test that tells only negative values apart (`n < 0`, `n == -1`), the branch a 0 takes
    together with real data ('true'/'false'); '' for any other test."""
    if use.kind != "compared" or use.other is None or use.other.kind != "literal" or not _non_positive(use.other.name):
        return ""
    if use.other.name == "0":
        return {"<": "false", ">=": "true"}.get(use.operator, "")
    return {"==": "false", "!=": "true", "<=": "false", "<": "false", ">": "true", ">=": "true"}.get(use.operator, "")


def zero_loops_back(fn: Function, call: CallSite, tests: list[ValueUse]) -> bool:
    """Does a 0 from `call`, passing every test like data, reach `call` again (the loop goes on)?"""
    cfg = fn.cfg
    for test in tests:
        edge = non_negative_edge(test.use)
        node = cfg.nodes[test.node]
        if not edge or node.kind != "condition":
            return False
        # in `a || b` / `a && b` the other operand may decide; only `n < 0 && x` is forced to 'false'
        if "||" in node.text or ("&&" in node.text and edge != "false") or not node.text:
            return False
    first = tests[0]
    return any(call.node in cfg.reachable(s) for s, label in cfg.successors(first.node)
               if label == non_negative_edge(first.use))


def failure_edge(use: ResultUse) -> str:
    """The branch ('true'/'false') a test of a byte count takes when the transfer failed or fell short, or ''."""
    if use.kind != "compared":
        return ""
    op = use.operator
    if classify(use) == FAILURE_CHECK:  # against 0 or a negative number
        return {"<": "true", "<=": "true", "==": "true", ">": "false", ">=": "false", "!=": "false"}.get(op, "")
    return {"<": "true", "!=": "true", "==": "false", ">=": "false"}.get(op, "")


def only_on_failure_branch(unit: UnitModel, fn: Function, call: CallSite, target: int) -> bool:
    """Is `target` reached only through the failure branch of a test of `call`'s byte count?"""
    cfg = fn.cfg
    by_node: dict[int, set[str]] = {}
    for use in result_flow(unit, fn, call).uses:
        if cfg.nodes[use.node].kind == "condition":
            by_node.setdefault(use.node, set()).add(failure_edge(use.use))
    for node, edges in by_node.items():
        if len(edges) != 1 or "" in edges:
            continue
        fail = next(iter(edges))
        succ = cfg.successors(node)
        failing = [s for s, label in succ if label == fail]
        passing = [s for s, label in succ if label in ("true", "false") and label != fail]
        blocked = frozenset((node,))
        if any(target in cfg.reachable(s, blocked) for s in failing) and \
                not any(target in cfg.reachable(s, blocked) for s in passing):
            return True
    return False


def calls_any(unit: UnitModel, names: frozenset[str]) -> bool:
    """Does any function of the unit call one of `names` (e.g. QTest::qExec from QTEST_MAIN)?"""
    return any(call.callee.qualified_name in names for _, call in unit.all_calls())


# --- source positions, for fix-its -----------------------------------------------------------
def byte_offset(location: Location) -> int | None:
    """The byte offset of a (line, byte column) location in its file."""
    lines = _lines(location.file)
    if not 1 <= location.line <= len(lines):
        return None
    return sum(len(line) + 1 for line in lines[: location.line - 1]) + location.column - 1


def source_bytes(location: Location, end: Location) -> bytes:
    start, stop = byte_offset(location), byte_offset(end)
    if start is None or stop is None or location.file != end.file or stop < start:
        return b""
    return source_file(location.file).data[start:stop]


def previous_token_char(location: Location) -> bytes:
    """The last non-blank byte before `location` (comments are not skipped: a conservative answer)."""
    offset = byte_offset(location)
    if offset is None:
        return b""
    data = source_file(location.file).data[:offset].rstrip()
    return data[-1:]


def indentation(location: Location) -> bytes:
    lines = _lines(location.file)
    if not 1 <= location.line <= len(lines):
        return b""
    line = lines[location.line - 1]
    return line[: len(line) - len(line.lstrip())]


@lru_cache(maxsize=64)
def _lines(path: str) -> list[bytes]:
    return source_file(path).lines


def invocation_end(location: Location) -> Location | None:
    """Where the macro invocation (or call) starting at `location` ends: after its closing parenthesis."""
    offset = byte_offset(location)
    if offset is None:
        return None
    data = source_file(location.file).data
    depth, i, quote = 0, data.find(b"(", offset), b""
    if i < 0:
        return None
    while i < len(data):
        ch = data[i:i + 1]
        if quote:
            if ch == b"\\":
                i += 1
            elif ch == quote:
                quote = b""
        elif ch in (b'"', b"'"):
            quote = ch
        elif ch == b"(":
            depth += 1
        elif ch == b")":
            depth -= 1
            if depth == 0:
                line = data.count(b"\n", 0, i + 1) + 1
                column = i + 2 - (data.rfind(b"\n", 0, i + 1) + 1)
                return Location(location.file, line, column)
        i += 1
    return None
