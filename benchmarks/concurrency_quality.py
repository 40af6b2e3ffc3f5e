"""Precision and recall of the clangcheck-concurrency-* checks over their case files.

    python benchmarks/concurrency_quality.py [--examples]

Each case file under tests/checks/concurrency/ is analyzed like the case runner does (one TU, the
check named by the file); its `expect:`/`CHECK-MESSAGES` warning markers are the truth. A finding
on a marked line with the marked check is a true positive, any other finding a false positive, a
marker without a finding a false negative. Scenarios are the `--- bad` / `--- ok` sections of the
files. With --examples, the bundled projects' planted concurrency defects are scored too.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from helpers import run_analysis  # noqa: E402
from test_cases import expected_and_found  # noqa: E402

# planted defects of the bundled examples: (database, file suffix, line) of each expected warning
EXAMPLES = {
    "sockets": [("src/server.cpp", 18), ("src/server.cpp", 21), ("src/server.cpp", 23), ("src/server.cpp", 28),
                ("src/main.cpp", 39)],
    "qt-localsocket": [("src/pingserver.cpp", 47)],
}


def score_case(case: Path) -> tuple[int, int, int, int, int]:
    scored = expected_and_found(case)
    if scored is None:
        return 0, 0, 0, 0, 0
    expected, actual = scored
    text = case.read_text()
    bad = len(re.findall(r"(//|/\*) --- bad", text))
    ok = len(re.findall(r"(//|/\*) --- ok", text))
    return len(expected & actual), len(actual - expected), len(expected - actual), bad, ok


def score_examples() -> tuple[int, int, int]:
    tp = fp = fn = 0
    for name, planted in EXAMPLES.items():
        outcome = run_analysis(REPO / "compile_commands" / name / "compile_commands.json",
                               checks="-*,clangcheck-concurrency-*", config=None)
        found = {(f.location.file, f.location.line) for f in outcome.findings if f.level == "warning"}
        hits = {p for p in planted if any(file.endswith(p[0]) and line == p[1] for file, line in found)}
        tp += len(hits)
        fn += len(planted) - len(hits)
        fp += sum(1 for file, line in found if not any(file.endswith(p[0]) and line == p[1] for p in planted))
        print(f"  {name}: {len(found)} warnings, {len(hits)}/{len(planted)} planted defects found")
    return tp, fp, fn


def main() -> int:
    cases = sorted(p for p in (REPO / "tests" / "checks" / "concurrency").iterdir() if p.suffix in (".c", ".cpp"))
    totals = [0, 0, 0, 0, 0]
    print(f"{'case':45} {'TP':>3} {'FP':>3} {'FN':>3} {'bad':>4} {'ok':>4}")
    for case in cases:
        row = score_case(case)
        totals = [a + b for a, b in zip(totals, row)]
        print(f"{case.name:45} {row[0]:3} {row[1]:3} {row[2]:3} {row[3]:4} {row[4]:4}")
    tp, fp, fn, bad, ok = totals
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{'total':45} {tp:3} {fp:3} {fn:3} {bad:4} {ok:4}")
    print(f"cases: {len(cases)} files, {bad + ok} scenarios ({bad} bad, {ok} ok)")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    if "--examples" in sys.argv:
        etp, efp, efn = score_examples()
        print(f"examples: precision {etp / (etp + efp) if etp + efp else 1.0:.3f}  "
              f"recall {etp / (etp + efn) if etp + efn else 1.0:.3f}  (TP {etp}, FP {efp}, FN {efn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
