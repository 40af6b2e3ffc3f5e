"""clangcheck-errors-*: failures and byte counts that nobody looks at, or looks at where it does not count."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from clangcheck import knowledge
from clangcheck.check import Check, Option
from clangcheck.findings import Finding, FixIt, Location, Note, Replacement
from clangcheck.model import values
from clangcheck.model.nullness import NullFacts, closure, null_facts, open_argument, tracked
from clangcheck.model.types import Callee, CallSite, Function, UnitModel

_INTEGER_WORDS = ("int", "long", "short", "size_t", "ssize_t", "qint64", "qsizetype", "int64_t", "off_t")


@dataclass(frozen=True)
class ErrorKnowledge:
    """knowledge/errors.yaml, read once."""

    must_check: frozenset[str]
    conditions: dict  # name -> {'only-with-argument': i} | {'only-if-written': i}
    byte_counts: dict  # name -> index of the requested-size argument
    writes_handle: dict  # name -> index of the handle argument
    may_return_null: frozenset[str]
    dereferences: dict  # name -> indexes of pointer arguments it dereferences
    release_macros: frozenset[str]
    test_macros: frozenset[str]
    test_runners: frozenset[str]
    test_slots: frozenset[str]  # Qt Test's hook slots (initTestCase, init, cleanup, ...)
    test_prefix: str  # Qt's naming convention for test classes and files: tst_
    end_of_stream: frozenset[str]  # reads that return 0 at end of file / when the peer closed
    strict_only: frozenset[str]  # reported only with Strict: true
    standard_streams: dict  # name -> index of its FILE* argument: on stdout/stderr, Strict only
    error_state: dict  # name -> {object, readers, outlives}: failure also kept in the handle's state
    whole_message: frozenset[str]  # calls making descriptors a read or write moves whole or not at all


@lru_cache(maxsize=1)
def facts() -> ErrorKnowledge:
    data = knowledge.load("errors")
    names: set[str] = set()
    conditions: dict = {}
    for group in data.get("must-check", {}).values():
        for entry in group or ():
            if isinstance(entry, dict):
                (name, condition), = entry.items()
                conditions[name] = condition or {}
            else:
                name = entry
            names.add(name)
    macros = data.get("assertion-macros", {})
    return ErrorKnowledge(
        frozenset(names), conditions, dict(data.get("byte-counts", {})), dict(data.get("writes-handle", {})),
        frozenset(data.get("may-return-null", ())), dict(data.get("dereferences", {})),
        frozenset(macros.get("release", ())), frozenset(macros.get("test", ())), frozenset(data.get("test-runners", ())),
        frozenset(data.get("test-slots", ())), str(data.get("test-prefix", "tst_")),
        frozenset(data.get("end-of-stream", ())),
        frozenset(data.get("strict-only", ())), dict(data.get("standard-streams", {})),
        {name: dict(entry) for name, entry in (data.get("error-state") or {}).items()},
        frozenset(data.get("whole-message-descriptors", ())),
    )


def entry_for(unit: UnitModel, callee: Callee, table) -> str | None:
    """The knowledge entry naming this callee: its own name, or `Base::method` of a base class."""
    if callee.qualified_name in table:
        return callee.qualified_name
    info = unit.classes.get(callee.class_name) if callee.class_name else None
    for base in info.bases if info is not None else ():
        if f"{base}::{callee.name}" in table:
            return f"{base}::{callee.name}"
    return None


class ResultChecks(Check):
    """Shared by the family: which calls report failure (knowledge + [[nodiscard]] + options)."""

    options = (
        Option("CheckedFunctions", "", list, "extra qualified names whose result must be used, ';'-separated"),
        Option("IgnoredFunctions", "", list, "qualified names never reported, ';'-separated"),
        Option("Strict", "false", bool, "also calls whose failure is a programming error or is rarely acted on: "
               "pthread mutex/condition calls and pthread_join, shutdown, stdio on stdout/stderr, closing a read-only handle"),
    )

    def knowledge_entry(self, unit: UnitModel, call: CallSite) -> str | None:
        """The knowledge (or CheckedFunctions) entry saying the call reports failure, if any."""
        known = facts()
        names = known.must_check | set(self.option("CheckedFunctions"))
        if self.option("Strict"):
            names = names | known.strict_only
        return entry_for(unit, call.callee, names)

    def checked(self, unit: UnitModel, fn: Function, call: CallSite) -> bool:
        callee = call.callee
        if callee.return_type in ("", "void") or callee.qualified_name in self.option("IgnoredFunctions"):
            return False
        if values.in_noreturn_macro(fn, call):
            return False  # an assert or fatal-error macro: the process dies right after
        known = facts()
        strict = self.option("Strict")
        entry = self.knowledge_entry(unit, call)
        if entry is None:
            # [[nodiscard]] in the project's own headers; the compiler already warns for system ones
            return callee.nodiscard and not callee.in_system_header
        stream = known.standard_streams.get(entry)
        if stream is not None and not strict and _standard_stream(call, stream):
            return False
        condition = known.conditions.get(entry, {})
        if "only-with-argument" in condition:
            index = condition["only-with-argument"]
            if index >= len(call.args) or call.args[index].kind == "default":
                return False
        if "only-if-written" in condition and not strict:
            return closes_written_handle(unit, fn, call, condition["only-if-written"])
        return True

    def weak_macro(self, macros: tuple[str, ...], test_unit: bool) -> str:
        """The assertion macro a use sits in when that check vanishes or only aborts a test, else ''."""
        known = facts()
        for macro in macros:
            if macro in known.release_macros or (macro in known.test_macros and not test_unit):
                return macro
        return ""


def _standard_stream(call: CallSite, index: int) -> bool:
    """Is argument `index` stdout or stderr (a global of the C library, or a macro naming one)?"""
    if index >= len(call.args):
        return False
    arg = call.args[index]
    return arg.name in ("stdout", "stderr", "std::stdout", "std::stderr") and arg.kind in ("global", "other")


def closes_written_handle(unit: UnitModel, fn: Function, close: CallSite, index: int) -> bool:
    """Does `close`/`fclose` flush what this function wrote, on a path where that still matters?

    Not when the close sits on an error path: only on the failure branch of a test of a write to the
    handle (the write already failed), or where every path goes on to return an error (`return -1`,
    `return NULL`, `exit(1)`): the function reports a failure anyway, a second one adds nothing.
    """
    if index >= len(close.args) or not close.args[index].is_variable:
        return False
    handle = close.args[index].usr
    writers = facts().writes_handle
    writes = [call for call in fn.calls
              if (slot := writers.get(call.callee.qualified_name)) is not None and slot < len(call.args)
              and call.args[slot].usr == handle and close.node in fn.cfg.reachable(call.node)]
    if not writes or values.ends_in_error(fn, close.node):
        return False
    return not any(values.only_on_failure_branch(unit, fn, write, close.node) for write in writes)


def qt_test_code(unit: UnitModel) -> bool:
    """Is this TU Qt Test code, where QVERIFY/QCOMPARE are the real checks?

    Yes when it runs tests (QTEST_MAIN & co call QTest::qExec), when its file is named `tst_*`
    (Qt's convention), or when it defines methods of a Qt Test class: a QObject subclass with
    private slots that is named `tst_*` or has a Qt Test hook (`init`, `cleanup`, `initTestCase`,
    `*_data`) among them. The class may be run by QTEST_MAIN in another TU.
    """
    known = facts()
    if values.calls_any(unit, known.test_runners) or os.path.basename(unit.main_file).startswith(known.test_prefix):
        return True
    for fn in unit.functions:
        info = unit.classes.get(fn.class_name) if fn.class_name else None
        if info is None or not info.private_slots or "QObject" not in info.bases:
            continue
        if info.name.rsplit("::", 1)[-1].startswith(known.test_prefix) or any(
                slot in known.test_slots or slot.endswith("_data") for slot in info.private_slots):
            return True
    return False


def release_note(macro: str) -> str:
    if macro in facts().release_macros:
        guard = "NDEBUG" if macro == "assert" else "QT_NO_DEBUG"
        return f"'{macro}' is compiled out in release builds ({guard}): there the result is not checked"
    return f"'{macro}' only records a failure and returns from a Qt Test function; this is not Qt Test code"


class UncheckedResult(ResultChecks):
    """A call that reports failure has its result discarded or never read (docs/checks/clangcheck-errors-unchecked-result.md)."""

    id = "clangcheck-errors-unchecked-result"
    summary = "result of a call that reports failure is ignored"
    tags = ("reliability", "CWE-252")

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        for fn, call in unit.all_calls():
            if call.use.kind not in ("discarded", "initializes", "assigned") or not self.checked(unit, fn, call):
                continue
            name = call.callee.qualified_name
            if call.use.kind == "discarded":
                if self.error_state_checked(unit, fn, call):
                    continue
                yield Finding(self.id, call.location, "the result of '{}' is ignored", (name,), end=call.end, function=fn.qualified_name)
                continue
            if self.knowledge_entry(unit, call) is None:
                continue  # [[nodiscard]] alone means "do not discard", not "read on every path"
            flow = values.result_flow(unit, fn, call)
            if not flow.tracked or not flow.dropped_how:
                continue
            var = flow.variable.name if flow.variable else ""
            if flow.dropped_how == "never":
                yield Finding(self.id, call.location, "the result of '{}' is stored in '{}' but never read", (name, var),
                              end=call.end, function=fn.qualified_name)
                continue
            text = {"overwritten": f"'{var}' is overwritten here before it is read",
                    "returns": f"the function returns here without reading '{var}'",
                    "ends": f"the function ends here without reading '{var}'"}[flow.dropped_how]
            notes = (Note(flow.dropped_at, text),) if flow.dropped_at else ()
            yield Finding(self.id, call.location, "the result of '{}' is stored in '{}' but not read on every path",
                          (name, var), notes=notes, end=call.end, function=fn.qualified_name)

    def error_state_checked(self, unit: UnitModel, fn: Function, call: CallSite) -> bool:
        """The failure is also kept in the handle's sticky error state, and that is read: after the
        call in this function (`if (!in)`, `ferror(fp)`), or by whoever owns a handle this function
        was given or reaches (a stream parameter or member), when the state outlives the call."""
        entry = entry_for(unit, call.callee, facts().error_state)
        if entry is None:
            return False
        state = facts().error_state[entry]
        handle = values.handle_of(call, state.get("object"))
        if handle is None:
            return False
        if state.get("outlives") and handle.kind in ("param", "field", "global", "this"):
            return True
        return values.state_read_after(fn, call, handle, frozenset(state.get("readers", ())))


_DESCRIPTOR_IO = frozenset({"read", "write", "pread", "pwrite", "recv", "send"})  # the descriptor is argument 0


class ShortIo(ResultChecks):
    """A byte count is checked for failure only: a short transfer goes unnoticed (docs/checks/clangcheck-errors-short-io.md)."""

    id = "clangcheck-errors-short-io"
    summary = "byte count checked for failure only, never against the requested size"
    tags = ("reliability", "CWE-252")
    options = ()
    _handles: tuple = (None, frozenset())  # (unit, its whole-message descriptors): once per TU

    def whole_message_handles(self, unit: UnitModel) -> frozenset[str]:
        if self._handles[0] is not unit:
            self._handles = (unit, values.handles_made_by(unit, facts().whole_message))
        return self._handles[1]

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        known = facts()
        test_unit = qt_test_code(unit)
        for fn, call in unit.all_calls():
            entry = entry_for(unit, call.callee, known.byte_counts)
            if entry is None or not any(w in call.callee.return_type for w in _INTEGER_WORDS):
                continue
            index = known.byte_counts[entry]
            if index < len(call.args) and call.args[index].kind == "literal" and call.args[index].name == "1":
                continue  # one byte (or item) either moves or fails: a failure check is the size check
            if call.callee.name in _DESCRIPTOR_IO and call.args and \
                    values.storage_of(call.args[0]) in self.whole_message_handles(unit):
                continue  # a timerfd's or eventfd's 8 bytes move whole or fail: the failure check is all
            flow = values.result_flow(unit, fn, call)
            uses = [u for u in flow.uses if not self.weak_macro(u.macros, test_unit)]
            if not flow.tracked or not uses or {u.kind for u in uses} != {values.FAILURE_CHECK}:
                continue
            if any(values.decides_nothing(fn.cfg, u.node) for u in uses):
                continue  # `if (write(...) < 0) {}`: tested only to silence warn_unused_result, a deliberate discard
            args = argument_texts(call)
            size = args[index] if index < len(args) else (f"the size of {args[0]}" if args else "the data size")
            size = f"'{size}'" if index < len(args) else size
            verb = "read" if "read" in call.callee.name or "recv" in call.callee.name else "write"
            notes = tuple(Note(u.location, "the count is only tested for failure here") for u in uses)
            if "snprintf" in entry:
                notes += (Note(call.location, f"a result >= {size} means the text was truncated"),)
            else:
                notes += (Note(call.location, f"a short {verb} moves fewer bytes than requested: compare the count "
                                              f"with {size}, or loop until it is all moved, advancing by the count"),)
            yield Finding(self.id, call.location, "the byte count of '{}' is checked for failure only, never against {}",
                          (call.callee.qualified_name, size), notes=notes, end=call.end, function=fn.qualified_name)


class EofUnhandled(Check):
    """A read in a loop tests its count only for a negative result: end of stream (0) loops forever
    (docs/checks/clangcheck-errors-eof-unhandled.md)."""

    id = "clangcheck-errors-eof-unhandled"
    summary = "read in a loop never handles 0 (end of file, peer closed)"
    tags = ("reliability", "CWE-835")

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        known = facts()
        for fn, call in unit.all_calls():
            if entry_for(unit, call.callee, known.end_of_stream) is None:
                continue
            flow = values.result_flow(unit, fn, call)
            tests = [u for u in flow.uses if u.kind != values.VALUE]
            if not flow.tracked or not tests or not values.zero_loops_back(fn, call, tests):
                continue
            name = call.callee.qualified_name
            notes = tuple(Note(u.location, "only a negative result is tested here; 0 passes as data") for u in tests)
            yield Finding(self.id, call.location, "'{}' returns 0 at end of stream and this loop never tests for it",
                          (name,), notes=notes, end=call.end, function=fn.qualified_name)


class AssertOnly(ResultChecks):
    """The only check of a result is an assertion that vanishes in release builds or only aborts a test
    (docs/checks/clangcheck-errors-assert-only.md)."""

    id = "clangcheck-errors-assert-only"
    summary = "result checked only inside assert/Q_ASSERT, or a Qt Test macro outside a test"
    tags = ("reliability", "CWE-617")

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        known = facts()
        test_unit = qt_test_code(unit)
        seen: set[Location] = set()
        for fn, call in unit.all_calls():
            if call.location in seen or not self.checked(unit, fn, call):
                continue
            if any(m in known.release_macros for m in call.macros):
                continue  # the call itself vanishes: clangcheck-errors-side-effect-in-assert
            flow = values.result_flow(unit, fn, call)
            if not flow.tracked or not flow.uses:
                continue
            macros = [self.weak_macro(u.macros, test_unit) for u in flow.uses]
            if not all(macros):
                continue
            seen.add(call.location)
            where = flow.uses[0]
            yield Finding(self.id, call.location, "the result of '{}' is checked only inside '{}'",
                          (call.callee.qualified_name, macros[0]), notes=(Note(where.location, release_note(macros[0])),),
                          end=call.end, function=fn.qualified_name)


@dataclass(frozen=True)
class FailureValue:
    """What a call returns on failure, and on success (knowledge/errors.yaml, failure-values)."""

    failure: int
    low: int | None  # the range of success values; None: the number of outputs after the format
    high: int | None
    expected: tuple[int, ...] | None  # success values a test may look for; None: 1..outputs
    text: str
    format_index: int = -1
    unsigned: bool = False  # compared as a 32-bit unsigned value (wint_t)


@lru_cache(maxsize=1)
def failure_values() -> dict[str, FailureValue]:
    def bound(v) -> int | None:
        return None if v == "outputs" else int(v)

    out: dict[str, FailureValue] = {}
    for kind in (knowledge.load("errors").get("failure-values") or {}).values():
        low, high = (bound(v) for v in kind["range"])
        expected = kind.get("expected") or ()
        expected = None if expected == "outputs" else tuple(int(v) for v in expected)
        calls = kind["calls"]
        for name in calls:
            index = int(calls[name]) if isinstance(calls, dict) else -1
            out[str(name)] = FailureValue(int(kind["failure"]), low, high, expected, str(kind["text"]), index,
                                          int(kind["failure"]) > 0x7FFFFFFF)
    return out


_COMPARE = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
            ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


def _blind(test: values.ValueUse, known: FailureValue, outputs: int) -> bool:
    """Can the comparison not see the failure? An equality with a constant that is neither the
    failure value nor a success value a test looks for; an ordering that puts the failure on the
    side of every success value (the range's ends: the outcome is monotone in between)."""
    other, compare = test.use.other, _COMPARE.get(test.use.operator)
    if other is None or compare is None:
        return False
    if other.kind == "null":
        constant = 0
    elif other.kind == "literal":
        try:
            constant = int(other.name)
        except ValueError:
            return False
    else:
        return False  # compared with something we cannot evaluate
    failure = known.failure
    low = outputs if known.low is None else known.low
    high = outputs if known.high is None else known.high
    expected = tuple(range(1, outputs + 1)) if known.expected is None else known.expected
    operand_type = other.type or ""
    if known.unsigned or "unsigned" in operand_type or operand_type in ("wint_t", "size_t"):
        # C's usual conversions: an int compared with an unsigned constant (`fputws(...) == WEOF`)
        # is converted to it, so -1 equals 0xffffffff
        mask = (1 << 64) - 1 if "long" in operand_type or operand_type == "size_t" else 0xFFFFFFFF
        failure, constant = failure & mask, constant & mask
        expected = tuple(v & mask for v in expected)
    if test.use.operator in ("==", "!="):
        return constant != failure and constant not in expected
    return compare(failure, constant) == compare(low, constant) == compare(high, constant)


class WrongFailureTest(Check):
    """A call's result is tested, but against a value that cannot tell its failure from success
    (docs/checks/clangcheck-errors-wrong-failure-test.md)."""

    id = "clangcheck-errors-wrong-failure-test"
    summary = "result tested against a value that cannot tell failure from success"
    tags = ("reliability", "CWE-253")

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        table = failure_values()
        for fn, call in unit.all_calls():
            entry = entry_for(unit, call.callee, table)
            if entry is None or entry_for(unit, call.callee, facts().byte_counts) is not None:
                continue  # byte counts: short-io says what their test misses
            known = table[entry]
            outputs = max(len(call.args) - known.format_index - 1, 1)
            flow = values.result_flow(unit, fn, call)
            tests = [u for u in flow.uses if u.use.kind == "compared"]
            if not flow.tracked or not tests or len(tests) != len(flow.uses) or \
                    not all(_blind(u, known, outputs) for u in tests):
                continue  # also used otherwise, or one of its tests sees the failure
            name = call.callee.qualified_name
            notes = tuple(Note(u.location, f"this test takes the same branch when '{name}' fails as when it works")
                          for u in tests)
            yield Finding(self.id, call.location, "the test of the result of '{}' cannot see its failure: "
                          "it returns {} when it fails", (name, known.text), notes=notes, end=call.end,
                          function=fn.qualified_name)


class SideEffectInAssert(ResultChecks):
    """A failure-reporting call inside assert/Q_ASSERT: the call itself is compiled out
    (docs/checks/clangcheck-errors-side-effect-in-assert.md)."""

    id = "clangcheck-errors-side-effect-in-assert"
    summary = "call with an effect inside an assertion that release builds compile out"
    tags = ("reliability", "CWE-617")

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        known = facts()
        seen: set[Location] = set()
        for fn, call in unit.all_calls():
            macro = next((m for m in call.macros if m in known.release_macros), "")
            if not macro or call.location in seen or not self.checked(unit, fn, call):
                continue
            seen.add(call.location)
            fix = hoist(fn, call, macro)
            yield Finding(self.id, call.location, "'{}' is called inside '{}': release builds do not make the call",
                          (call.callee.qualified_name, macro), fixits=(fix,) if fix else (), end=call.end, function=fn.qualified_name)


@dataclass
class PendingNull:
    """A null-unchecked finding that holds if every key of `needs` does at the link: 'usr#ret' (the
    function may return null), 'usr#<i>' (it dereferences parameter i before any test)."""

    finding: Finding
    needs: list[str]


@dataclass
class NullSummary:
    """One TU's null returners and sinks, what waits for other functions, and the findings that do."""

    returners: list[str] = field(default_factory=list)
    sinks: dict[str, list[int]] = field(default_factory=dict)
    returns_from: dict[str, list[str]] = field(default_factory=dict)
    passes: dict[str, list[str]] = field(default_factory=dict)
    pending: list[PendingNull] = field(default_factory=list)


class NullUnchecked(Check):
    """A pointer from a call that may return null is dereferenced before any null check
    (docs/checks/clangcheck-errors-null-unchecked.md)."""

    id = "clangcheck-errors-null-unchecked"
    summary = "pointer that may be null is dereferenced without a check"
    tags = ("reliability", "CWE-476", "CWE-690")
    summary_schema = NullSummary
    _last: tuple[UnitModel, tuple[NullFacts, list[tuple[Finding, list[str]]]]] | None = None

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        for finding, needs in self._judgments(unit)[1]:
            if not needs:
                yield finding

    def summarize(self, unit: UnitModel) -> NullSummary:
        nulls, judged = self._judgments(unit)
        return NullSummary(sorted(nulls.returners), {u: sorted(s) for u, s in nulls.sinks.items()},
                           nulls.returns_from, nulls.passes, [PendingNull(f, n) for f, n in judged if n])

    def link(self, summaries: Iterable[NullSummary | None]) -> Iterator[Finding]:
        summaries = [s for s in summaries if s is not None]
        returners: set[str] = set()
        sinks: dict[str, set[int]] = {}
        returns_from: dict[str, list[str]] = {}
        passes: dict[str, list[str]] = {}
        for s in summaries:
            returners.update(s.returners)
            for usr, indexes in s.sinks.items():
                sinks.setdefault(usr, set()).update(indexes)
            for usr, callees in s.returns_from.items():
                returns_from.setdefault(usr, []).extend(callees)
            for key, targets in s.passes.items():
                passes.setdefault(key, []).extend(targets)
        closure(returners, sinks, returns_from, passes)

        def holds(key: str) -> bool:
            usr, _, what = key.rpartition("#")
            return usr in returners if what == "ret" else int(what) in sinks.get(usr, ())

        for s in summaries:
            for pending in s.pending:
                if all(holds(k) for k in pending.needs):
                    yield pending.finding

    def _judgments(self, unit: UnitModel) -> tuple[NullFacts, list[tuple[Finding, list[str]]]]:
        """Every finding of the TU, with what it waits for in other functions ([] for none); `run`
        and `summarize` ask for the same TU in turn, so the last answer is kept."""
        if self._last is not None and self._last[0] is unit:
            return self._last[1]
        self._last = (unit, self._judge(unit))
        return self._last[1]

    def _judge(self, unit: UnitModel) -> tuple[NullFacts, list[tuple[Finding, list[str]]]]:
        known = facts()

        def may_return_null(callee: Callee) -> bool:
            return entry_for(unit, callee, known.may_return_null) is not None

        nulls = null_facts(unit, may_return_null, known.dereferences)
        out: list[tuple[Finding, list[str]]] = []
        for fn, call in unit.all_calls():
            needs: list[str] = []
            if not may_return_null(call.callee) and call.callee.usr not in nulls.returners:
                if not call.callee.in_project or call.callee.is_virtual or (
                        call.callee.usr in nulls.defined and call.callee.usr not in nulls.returns_from):
                    continue
                needs = [f"{call.callee.usr}#ret"]  # a project function judged elsewhere

            def dereferences(use, node: int) -> bool:
                return nulls.dereferences(use, known.dereferences, fn, node)

            def stops(access) -> bool:
                return nulls.stops(access, known.dereferences, fn)

            name = call.callee.qualified_name
            if dereferences(call.use, call.node):
                out.append((Finding(self.id, call.location, "the result of '{}' may be null and is dereferenced without a check",
                                    (name,), end=call.end, function=fn.qualified_name), needs))
                continue
            var = call.use.target
            if call.use.kind not in ("initializes", "assigned") or not tracked(unit, fn, var):
                continue
            assert var is not None
            if fn.cfg.nodes[call.node].kind == "condition" or any(
                    a.ref.usr == var.usr and a.node == call.node and stops(a) and a.use.kind != "argument"
                    for a in fn.accesses):  # not `data = source(data)`: the argument is read before
                continue  # `if (FILE *f = fopen(...))`, `if ((p = malloc(n)) == NULL)`
            use = self._first_use(unit, fn, call.node, var, nulls, stops, dereferences)
            if use is None:
                continue
            passed = "" if dereferences(use.use, use.node) else open_argument(fn, use, nulls)
            shown = use.ref.name or var.name  # a copy of it, maybe
            note = (f"'{shown}' is dereferenced here before any null check" if not passed else
                    f"'{shown}' is passed here to '{use.use.callee}', which dereferences it before any null check")
            out.append((Finding(self.id, call.location, "the result of '{}' may be null and '{}' is used without a check",
                                (name, var.name), notes=(Note(use.location, note),), end=call.end,
                                function=fn.qualified_name), needs + ([passed] if passed else [])))
        return nulls, out

    @staticmethod
    def _first_use(unit: UnitModel, fn: Function, start: int, var, nulls: NullFacts, stops, dereferences):
        """The first dereference of `var` (or hand-off to a project callee judged elsewhere) on a
        path from `start` before any test, also through plain copies into other locals
        (`char *copy = data; strcpy(copy, s);`)."""
        def copy(a) -> bool:
            target = a.use.target if a.use is not None else None
            return a.use is not None and a.use.kind in ("initializes", "assigned") and target is not None \
                and target.usr != var.usr and tracked(unit, fn, target)

        for _ in range(4):
            use = values.reaches_unchecked(unit, fn, start, var,
                                           lambda a: stops(a) and not open_argument(fn, a, nulls) and not copy(a),
                                           lambda a: a.use is not None and (dereferences(a.use, a.node) or copy(a)
                                                                            or bool(open_argument(fn, a, nulls))))
            if use is None or not copy(use):
                return use
            var, start = use.use.target, use.node
        return None


def hoist(fn: Function, call: CallSite, macro: str) -> FixIt | None:
    """`Q_ASSERT(f.open(m));` -> `const bool ok = f.open(m); Q_ASSERT(ok);`, where the statement stands alone."""
    statement = fn.cfg.nodes[call.node].location
    if statement is None or call.end is None or statement.file != call.location.file:
        return None
    start, call_start = values.byte_offset(statement), values.byte_offset(call.location)
    text = values.source_bytes(call.location, call.end)
    end = values.invocation_end(statement)
    if start is None or call_start is None or not text or end is None or not start < call_start:
        return None
    if values.previous_token_char(statement) not in (b";", b"{", b"}", b""):
        return None  # `if (x) Q_ASSERT(...)`: a declaration cannot go there without braces
    taken = {v.name for v in fn.locals} | {p.name for p in fn.params}
    base = "ok" if call.callee.return_type == "bool" else "result"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    invocation = values.source_bytes(statement, end)
    # hoisting out of `a && b`, `a || b` or `c ? a : b` would make a conditional call unconditional
    safe = not any(op in invocation for op in (b"&&", b"||", b"?"))
    declaration = f"const {call.callee.return_type} {name} = {text.decode()};\n{values.indentation(statement).decode()}"
    return FixIt(f"call '{call.callee.name}' before the '{macro}' and assert on its result", (
        Replacement(statement.file, start, 0, declaration),
        Replacement(call.location.file, call_start, len(text), name),
    ), safe=safe)


def argument_texts(call: CallSite) -> list[str]:
    """The source text of each argument, split at top-level commas of the call's text."""
    if call.end is None:
        return []
    text = values.source_bytes(call.location, call.end).decode("utf-8", "replace")
    open_at = text.find("(")
    if open_at < 0 or not text.endswith(")"):
        return []
    inner, parts, depth, current, quote, escaped = text[open_at + 1:-1], [], 0, "", "", False
    for ch in inner:
        if quote:
            escaped, quote = (False, quote) if escaped else (ch == "\\", "" if ch == quote else quote)
            current += ch
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


CHECKS = (AssertOnly, EofUnhandled, NullUnchecked, ShortIo, SideEffectInAssert, UncheckedResult, WrongFailureTest)
