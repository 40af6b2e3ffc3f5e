"""Engine speed on one compile database, side by side in one run: ratios, not absolute seconds.

    python benchmarks/engine.py compile_commands/qt-localsocket [-j 1]

Prints, for the same TUs: libclang parse alone, parse + unit model, the full `clangcheck analyze`
(all checks, workers, reporting), and the real clang-tidy 18 with comparable checks
(clang-analyzer-*, bugprone-unused-return-value, cert-err33-c, cppcoreguidelines-owning-memory).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from clangcheck.compdb import load_database
from clangcheck.model import libclang as lc
from clangcheck.model.builder import build_unit
from clangcheck.toolchain import clang_tidy_executable, find_resource_dir
from clangcheck.worker import UnitJob, clang_arguments

TIDY_CHECKS = "-*,clang-analyzer-*,bugprone-unused-return-value,cert-err33-c,cppcoreguidelines-owning-memory"


def parse_and_model(database, resource: str) -> tuple[float, float, int]:
    parse_s = model_s = 0.0
    functions = 0
    cwd = os.getcwd()
    for entry in database.entries:
        os.chdir(entry.directory)
        job = UnitJob(entry=entry, resource_dir=resource, check_ids=())
        start = time.perf_counter()
        tu = lc.parse(entry.file, clang_arguments(job))
        parsed = time.perf_counter()
        unit = build_unit(tu, entry.file, lambda p: p.startswith(os.path.dirname(database.path)), entry.language)
        model_s += time.perf_counter() - parsed
        parse_s += parsed - start
        functions += len(unit.functions)
    os.chdir(cwd)
    return parse_s, model_s, functions


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def absolute_database(database) -> str:
    """clang-tidy needs absolute directories; write a copy of the sanitized database."""
    folder = tempfile.mkdtemp(prefix="clangcheck-bench-")
    entries = [{"directory": e.directory, "file": e.file, "arguments": ["clang++", *e.arguments, e.file]}
               for e in database.entries]
    with open(os.path.join(folder, "compile_commands.json"), "w") as handle:
        json.dump(entries, handle)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args()
    database = load_database(args.path)
    resource = find_resource_dir().path
    parse_s, model_s, functions = parse_and_model(database, resource)
    ours = timed([sys.executable, "-m", "clangcheck", "analyze", args.path, "-j", str(args.jobs), "--quiet"])
    tidy = clang_tidy_executable()
    tidy_s = None
    if tidy and args.jobs == 1:  # clang-tidy runs one file at a time; compare sequential runs only
        folder = absolute_database(database)
        tidy_s = sum(timed([tidy, "-p", folder, f"--checks={TIDY_CHECKS}", "--quiet",
                            f"--extra-arg=-resource-dir={resource}", e.file]) for e in database.entries)
    n = len(database.entries)
    print(f"{n} TUs, {functions} functions modelled, -j {args.jobs}")
    print(f"  libclang parse only        {parse_s:8.2f} s   1.00x")
    print(f"  unit model (after parse)   {model_s:8.2f} s   {model_s / parse_s:5.2f}x of parse")
    print(f"  clangcheck analyze (all)   {ours:8.2f} s   {ours / parse_s:5.2f}x of parse")
    if tidy_s is not None:
        print(f"  clang-tidy 18 (comparable) {tidy_s:8.2f} s   {tidy_s / parse_s:5.2f}x of parse;"
              f" clangcheck/clang-tidy = {ours / tidy_s:4.2f}")


if __name__ == "__main__":
    main()
