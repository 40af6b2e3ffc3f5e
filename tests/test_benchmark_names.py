"""No name from the Juliet suite may appear in the analyzer or its defaults.

benchmarks/juliet.py scores clangcheck on NIST Juliet; a knowledge entry or a special case for
Juliet's helpers (printLine, stdThreadCreate, globalFive, ...) would score the benchmark, not the
code users have. This greps the installed package sources (the engine, checks/, the YAML
knowledge, templates/) for the helper names of Juliet's testcasesupport/ headers and io.c, and
for the naming scheme of its test cases, and names each offending file:line.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# testcasesupport/std_testcase_io.h and io.c: output helpers, constant-returning functions, globals
IO_NAMES = (
    "printLine", "printWLine", "printIntLine", "printShortLine", "printFloatLine", "printLongLine",
    "printLongLongLine", "printSizeTLine", "printHexCharLine", "printWcharLine", "printUnsignedLine",
    "printHexUnsignedCharLine", "printDoubleLine", "printStructLine", "printBytesLine",
    "decodeHexChars", "decodeHexWChars", "globalReturnsTrue", "globalReturnsFalse",
    "globalReturnsTrueOrFalse", "globalArgc", "globalArgv",
    *(f"good{i}" for i in range(1, 10)), *(f"bad{i}" for i in range(1, 10)),
)
# testcasesupport/std_thread.h
THREAD_NAMES = (
    "stdThread", "stdThreadLock", "stdThreadRoutine", "stdThreadCreate", "stdThreadJoin",
    "stdThreadDestroy", "stdThreadLockCreate", "stdThreadLockAcquire", "stdThreadLockRelease",
    "stdThreadLockDestroy", "_stdThread", "_stdThreadLock",
)
# testcasesupport/std_testcase.h
TESTCASE_NAMES = (
    "GLOBAL_CONST_TRUE", "GLOBAL_CONST_FALSE", "GLOBAL_CONST_FIVE", "globalTrue", "globalFalse",
    "globalFive", "twoIntsStruct", "_twoIntsStruct", "TwoIntsClass", "OneIntClass", "URAND31",
    "RAND32", "URAND63", "RAND64", "INCLUDEMAIN", "OMITBAD", "OMITGOOD",
)
# helpers the generated test cases define themselves (flow variants 05-14)
CASE_HELPER_NAMES = (
    "staticTrue", "staticFalse", "staticFive", "STATIC_CONST_TRUE", "STATIC_CONST_FALSE",
    "STATIC_CONST_FIVE", "staticReturnsTrue", "staticReturnsFalse", "staticReturnsTrueOrFalse",
    "helperBad", "helperGood",
)
NAMES = IO_NAMES + THREAD_NAMES + TESTCASE_NAMES + CASE_HELPER_NAMES
# the naming scheme of test cases and their variant functions
PATTERNS = (
    r"\bCWE\d+_\w+",                               # CWE401_Memory_Leak__..., not the tag CWE-401
    r"\b(?:good(?:G2B|B2G)\w*|bad(?:Sink|Source|Global|Static|Vasink)\w*)",
)
WORD_RE = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, NAMES)) + r")(?![\w])")
PATTERN_RE = re.compile("|".join(PATTERNS))
SUFFIXES = (".py", ".yaml", ".yml", ".j2", ".json", ".txt")


def package_dirs() -> list[Path]:
    """Where the installed clangcheck, its checks, knowledge and templates live."""
    dirs: list[Path] = []
    for module in ("clangcheck", "clangcheck.checks", "clangcheck.knowledge", "clangcheck.templates"):
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec and spec.submodule_search_locations:
            leaf = module.rsplit(".", 1)[-1]
            dirs += [Path(p) for p in spec.submodule_search_locations
                     if p and Path(p).is_dir() and Path(p).name in (leaf, "checks", "templates")]
    for local in ("clangcheck", "checks", "templates"):  # the source tree, if not installed
        if (REPO / local).is_dir():
            dirs.append(REPO / local)
    seen: list[Path] = []
    for d in dirs:
        if d.resolve() not in seen:
            seen.append(d.resolve())
    return seen


def offending_lines(folder: Path) -> list[str]:
    """file:line: text for every Juliet name in the sources under folder."""
    hits = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES or "__pycache__" in path.parts:
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if WORD_RE.search(line) or PATTERN_RE.search(line):
                hits.append(f"{path}:{number}: {line.strip()[:120]}")
    return hits


def test_names_list_is_matched_as_words() -> None:
    assert WORD_RE.search("if (x) printLine(s);")
    assert not WORD_RE.search("printLines_of_log")
    assert PATTERN_RE.search("void CWE401_Memory_Leak__char_malloc_01_bad()")
    assert not PATTERN_RE.search('tags = ("reliability", "CWE-401")')
    assert PATTERN_RE.search("goodG2BSink(data);")


@pytest.mark.parametrize("folder", package_dirs(), ids=lambda p: p.name)
def test_no_juliet_names_in_package(folder: Path) -> None:
    hits = offending_lines(folder)
    assert not hits, "Juliet names in the analyzer:\n" + "\n".join(hits)


def test_offending_lines_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "knowledge.yaml").write_text("functions:\n  - name: log\n  - name: printIntLine\n")
    (tmp_path / "ok.py").write_text("tags = ('CWE-401',)\n")
    assert offending_lines(tmp_path) == [f"{tmp_path / 'knowledge.yaml'}:3: - name: printIntLine"]
