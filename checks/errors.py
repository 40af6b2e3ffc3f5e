"""clangcheck-errors-*: failures and byte counts that nobody looks at."""
from __future__ import annotations

from typing import Iterator

from clangcheck import knowledge
from clangcheck.check import Check, Option
from clangcheck.findings import Finding
from clangcheck.model.types import UnitModel


class UncheckedResult(Check):
    """A call that reports failure or a byte count has its result discarded (docs/checks/clangcheck-errors-unchecked-result.md)."""

    id = "clangcheck-errors-unchecked-result"
    summary = "result of a call that reports failure is ignored"
    tags = ("reliability", "CWE-252")
    options = (
        Option("CheckedFunctions", "", list, "extra qualified names whose result must be used, ';'-separated"),
        Option("IgnoredFunctions", "", list, "qualified names never reported, ';'-separated"),
    )

    def run(self, unit: UnitModel) -> Iterator[Finding]:
        checked = knowledge.names("errors") | set(self.option("CheckedFunctions"))
        ignored = set(self.option("IgnoredFunctions"))
        for fn, call in unit.all_calls():
            if call.use.kind != "discarded" or call.callee.return_type in ("", "void"):
                continue
            callee = call.callee
            if callee.qualified_name in ignored:
                continue
            # [[nodiscard]] in the project's own headers; the compiler already warns for system ones
            declared = callee.nodiscard and not callee.in_system_header
            if declared or unit.callee_in(callee, checked):
                yield Finding(self.id, call.location, "the result of '{}' is ignored", (callee.qualified_name,),
                              function=fn.qualified_name)


CHECKS = (UncheckedResult,)
