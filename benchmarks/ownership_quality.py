"""Precision and recall of the clangcheck-ownership-* checks over their case files.

Runs every tests/checks/ownership/ case with all ownership checks enabled and compares the
(line, check id) of each warning with the case's markers (`// expect: id`, `CHECK-MESSAGES: …
warning: … [id]`). Also reports how many functions (cases) each file holds, with and without an
expectation, so the balance of positives and negatives is visible.

    /work/venv/bin/python benchmarks/ownership_quality.py
    /work/venv/bin/python benchmarks/ownership_quality.py --speed compile_commands/qt-localsocket

`--speed DB` instead times each TU of a compile database: libclang parse alone, then parse + unit
model + the four ownership checks (best of 3 each), and prints the ratio.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from helpers import resource_dir  # noqa: E402
from test_cases import expected_and_found  # noqa: E402

CHECKS = "-*,clangcheck-ownership-*"
FUNCTION = re.compile(r"^[A-Za-z_][\w:<>\*&\s,]*?\b([\w:~]+)\s*\([^;]*\)\s*(const\s*)?(override\s*)?\{?\s*(//.*)?$")


def function_spans(lines: list[str]) -> list[tuple[str, int, int]]:
    """(name, first line, last line) of top-level function definitions, by brace depth."""
    spans, depth, current, start = [], 0, None, 0
    for number, line in enumerate(lines, start=1):
        code = line.split("//")[0]
        if depth <= 1 and current is None:
            m = FUNCTION.match(line)
            if m and not code.rstrip().endswith(";") and m.group(1) not in ("if", "for", "while", "switch"):
                current, start = m.group(1), number
        depth += code.count("{") - code.count("}")
        if current is not None and depth <= (1 if lines_in_class(lines, start) else 0) and "}" in code:
            spans.append((current, start, number))
            current = None
    return spans


def lines_in_class(lines: list[str], start: int) -> bool:
    return lines[start - 1].startswith("    ")


def main() -> int:
    tp = fp = fn = 0
    positives = negatives = 0
    cases = sorted(p for p in (REPO / "tests" / "checks" / "ownership").iterdir() if p.suffix in (".c", ".cpp"))
    print(f"{'case file':34} {'exp':>4} {'got':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'bad':>4} {'ok':>4}")
    for case in cases:
        scored = expected_and_found(case, CHECKS)
        if scored is None:
            print(f"{case.name:34} skipped (no Qt 6 headers)")
            continue
        expected, got = scored
        spans = function_spans(case.read_text().splitlines())
        bad = {name for name, a, b in spans if any(a <= line <= b for line, _ in expected)}
        file_tp, file_fp, file_fn = len(expected & got), len(got - expected), len(expected - got)
        tp, fp, fn = tp + file_tp, fp + file_fp, fn + file_fn
        positives += len(bad)
        negatives += len(spans) - len(bad)
        print(f"{case.name:34} {len(expected):4} {len(got):4} {file_tp:4} {file_fp:4} {file_fn:4} "
              f"{len(bad):4} {len(spans) - len(bad):4}")
        for line, check_id in sorted(got - expected):
            print(f"    unexpected {case.name}:{line} [{check_id}]")
        for line, check_id in sorted(expected - got):
            print(f"    missed     {case.name}:{line} [{check_id}]")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\nfunctions: {positives} with an expected finding, {negatives} that must stay silent")
    print(f"findings: {tp} true positives, {fp} false positives, {fn} missed")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    return 0


def speed(database: str, repeat: int = 3) -> int:
    import os
    import time

    from clangcheck.analysis import project_root
    from clangcheck.compdb import load_database
    from clangcheck.model import libclang as lc
    from clangcheck.model.builder import build_unit
    from clangcheck.registry import all_checks
    from clangcheck.worker import UnitJob, clang_arguments, project_predicate
    
    db = load_database(database)
    root = project_root(db)
    checks = [cls for cid, cls in all_checks().items() if cid.startswith("clangcheck-ownership-")]
    total_parse = total_full = 0.0
    for entry in db.entries:
        job = UnitJob(entry=entry, resource_dir=resource_dir(), check_ids=(), project_root=root)
        os.chdir(entry.directory)
        parse_times, full_times, model_times, own_times = [], [], [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            lc.parse(entry.file, clang_arguments(job))
            parse_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            tu = lc.parse(entry.file, clang_arguments(job))
            t1 = time.perf_counter()
            unit = build_unit(tu, entry.file, project_predicate(job), entry.language)
            t2 = time.perf_counter()
            for cls in checks:
                check = cls()
                list(check.run(unit))
                if check.is_global():
                    check.summarize(unit)
            t3 = time.perf_counter()
            full_times.append(t3 - t0)
            model_times.append(t2 - t1)
            own_times.append(t3 - t2)
        p, f = min(parse_times), min(full_times)
        total_parse, total_full = total_parse + p, total_full + f
        print(f"{Path(entry.file).name:28} parse {p:6.3f}s  parse+model+ownership {f:6.3f}s  (+{(f / p - 1) * 100:5.1f}%)"
              f"  [model {min(model_times):.3f}s, ownership checks {min(own_times):.3f}s = {min(own_times) / p * 100:.1f}%]")
    print(f"{'all TUs':28} parse {total_parse:6.3f}s  parse+model+ownership {total_full:6.3f}s  "
          f"(+{(total_full / total_parse - 1) * 100:5.1f}%)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--speed":
        raise SystemExit(speed(str(Path(sys.argv[2]).resolve())))
    raise SystemExit(main())
