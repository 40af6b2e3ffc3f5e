"""The generic case runner: every C/C++ file under tests/checks/<family>/ is a test.

Expectations sit in the source, as in clang-tidy's lit tests:
    write(fd, buf, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'write' is ignored [clangcheck-errors-unchecked-result]
or, where only line and id matter, a same-line `// expect: <check-id>`. A missing diagnostic and
an unexpected warning both fail; notes are checked only where a CHECK-MESSAGES names them.
The check under test is named by the file (`<family>/<name>[.variant].cpp` runs
`clangcheck-<family>-<name>` alone); `// RUN-CHECKS: <globs>` overrides, `// RUN-WITH: qt` adds Qt 6 flags,
`// RUN-ARGS: ...` adds compile flags.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from clangcheck.analysis import RunOutcome
from helpers import REPO, qt_flags, require_qt, run_analysis, write_database

CASES = sorted(p for p in (REPO / "tests" / "checks").rglob("*") if p.suffix in (".c", ".cpp", ".cc"))
CHECK_LINE = re.compile(
    r"//\s*CHECK-MESSAGES:\s*:\[\[@LINE(?P<delta>[+-]\d+)?\]\]:(?P<col>\d+):\s*(?P<level>warning|error|note):\s*(?P<text>.*?)\s*$"
)
EXPECT = re.compile(r"//\s*expect:\s*(?P<ids>[\w\-]+(?:\s*,\s*[\w\-]+)*)")


@dataclass
class Expected:
    line: int
    column: int | None
    level: str
    text: str | None  # message (with ' [id]' for warnings) that must match exactly; None: only the id
    check_id: str | None


def parse_expectations(path: Path) -> list[Expected]:
    out: list[Expected] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        m = CHECK_LINE.search(line)
        if m:
            target = number + int(m.group("delta") or 0)
            text = m.group("text")
            check_id = None
            id_match = re.search(r"\[([\w\-,]+)\]$", text)
            if id_match:
                check_id = id_match.group(1).split(",")[0]
                text = text[: id_match.start()].rstrip()
            out.append(Expected(target, int(m.group("col")), m.group("level"), text, check_id))
            continue
        for m in EXPECT.finditer(line):
            for check_id in m.group("ids").split(","):
                out.append(Expected(number, None, "warning", None, check_id.strip()))
    return out


def directives(path: Path, name: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(rf"//\s*{name}:\s*(.*)", path.read_text())]


def check_under_test(path: Path) -> str:
    given = directives(path, "RUN-CHECKS")
    if given:
        return given[0]
    family = path.parent.name
    return f"-*,clangcheck-{family}-{path.name.split('.')[0]}"


def case_arguments(case: Path) -> list[str] | None:
    """The compile arguments a case file asks for; None when it needs Qt 6 and Qt is missing."""
    args = ["-std=c++17" if case.suffix != ".c" else "-std=c11", "-Wall"]
    if "qt" in directives(case, "RUN-WITH"):
        flags = qt_flags()
        if flags is None:
            return None
        args += list(flags) + ["-fPIC"]
    for extra in directives(case, "RUN-ARGS"):
        args += extra.split()
    return args


def analyze_case(case: Path, workdir: Path, checks: str | None = None) -> RunOutcome | None:
    """Analyze one case file as its own compile database (also used by the quality benchmarks)."""
    args = case_arguments(case)
    if args is None:
        return None
    source = workdir / case.name
    shutil.copy(case, source)
    return run_analysis(write_database(workdir, [source], args), checks=checks or check_under_test(case))


def expected_and_found(case: Path, checks: str | None = None) -> tuple[set, set] | None:
    """(line, check id) of the warnings a case file marks and of those the analyzer reports, for the
    quality benchmarks; None when the case needs Qt 6 and Qt is missing."""
    with tempfile.TemporaryDirectory() as tmp:
        outcome = analyze_case(case, Path(tmp), checks)
    if outcome is None:
        return None
    expected = {(e.line, e.check_id) for e in parse_expectations(case) if e.level == "warning"}
    return expected, {(f.location.line, f.check_id) for f in outcome.findings if f.level == "warning"}


@pytest.mark.parametrize("case", CASES, ids=[str(p.relative_to(REPO / "tests" / "checks")) for p in CASES])
def test_case(case: Path, tmp_path: Path) -> None:
    if "qt" in directives(case, "RUN-WITH"):
        require_qt()
    outcome = analyze_case(case, tmp_path)
    assert outcome is not None and not outcome.failures, outcome and outcome.failures

    actual = []
    for f in outcome.findings:
        actual.append((f.location.line, f.location.column, "warning" if f.level == "warning" else f.level, f.message, f.check_id))
        for n in f.notes:
            actual.append((n.location.line, n.location.column, "note", n.message, None))
    expected = parse_expectations(case)
    unmatched = list(actual)
    missing = []
    for exp in expected:
        hit = next((a for a in unmatched if a[0] == exp.line and (exp.column is None or a[1] == exp.column)
                    and a[2] == exp.level and (exp.text is None or a[3] == exp.text)
                    and (exp.check_id is None or a[4] == exp.check_id)), None)
        if hit is None:
            missing.append(exp)
        else:
            unmatched.remove(hit)
    unexpected = [a for a in unmatched if a[2] != "note"]
    assert not missing and not unexpected, (
        f"\nmissing: {missing}\nunexpected: {unexpected}\nall: {actual}"
    )


def test_every_registered_check_has_a_case_and_a_page() -> None:
    from clangcheck.registry import all_checks

    for check_id in all_checks():
        family, name = check_id.removeprefix("clangcheck-").split("-", 1)
        cases = list((REPO / "tests" / "checks" / family).glob(f"{name}.*"))
        assert cases, f"{check_id}: no case file tests/checks/{family}/{name}.cpp"
        assert (REPO / "docs" / "checks" / f"{check_id}.md").is_file(), f"{check_id}: no docs/checks page"


def test_cases_were_collected() -> None:
    assert CASES, "no case files under tests/checks"
