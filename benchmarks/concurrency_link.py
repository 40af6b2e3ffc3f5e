"""Time of the global concurrency link vs. the per-TU phase, on a synthetic project.

    python benchmarks/concurrency_link.py [--tus 1000] [-j 2]

Generates N translation units with benchmarks/synth.py (a worker class with a std::thread, a
mutex-guarded counter, an unguarded flag, calls into shared headers), runs the per-TU phase of the
three clangcheck-concurrency-* checks in worker processes (parse, model, summarize), then links
all summaries once (thread-access graph, races, lock consistency, lock order) and prints both
times and their ratio. The link must stay well under 10% of the per-TU phase.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import generate  # noqa: E402

from clangcheck.analysis import RunSettings, make_job, project_root  # noqa: E402
from clangcheck.compdb import load_database  # noqa: E402
from clangcheck.config import ConfigResolver  # noqa: E402
from clangcheck.driver import run_units  # noqa: E402
from clangcheck.registry import all_checks  # noqa: E402
from clangcheck.toolchain import find_resource_dir  # noqa: E402

CHECKS = "-*,clangcheck-concurrency-*"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tus", type=int, default=1000)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generate(opts.tus, tmp)
        database = load_database(str(Path(tmp) / "compile_commands.json"))
        resolver = ConfigResolver(checks=CHECKS, config="{}")
        settings = RunSettings(resource_dir=find_resource_dir().path, jobs=opts.jobs)
        root = project_root(database)
        jobs = [make_job(e, resolver.for_file(e.file), settings, root) for e in database.entries]
        summaries: dict[str, list] = {}
        unit_seconds = 0.0
        failures = 0

        def on_result(result) -> None:
            nonlocal unit_seconds, failures
            unit_seconds += result.seconds
            failures += len(result.failures)
            for check_id, summary in result.summaries:
                summaries.setdefault(check_id, []).append(summary)

        start = time.perf_counter()
        run_units(jobs, opts.jobs, settings.timeout, on_result)
        per_tu_wall = time.perf_counter() - start

        checks = all_checks()
        start = time.perf_counter()
        findings = 0
        for check_id, items in sorted(summaries.items()):
            findings += sum(1 for _ in checks[check_id]().link(items))
        link = time.perf_counter() - start

    functions = sum(len(s.functions) for s in summaries.get("clangcheck-concurrency-data-race", []))
    print(f"TUs: {opts.tus} ({failures} failed), functions summarized: {functions}, findings: {findings}")
    print(f"per-TU phase: {per_tu_wall:8.2f} s wall with {opts.jobs} jobs ({unit_seconds:.2f} s summed over TUs)")
    print(f"global link:  {link:8.2f} s")
    print(f"link / per-TU wall: {link / per_tu_wall:6.1%}   link / per-TU summed: {link / unit_seconds:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
