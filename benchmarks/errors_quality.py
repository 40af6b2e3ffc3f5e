"""Precision and recall of the clangcheck-errors-* checks: over their case files, and over the
planted defects of the bundled examples.

Every tests/checks/errors/ case runs with *all* errors checks enabled (so one check firing in
another check's case counts as a false positive) and the (line, check id) of each warning is
compared with the case's markers. Then each compile_commands/<example>/ is analyzed and its
errors findings are matched (same file, line within 1) against the "Unhandled errors" / family
`errors` rows of its README.

    /work/venv/bin/python benchmarks/errors_quality.py
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from helpers import qt_flags, run_analysis  # noqa: E402
from test_cases import expected_and_found  # noqa: E402

CHECKS = "-*,clangcheck-errors-*"
CASE_FUNCTION = re.compile(r"\b(\w+_(?:bad|ok))\s*\(")


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def case_files() -> None:
    per_check: Counter = Counter()
    tp = fp = fn = 0
    cases = sorted(p for p in (REPO / "tests" / "checks" / "errors").iterdir() if p.suffix in (".c", ".cpp"))
    print(f"{'case file':32} {'exp':>4} {'got':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'bad':>4} {'ok':>4}")
    bad_total = ok_total = 0
    for case in cases:
        scored = expected_and_found(case, CHECKS)
        if scored is None:
            print(f"{case.name:32} skipped (no Qt 6 headers)")
            continue
        expected, got = scored
        names = set(CASE_FUNCTION.findall(case.read_text()))
        bad = sum(1 for n in names if n.endswith("_bad"))
        bad_total, ok_total = bad_total + bad, ok_total + len(names) - bad
        file_tp, file_fp, file_fn = len(expected & got), len(got - expected), len(expected - got)
        tp, fp, fn = tp + file_tp, fp + file_fp, fn + file_fn
        for _, check_id in expected & got:
            per_check[(check_id, "tp")] += 1
        for _, check_id in got - expected:
            per_check[(check_id, "fp")] += 1
        for _, check_id in expected - got:
            per_check[(check_id, "fn")] += 1
        print(f"{case.name:32} {len(expected):4} {len(got):4} {file_tp:4} {file_fp:4} {file_fn:4} {bad:4} "
              f"{len(names) - bad:4}")
        for line, check_id in sorted((got - expected) | (expected - got)):
            print(f"    {'unexpected' if (line, check_id) in got else 'missing'}: line {line} {check_id}")
    print(f"\ncases: {bad_total} *_bad and {ok_total} *_ok functions")
    print(f"all errors checks: tp={tp} fp={fp} fn={fn} precision={ratio(tp, tp + fp)} recall={ratio(tp, tp + fn)}")
    for check_id in sorted({c for c, _ in per_check}):
        t, f, n = per_check[(check_id, "tp")], per_check[(check_id, "fp")], per_check[(check_id, "fn")]
        print(f"  {check_id:42} tp={t:3} fp={f:3} fn={n:3} precision={ratio(t, t + f)} recall={ratio(t, t + n)}")


def planted(readme: Path) -> set[tuple[str, int]]:
    """(file, line) of the errors rows of an example's "Planted defects" tables."""
    rows: set[tuple[str, int]] = set()
    section = ""
    for line in readme.read_text().splitlines():
        if line.startswith("#"):
            section = line
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or "Planted" not in section and "errors" not in section.lower():
            continue
        is_errors = "Unhandled errors" in section or (len(cells) >= 4 and cells[2] == "errors")
        m = re.match(r"(\S+?):(\d+)", cells[0])
        if is_errors and m:
            rows.add((m.group(1), int(m.group(2))))
    return rows


def examples() -> None:
    print()
    for folder in sorted(p for p in (REPO / "compile_commands").iterdir() if (p / "compile_commands.json").is_file()):
        if folder.name.startswith("qt") and qt_flags() is None:
            print(f"{folder.name}: skipped (no Qt 6 headers)")
            continue
        outcome = run_analysis(folder / "compile_commands.json", checks=CHECKS, config=None)
        found = [f for f in outcome.findings if f.level == "warning"]
        wanted = planted(folder / "README.md")
        hits = {w for w in wanted for f in found
                if f.location.file.endswith("/" + w[0]) and abs(f.location.line - w[1]) <= 1}
        extra = [f for f in found if not any(f.location.file.endswith("/" + w[0]) and abs(f.location.line - w[1]) <= 1
                                             for w in wanted)]
        print(f"{folder.name}: planted errors defects {len(wanted)}, reported {len(hits)}, "
              f"findings {len(found)} ({len(extra)} not in the README)")
        for w in sorted(wanted - hits):
            print(f"    not reported: {w[0]}:{w[1]}")
        for f in extra:
            print(f"    not planted: {Path(f.location.file).relative_to(folder)}:{f.location.line} {f.message} [{f.check_id}]")


if __name__ == "__main__":
    case_files()
    examples()
