"""Side by side on one compile database, in one run: ratios are the figures to quote.

    python benchmarks/compare.py compile_commands/qt-localsocket [-j 2]

Rows: libclang parse-only of every TU (the floor of any libclang tool), the unit model alone,
clangcheck cold without and with shared precompiled prefixes (the default; their build included),
warm (nothing changed), and clang-tidy 18 with the checks that
compete with ours. Each with wall time, CPU time (children included) and peak RSS of the
largest process.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from clangcheck.compdb import load_database
from clangcheck.toolchain import clang_tidy_executable, find_resource_dir

TIDY_CHECKS = ("-*,clang-analyzer-cplusplus.NewDeleteLeaks,clang-analyzer-unix.Malloc,"
               "cppcoreguidelines-owning-memory,bugprone-unused-return-value,cert-err33-c")

PARSE_ONLY = """
import os, sys, pickle
from clangcheck.model import libclang as lc
from clangcheck.model.builder import build_unit
from clangcheck.worker import UnitJob, clang_arguments, project_predicate
job, model = pickle.loads(sys.stdin.buffer.read())
os.chdir(job.entry.directory)
tu = lc.parse(job.entry.file, clang_arguments(job))
if model:
    build_unit(tu, job.entry.file, project_predicate(job), job.entry.language)
"""


def measure(commands: list[list[str]], jobs: int, stdin: list[bytes] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the children, peak RSS (MiB) of the largest child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()

    def run(i: int) -> None:
        subprocess.run(commands[i], input=stdin[i] if stdin else None, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(run, range(len(commands))))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args()
    import pickle

    from clangcheck.analysis import make_job, project_root, RunSettings
    from clangcheck.config import ConfigResolver

    database = load_database(args.path)
    res = find_resource_dir().path
    settings = RunSettings(resource_dir=res)
    root = project_root(database)
    resolver = ConfigResolver()
    jobs = [make_job(e, resolver.for_file(e.file), settings, root) for e in database.entries]
    py = sys.executable
    rows: list[tuple[str, tuple[float, float, float]]] = []
    rows.append(("libclang parse only", measure([[py, "-c", PARSE_ONLY]] * len(jobs), args.jobs,
                                                 [pickle.dumps((j, False)) for j in jobs])))
    rows.append(("parse + unit model", measure([[py, "-c", PARSE_ONLY]] * len(jobs), args.jobs,
                                               [pickle.dumps((j, True)) for j in jobs])))
    base_cmd = [py, "-m", "clangcheck", "analyze", args.path, "-j", str(args.jobs), "--quiet"]
    rows.append(("clangcheck cold, --pch off", measure([[*base_cmd, "--no-cache", "--pch", "off"]], 1)))
    cache = tempfile.mkdtemp(prefix="clangcheck-cache-")
    ours = [*base_cmd, "--cache-dir", cache]
    rows.append(("clangcheck cold", measure([ours], 1)))  # PCH build included
    rows.append(("clangcheck warm", measure([ours], 1)))
    shutil.rmtree(cache, ignore_errors=True)
    tidy = clang_tidy_executable()
    if tidy:
        folder = tempfile.mkdtemp(prefix="clangcheck-bench-")
        with open(os.path.join(folder, "compile_commands.json"), "w") as handle:
            json.dump([{"directory": e.directory, "file": e.file, "arguments": ["clang++", *e.arguments, e.file]}
                       for e in database.entries], handle)
        rows.append(("clang-tidy 18 (comparable checks)", measure(
            [[tidy, "-p", folder, f"--checks={TIDY_CHECKS}", "--quiet", f"--extra-arg=-resource-dir={res}", e.file]
             for e in database.entries], args.jobs)))
    base = rows[0][1][0]
    print(f"{args.path}: {len(jobs)} TUs, -j {args.jobs}")
    print(f"{'':36} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'x parse':>8}")
    for name, (wall, cpu, rss) in rows:
        print(f"{name:36} {wall:8.2f} {cpu:8.2f} {rss:9.0f} {wall / base:8.2f}")
    table = dict(rows)
    cold, warm = table["clangcheck cold"][0], table["clangcheck warm"][0]
    print(f"warm / cold = {warm / cold:.2f}", end="")
    if tidy:
        print(f"; clangcheck cold / clang-tidy = {cold / table['clang-tidy 18 (comparable checks)'][0]:.2f}", end="")
    print()


if __name__ == "__main__":
    main()
