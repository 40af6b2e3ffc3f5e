"""Score clangcheck (and, with --peers, clang-tidy 18 and cppcheck) on NIST Juliet C/C++ 1.3.

    python benchmarks/juliet.py [-j 2] [--cwe CWE401,CWE252] [--sample N] [--peers]
                                [--markdown FILE] [--json FILE]

Juliet is public domain but is never committed here: it is fetched at run time into a cache
folder outside the repository (default ~/.cache/clangcheck-bench/juliet, or --juliet DIR), from
--source (an extracted tree, a git directory, or a URL to clone; default the GitHub mirror
arichardson/juliet-test-suite-c). The script writes its own compile database there: one entry
per source file of the selected cases plus testcasesupport/*.c, flags as Juliet's CMake build
(-DINCLUDEMAIN, -I testcasesupport, C++ files with the C++ compiler, -pthread where threads are
used). Windows-only cases (a file name with "w32", or a file including <windows.h> without a
_WIN32 guard) are skipped.

Scoring. A case is CWE + functional variant + flow variant (CWE401_Memory_Leak__char_malloc_01;
the sub-files 51a.c, 51b.c, 81_bad.cpp, 81_goodG2B.cpp, 81.h ... belong to one case). A finding
counts only when its family (the check-id prefix, or a peer's mapping below) is the family of the
case's CWE. It is attributed to the function enclosing its line (class chain + name, the case's
own name prefix removed): a name containing "bad" marks the case found (TP); each distinct
function containing "good" with a finding is one false-positive unit. Precision is
TP / (TP + FP units), recall TP / cases, F1 their harmonic mean; per CWE and flow-variant group
(01-18 control flow, 21-45 data/call flow in one file, 51-68 across files, 72-84 C++
classes/containers) and per family.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

DEFAULT_CACHE = Path("~/.cache/clangcheck-bench/juliet").expanduser()
DEFAULT_SOURCE = "https://github.com/arichardson/juliet-test-suite-c"

CWE_FAMILY: dict[str, str] = {
    "CWE401": "ownership", "CWE762": "ownership", "CWE775": "ownership", "CWE404": "ownership",
    "CWE252": "errors", "CWE253": "errors", "CWE690": "errors",
    "CWE366": "concurrency", "CWE667": "concurrency", "CWE832": "concurrency",
}
FAMILIES = ("ownership", "errors", "concurrency")
FLOW_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("01-18", 1, 18), ("21-45", 21, 45), ("51-68", 51, 68), ("72-84", 72, 84))

# clang-tidy 18: clang-analyzer-* without alpha.* (so alpha.unix.Stream, FILE* leaks, and
# alpha.unix.PthreadLock, lock misuse, are absent: clang-tidy has no concurrency check to map)
# plus the return-value checks. Only these ids score; others are listed as "unmapped" in the JSON.
TIDY_CHECKS = "-*,clang-analyzer-*,-clang-analyzer-alpha*,bugprone-unused-return-value,cert-err33-c"
TIDY_FAMILY: dict[str, str] = {
    "clang-analyzer-unix.Malloc": "ownership",                 # leaks, double/bad free of malloc
    "clang-analyzer-unix.MismatchedDeallocator": "ownership",  # malloc/delete, new/free
    "clang-analyzer-cplusplus.NewDelete": "ownership",         # bad delete
    "clang-analyzer-cplusplus.NewDeleteLeaks": "ownership",    # leaks of new
    "clang-analyzer-unix.Stream": "ownership",                 # FILE* leaks (alpha before 19)
    "bugprone-unused-return-value": "errors",
    "cert-err33-c": "errors",
    "clang-analyzer-core.NullDereference": "errors",           # NULL from a failed call used
    "clang-analyzer-core.NonNullParamChecker": "errors",       # ... passed where non-null needed
    "clang-analyzer-unix.StdCLibraryFunctions": "errors",      # failed libc call's result misused
    "clang-analyzer-unix.BlockInCriticalSection": "concurrency",
}

# cppcheck 2.x (--enable=warning --library=posix): ids of leaks, mismatched release and
# resource leaks score as ownership; null dereference of a result and ignored results as
# errors; its few lock checks as concurrency.
CPPCHECK_FAMILY: dict[str, str] = {
    **{k: "ownership" for k in (
        "memleak", "memleakOnRealloc", "resourceLeak", "mismatchAllocDealloc", "deallocDealloc",
        "leakReturnValNotUsed", "leakNoVarFunctionCall", "leakUnsafeArgAlloc", "unsafeClassCanLeak",
        "mismatchSize", "publicAllocationError")},
    **{k: "errors" for k in (
        "nullPointer", "nullPointerDefaultArg", "nullPointerRedundantCheck", "nullPointerArithmetic",
        "nullPointerOutOfMemory", "nullPointerOutOfResources", "ctunullpointer",
        "ctunullpointerOutOfMemory", "ctunullpointerOutOfResources", "ignoredReturnValue",
        "ignoredReturnErrorCode", "checkLibraryNoReturn", "checkLibraryUseIgnore")},
    **{k: "concurrency" for k in ("localMutex", "globalLockGuard")},
}

NAME_RE = re.compile(
    r"^(?P<case>CWE(?P<cwe>\d+)_.+?__(?P<fv>.+)_(?P<flow>\d\d))"
    r"(?P<sub>[a-z]|_bad|_good\w*)?\.(?P<ext>c|cpp|h)$")
DIAG_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>warning|error|style|"
                     r"performance|portability|information): (?P<msg>.*) \[(?P<id>[\w.\-,]+)\]$")


class BenchError(Exception):
    """A one-line error for the user (bad option, missing tool, unusable source)."""


# ---------------------------------------------------------------- cases

@dataclass
class Case:
    """One Juliet test case: all files sharing CWE + functional variant + flow variant."""
    id: str
    cwe: str
    flow: int
    files: list[str] = field(default_factory=list)

    @property
    def family(self) -> str:
        return CWE_FAMILY[self.cwe]

    @property
    def group(self) -> str:
        return flow_group(self.flow)

    @property
    def sources(self) -> list[str]:
        return [f for f in self.files if not f.endswith(".h")]


def parse_name(filename: str) -> dict[str, str] | None:
    """Juliet's file-name grammar: case id, CWE, flow variant, sub-file; None if not a case file."""
    m = NAME_RE.match(os.path.basename(filename))
    if not m:
        return None
    return {"case": m["case"], "cwe": "CWE" + m["cwe"], "flow": m["flow"], "sub": m["sub"] or "",
            "ext": m["ext"]}


def flow_group(flow: int) -> str:
    """The flow-variant group a flow number belongs to ('other' outside Juliet's ranges)."""
    return next((name for name, lo, hi in FLOW_GROUPS if lo <= flow <= hi), "other")


def windows_only(path: str) -> bool:
    """A w32 file, or one that includes <windows.h> with no _WIN32 guard anywhere."""
    if "w32" in os.path.basename(path).lower():
        return True
    text = Path(path).read_text(errors="replace")
    return bool(re.search(r"#\s*include\s*<windows\.h>", text, re.I)) and "_WIN32" not in text


def collect_cases(tree: Path, cwes: Iterable[str]) -> dict[str, Case]:
    """Cases of the given CWEs under tree/testcases, Windows-only cases dropped."""
    cases: dict[str, Case] = {}
    dropped: set[str] = set()
    wanted = set(cwes)
    for folder in sorted((tree / "testcases").iterdir()):
        cwe = folder.name.split("_", 1)[0]
        if cwe not in wanted or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("CWE*")):
            info = parse_name(path.name)
            if not info or info["cwe"] != cwe or not path.is_file():
                continue
            case = cases.setdefault(info["case"], Case(info["case"], cwe, int(info["flow"])))
            case.files.append(str(path))
            if windows_only(str(path)):
                dropped.add(info["case"])
    return {k: v for k, v in sorted(cases.items()) if k not in dropped and v.sources}


def sample_cases(cases: dict[str, Case], n: int | None) -> dict[str, Case]:
    """N cases per (CWE, flow variant), picked by a hash of the case id: deterministic, spread."""
    if not n:
        return cases
    buckets: dict[tuple[str, int], list[Case]] = defaultdict(list)
    for case in cases.values():
        buckets[(case.cwe, case.flow)].append(case)
    keep = set()
    for bucket in buckets.values():
        bucket.sort(key=lambda c: hashlib.sha1(c.id.encode()).hexdigest())
        keep.update(c.id for c in bucket[:n])
    return {k: v for k, v in cases.items() if k in keep}


# ---------------------------------------------------------------- fetching and the database

def is_tree(path: Path) -> bool:
    return (path / "testcasesupport").is_dir() and (path / "testcases").is_dir()


def git_dir_of(path: Path) -> str | None:
    """The git directory of a bare repository or a work tree, or None."""
    for candidate in (path, path / ".git"):
        out = subprocess.run(["git", "--git-dir", str(candidate), "rev-parse", "--git-dir"],
                             capture_output=True, text=True)
        if out.returncode == 0:
            return str(candidate)
    return None


def extract_git(git_dir: str, dest: Path) -> None:
    """testcasesupport and the CWE folders we score, from HEAD (a partial mirror may lack others)."""
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "--name-only", "HEAD", "testcases/"],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        raise BenchError(f"{git_dir}: no testcases/ at HEAD: {listing.stderr.strip()[:200]}")
    folders = [p for p in listing.stdout.split() if os.path.basename(p).split("_", 1)[0] in CWE_FAMILY]
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.Popen(["git", "--git-dir", git_dir, "archive", "HEAD", "testcasesupport", *folders],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    untar = subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, capture_output=True)
    err = archive.stderr.read().decode(errors="replace") if archive.stderr else ""
    if archive.wait() != 0 or untar.returncode != 0:
        raise BenchError(f"extracting {git_dir}: {(err or untar.stderr.decode()).strip()[:200]}")


def ensure_juliet(cache: Path, source: str) -> Path:
    """The extracted tree: cache itself if already there, source if it is a tree, else fetched."""
    if is_tree(cache):
        return cache
    src = Path(source).expanduser()
    if src.exists():
        if is_tree(src):
            return src.resolve()
        git_dir = git_dir_of(src)
        if not git_dir:
            raise BenchError(f"--source {source}: neither a Juliet tree nor a git repository")
        extract_git(git_dir, cache)
        return cache
    if not re.match(r"^(https?|git|ssh)://|^[\w.-]+@", source):
        raise BenchError(f"--source {source}: no such file or directory")
    with tempfile.TemporaryDirectory(prefix="juliet-clone-") as tmp:
        print(f"cloning {source} ...", file=sys.stderr)
        out = subprocess.run(["git", "clone", "--bare", "--depth", "1", source, tmp + "/repo.git"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            last = (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[-1]
            raise BenchError(f"git clone {source}: {last}")
        extract_git(tmp + "/repo.git", cache)
    return cache


def needs_pthread(path: str) -> bool:
    text = Path(path).read_text(errors="replace")
    return "std_thread.h" in text or "<pthread.h>" in text


def compile_entry(path: str, support: Path) -> dict:
    """One database entry, as Juliet's CMake build compiles the file."""
    cxx = path.endswith(".cpp")
    args = ["c++" if cxx else "cc", "-DINCLUDEMAIN", "-I", str(support)]
    if needs_pthread(path) or os.path.basename(path) == "std_thread.c":
        args.append("-pthread")
    return {"directory": os.path.dirname(path), "file": path, "arguments": [*args, "-c", path]}


def write_database(folder: Path, tree: Path, files: Iterable[str]) -> Path:
    """compile_commands.json for these sources plus testcasesupport/*.c."""
    support = tree / "testcasesupport"
    entries = [compile_entry(f, support) for f in sorted(files)]
    entries += [compile_entry(str(p), support) for p in sorted(support.glob("*.c"))]
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "compile_commands.json"
    out.write_text(json.dumps(entries, indent=1))
    return out


def selection_tag(cases: dict[str, Case], sample: int | None) -> str:
    """A folder name for this selection, so runs of different selections do not collide."""
    digest = hashlib.sha1("\n".join(sorted(cases)).encode()).hexdigest()[:8]
    return f"{'all' if not sample else f'sample{sample}'}-{digest}"


# ---------------------------------------------------------------- function attribution

@dataclass(frozen=True)
class Function:
    name: str   # class chain and name, e.g. "Foo_bad::action" or "goodG2BSink"
    start: int  # first line of the definition
    end: int    # line of its closing brace


DIRECTIVE_RE = re.compile(r"[ \t]*#")


def strip_code(text: str) -> str:
    """Comments, string/char literal contents and preprocessor lines blanked, newlines kept."""
    out: list[str] = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c in " \t#" and DIRECTIVE_RE.match(text, i):
            j = i
            while j < n and text[j] != "\n":  # the directive and its continuation lines
                if text[j] == "\\" and j + 1 < n and text[j + 1] == "\n":
                    out.append(" \n")
                    j += 2
                    continue
                out.append(" ")
                j += 1
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:j]))
            i = j
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + (c if j < n and text[j] == c else ""))
            i = j + 1 if j < n and text[j] == c else j
            line_start = False
            continue
        out.append(c)
        if c == "\n":
            line_start = True
        elif c not in " \t":
            line_start = False
        i += 1
    return "".join(out)


FUNC_NAME_RE = re.compile(r"((?:[A-Za-z_]\w*\s*::\s*)*(?:~\s*)?(?:operator\s*(?:\(\)|[^\s(]+)|[A-Za-z_]\w*))\s*\($")
CLASS_RE = re.compile(r"\b(class|struct|union)\s+([A-Za-z_]\w*)[^()]*$")


def _paren_depth0_prefixes(header: str) -> Iterator[str]:
    """Prefixes of header ending just before each '(' at parenthesis depth 0."""
    depth = 0
    for i, ch in enumerate(header):
        if ch == "(":
            if depth == 0:
                yield header[:i + 1]
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)


def classify_header(header: str) -> tuple[str, str]:
    """What a '{' opens at namespace or class scope: ('ns'|'class'|'func'|'other', name)."""
    h = " ".join(header.split())
    if re.search(r"\bnamespace\b[\w\s:]*$", h) or re.search(r'\bextern\s*"\s*"\s*$', h):
        return "ns", ""
    m = CLASS_RE.search(h)
    if m and "=" not in h:
        return "class", m.group(2)
    if ")" not in h or re.search(r"=\s*$", h):
        return "other", ""
    prefix = next(_paren_depth0_prefixes(h), "")
    m = FUNC_NAME_RE.search(prefix)
    if not m or m.group(1) in ("if", "while", "for", "switch", "sizeof", "return"):
        return "other", ""
    name = re.sub(r"\s+", "", m.group(1))
    if "operator" not in name and "=" in prefix:  # an initializer: int x = f(1) {...} cannot be
        return "other", ""
    return "func", name


def scan_functions(text: str) -> list[Function]:
    """Function definitions of a C/C++ file by a brace scan (Juliet's regular layout suffices)."""
    code = strip_code(text)
    functions: list[Function] = []
    stack: list[tuple[str, str, int]] = []  # (kind, name, start line)
    header_start = 0
    line = 1
    for i, ch in enumerate(code):
        if ch == "\n":
            line += 1
        elif ch in ";}{":
            in_func = any(kind in ("func", "block") for kind, _, _ in stack)
            if ch == "{":
                header = code[header_start:i]
                kind, name = ("block", "") if in_func else classify_header(header)
                first = header_start + len(header) - len(header.lstrip())
                start = line - code.count("\n", first, i)
                if kind == "func":
                    owners = [n for k, n, _ in stack if k == "class"]
                    name = "::".join([*owners, name])
                stack.append((kind, name, start))
            elif ch == "}" and stack:
                kind, name, start = stack.pop()
                if kind == "func":
                    functions.append(Function(name, start, line))
            header_start = i + 1
        elif ch == ":" and not any(k in ("func", "block") for k, _, _ in stack):
            # access specifiers ("public:") end a header inside a class; "::" does not
            prev = code[i - 1] if i else ""
            nxt = code[i + 1] if i + 1 < len(code) else ""
            if prev != ":" and nxt != ":" and re.search(r"\b(public|private|protected)\s*$", code[header_start:i]):
                header_start = i + 1
    return functions


_LIBCLANG_FUNCS = ("FUNCTION_DECL", "CXX_METHOD", "CONSTRUCTOR", "DESTRUCTOR", "FUNCTION_TEMPLATE",
                   "CONVERSION_FUNCTION")
_LIBCLANG_SCOPES = ("NAMESPACE", "LINKAGE_SPEC", "CLASS_DECL", "STRUCT_DECL", "UNION_DECL",
                    "CLASS_TEMPLATE", "UNEXPOSED_DECL")


def libclang_functions(path: str, args: list[str]) -> list[Function]:
    """Function definitions of path as libclang sees them (precise; slower than the scan)."""
    import clang.cindex as ci

    index = ci.Index.create()
    tu = index.parse(path, args=args)
    real = os.path.realpath(path)
    funcs = {getattr(ci.CursorKind, k) for k in _LIBCLANG_FUNCS}
    scopes = {getattr(ci.CursorKind, k) for k in _LIBCLANG_SCOPES}
    classes = {ci.CursorKind.CLASS_DECL, ci.CursorKind.STRUCT_DECL, ci.CursorKind.UNION_DECL,
               ci.CursorKind.CLASS_TEMPLATE}
    out: list[Function] = []

    def owner_chain(cursor) -> list[str]:
        names = []
        parent = cursor.semantic_parent
        while parent is not None and parent.kind in classes:
            names.append(parent.spelling)
            parent = parent.semantic_parent
        return names[::-1]

    def walk(cursor) -> None:
        for child in cursor.get_children():
            loc = child.location
            if loc.file is None or os.path.realpath(loc.file.name) != real:
                continue
            if child.kind in funcs and child.is_definition():
                out.append(Function("::".join([*owner_chain(child), child.spelling]),
                                    child.extent.start.line, child.extent.end.line))
            elif child.kind in scopes:
                walk(child)

    walk(tu.cursor)
    return out


def clang_args(entry: dict, resource_dir: str | None) -> list[str]:
    """The parse arguments of a database entry, without compiler, -c and the file."""
    args = [a for a in entry["arguments"][1:] if a not in ("-c", entry["file"])]
    if entry["file"].endswith(".cpp"):
        args = ["-x", "c++", *args]
    return [*args, f"-resource-dir={resource_dir}"] if resource_dir else args


def enclosing(functions: list[Function], line: int) -> Function | None:
    """The innermost function whose lines contain line."""
    inside = [f for f in functions if f.start <= line <= f.end]
    return min(inside, key=lambda f: f.end - f.start) if inside else None


def role(function_name: str, case_id: str) -> str:
    """'bad', 'good' or 'other' from a function's name, the case's own prefix removed."""
    parts = [p.replace(case_id, "").lower() for p in function_name.split("::")]
    text = "::".join(parts)
    if "bad" in text:
        return "bad"
    if "good" in text:
        return "good"
    return "other"


# ---------------------------------------------------------------- tools and their findings

@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    check: str


@dataclass
class ToolRun:
    name: str
    findings: list[Finding]
    seconds: float
    units: int
    errors: list[str] = field(default_factory=list)   # crashes, parse errors, tracebacks

    @property
    def seconds_per_unit(self) -> float:
        return self.seconds / self.units if self.units else 0.0


def family_clangcheck(check: str) -> str | None:
    return next((f for f in FAMILIES if check.startswith(f"clangcheck-{f}-")), None)


def family_tidy(check: str) -> str | None:
    return TIDY_FAMILY.get(check)


def family_cppcheck(check: str) -> str | None:
    return CPPCHECK_FAMILY.get(check)


def parse_clangcheck_json(text: str) -> list[Finding]:
    """Findings of `clangcheck analyze --format json` (primary locations)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BenchError(f"clangcheck printed no JSON document ({exc})") from None
    return [Finding(f["file"], int(f["line"]), f["check"]) for f in doc.get("findings", [])]


def parse_diagnostics(text: str, directory: str = "") -> tuple[list[Finding], list[str]]:
    """clang-tidy/cppcheck lines 'file:line:col: sev: msg [id]' -> findings, error lines."""
    findings: list[Finding] = []
    errors: list[str] = []
    for raw in text.splitlines():
        m = DIAG_RE.match(raw.strip())
        if not m:
            continue
        path = os.path.normpath(os.path.join(directory, m["file"]))
        for check in m["id"].split(","):
            if check.startswith("-warnings-as-errors"):
                continue
            if check.startswith("clang-diagnostic-") or check in ("syntaxError", "internalAstError"):
                errors.append(raw.strip())
            else:
                findings.append(Finding(path, int(m["line"]), check))
    return findings, errors


def run_clangcheck(databases: list[Path], jobs: int, timeout: int) -> ToolRun:
    """One `clangcheck analyze` per database (per CWE), JSON on stdout."""
    findings: list[Finding] = []
    errors: list[str] = []
    units = 0
    start = time.perf_counter()
    for db in databases:
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "clangcheck", "analyze", str(db.parent), "--format", "json",
               "-j", str(jobs), "--no-cache", "--timeout", str(timeout), "--quiet"]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode not in (0, 1):
            errors.append(f"{db}: exit {out.returncode}: {out.stderr.strip()[-2000:]}")
        if out.stdout.strip():
            findings += parse_clangcheck_json(out.stdout)
        errors += [line for line in out.stderr.splitlines() if line.startswith("clangcheck: error")]
        if "Traceback" in out.stderr:
            errors.append(f"{db}: traceback: {out.stderr[out.stderr.index('Traceback'):][:4000]}")
        n = len(json.loads(db.read_text()))
        units += n
        print(f"  clangcheck {db.parent.name}: {n} TUs in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return ToolRun("clangcheck", findings, time.perf_counter() - start, units, errors)


def run_per_file(name: str, entries: list[dict], command: Callable[[dict], list[str]], jobs: int,
                 timeout: int) -> ToolRun:
    """A peer run one process per TU, -j at a time; diagnostics parsed from stdout+stderr."""
    def one(entry: dict) -> tuple[list[Finding], list[str]]:
        try:
            out = subprocess.run(command(entry), capture_output=True, text=True, timeout=timeout,
                                 cwd=entry["directory"])
        except subprocess.TimeoutExpired:
            return [], [f"{entry['file']}: timeout after {timeout} s"]
        return parse_diagnostics(out.stdout + "\n" + out.stderr, entry["directory"])

    start = time.perf_counter()
    findings: list[Finding] = []
    errors: list[str] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for done, (f, e) in enumerate(pool.map(one, entries), 1):
            findings += f
            errors += e
            if done % 500 == 0:
                print(f"  {name}: {done}/{len(entries)}", file=sys.stderr)
    return ToolRun(name, findings, time.perf_counter() - start, len(entries), errors)


def tidy_command(tidy: str, build: Path, resource_dir: str) -> Callable[[dict], list[str]]:
    return lambda e: [tidy, "-p", str(build), f"--checks={TIDY_CHECKS}", "--quiet",
                      f"--extra-arg=-resource-dir={resource_dir}", e["file"]]


def cppcheck_command(cppcheck: str, support: Path) -> Callable[[dict], list[str]]:
    template = "{file}:{line}:{column}: {severity}: {message} [{id}]"
    return lambda e: [cppcheck, "--enable=warning", "--library=posix", "--quiet", f"--template={template}",
                      "-DINCLUDEMAIN", "-I", str(support),
                      "--language=c++" if e["file"].endswith(".cpp") else "--language=c", e["file"]]


# ---------------------------------------------------------------- scoring

@dataclass
class CaseScore:
    found: bool = False
    bad_hits: list[dict] = field(default_factory=list)
    good_units: set[str] = field(default_factory=set)
    good_hits: list[dict] = field(default_factory=list)
    other_family: int = 0
    unattributed: int = 0


def score_tool(run: ToolRun, family_of: Callable[[str], str | None], cases: dict[str, Case],
               functions_of: Callable[[str], list[Function]]) -> dict[str, CaseScore]:
    """Per case: found or not, the good functions with a finding, the rest counted."""
    scores = {cid: CaseScore() for cid in cases}
    for finding in run.findings:
        info = parse_name(finding.file)
        if not info or info["case"] not in cases:
            continue
        case = cases[info["case"]]
        score = scores[case.id]
        if family_of(finding.check) != case.family:
            score.other_family += 1
            continue
        func = enclosing(functions_of(finding.file), finding.line)
        if func is None:
            score.unattributed += 1
            continue
        hit = {"file": os.path.basename(finding.file), "line": finding.line, "check": finding.check,
               "function": func.name}
        kind = role(func.name, case.id)
        if kind == "bad":
            score.found = True
            score.bad_hits.append(hit)
        elif kind == "good":
            score.good_units.add(f"{os.path.basename(finding.file)}:{func.name}")
            score.good_hits.append(hit)
        else:
            score.unattributed += 1
    return scores


@dataclass
class Row:
    cases: int = 0
    tp: int = 0
    fp: int = 0

    def add(self, found: bool, fp_units: int) -> None:
        self.cases += 1
        self.tp += int(found)
        self.fp += fp_units

    @property
    def recall(self) -> float:
        return self.tp / self.cases if self.cases else 0.0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def aggregate(cases: dict[str, Case], scores: dict[str, CaseScore]) -> dict[tuple[str, str], Row]:
    """Rows keyed (CWE or family or 'all', flow group or 'all')."""
    rows: dict[tuple[str, str], Row] = defaultdict(Row)
    for cid, case in cases.items():
        s = scores[cid]
        for key in ((case.cwe, case.group), (case.cwe, "all"), (case.family, "all"), ("all", "all")):
            rows[key].add(s.found, len(s.good_units))
    return rows


def ordered_keys(rows: dict[tuple[str, str], Row]) -> list[tuple[str, str]]:
    groups = [g for g, _, _ in FLOW_GROUPS] + ["other", "all"]
    keys = []
    for family in FAMILIES:
        for cwe in sorted(c for c, f in CWE_FAMILY.items() if f == family):
            keys += [(cwe, g) for g in groups if (cwe, g) in rows]
        if (family, "all") in rows:
            keys.append((family, "all"))
    return keys + [("all", "all")]


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def table(title: str, rows: dict[tuple[str, str], Row]) -> list[str]:
    """Markdown table lines (plain text reads fine too)."""
    lines = [f"### {title}", "", "| CWE / family | flow | cases | TP | recall | FP units | precision | F1 |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for key in ordered_keys(rows):
        r = rows[key]
        name = f"**{key[0]}**" if key[1] == "all" and not key[0].startswith("CWE") else key[0]
        lines.append(f"| {name} | {key[1]} | {r.cases} | {r.tp} | {fmt(r.recall)} | {r.fp} | "
                     f"{fmt(r.precision)} | {fmt(r.f1)} |")
    return lines


def summary_table(results: dict[str, dict[tuple[str, str], Row]]) -> list[str]:
    """Tools side by side: recall / precision / F1 per CWE and family."""
    tools = list(results)
    head = "| CWE / family | cases | " + " | ".join(f"{t} R / P / F1" for t in tools) + " |"
    lines = ["### Side by side", "", head, "|---|---:|" + "---|" * len(tools)]
    first = results[tools[0]]
    for key in ordered_keys(first):
        if key[1] != "all":
            continue
        cells = []
        for t in tools:
            r = results[t].get(key, Row())
            cells.append(f"{fmt(r.recall)} / {fmt(r.precision)} / {fmt(r.f1)}")
        lines.append(f"| {key[0]} | {first[key].cases} | " + " | ".join(cells) + " |")
    return lines


# ---------------------------------------------------------------- main

def parse_cwes(text: str | None) -> list[str]:
    if not text:
        return list(CWE_FAMILY)
    out = []
    for item in text.split(","):
        item = item.strip().upper()
        item = item if item.startswith("CWE") else "CWE" + item
        if item not in CWE_FAMILY:
            raise BenchError(f"--cwe {item}: not one of {', '.join(CWE_FAMILY)}")
        out.append(item)
    return out


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--juliet", type=Path, default=DEFAULT_CACHE,
                   help=f"cache folder holding the extracted suite and databases (default {DEFAULT_CACHE})")
    p.add_argument("--source", default=DEFAULT_SOURCE,
                   help="where to fetch Juliet from when the cache is empty: an extracted tree, a git "
                        "directory, or a URL to clone (default %(default)s)")
    p.add_argument("--cwe", help="comma-separated CWEs to score (default: all ten)")
    p.add_argument("--sample", type=int, help="N cases per flow variant per CWE (deterministic)")
    p.add_argument("--peers", action="store_true", help="also run clang-tidy 18 and cppcheck")
    p.add_argument("--no-clangcheck", action="store_true", help="run only the peers")
    p.add_argument("-j", "--jobs", type=int, default=2, help="parallel TUs (default 2)")
    p.add_argument("--timeout", type=int, default=300, help="seconds one TU may take (default 300)")
    p.add_argument("--attribution", choices=("scan", "libclang"), default="scan",
                   help="map finding lines to functions by a source scan (default) or libclang")
    p.add_argument("--markdown", type=Path, help="write the tables as Markdown")
    p.add_argument("--json", type=Path, help="write raw per-case results as JSON")
    return p


def functions_cache(mode: str, entries: dict[str, dict], resource_dir: str | None) -> Callable[[str], list[Function]]:
    """file -> its function definitions, computed once per file."""
    memo: dict[str, list[Function]] = {}

    def get(path: str) -> list[Function]:
        if path not in memo:
            entry = entries.get(path)
            if mode == "libclang" and entry is not None:
                memo[path] = libclang_functions(path, clang_args(entry, resource_dir))
            else:  # headers (81.h ...) have no entry: always scanned
                memo[path] = scan_functions(Path(path).read_text(errors="replace"))
        return memo[path]
    return get


def run(args: argparse.Namespace) -> int:
    if args.jobs < 1 or (args.sample is not None and args.sample < 1):
        raise BenchError("-j and --sample must be positive")
    cwes = parse_cwes(args.cwe)
    tree = ensure_juliet(args.juliet.expanduser(), args.source)
    cases = sample_cases(collect_cases(tree, cwes), args.sample)
    if not cases:
        raise BenchError(f"no cases of {', '.join(cwes)} under {tree}/testcases")
    build = args.juliet.expanduser() / "build" / selection_tag(cases, args.sample)
    sources = [f for c in cases.values() for f in c.sources]
    combined = write_database(build, tree, sources)
    by_cwe = [write_database(build / cwe, tree, [f for c in cases.values() if c.cwe == cwe for f in c.sources])
              for cwe in cwes if any(c.cwe == cwe for c in cases.values())]
    entries = {e["file"]: e for e in json.loads(combined.read_text())}
    print(f"juliet: {len(cases)} cases, {len(entries)} TUs; database {combined}", file=sys.stderr)

    from clangcheck.toolchain import ToolchainError, clang_tidy_executable, find_resource_dir
    try:
        resource_dir = find_resource_dir().path
    except ToolchainError as exc:
        raise BenchError(str(exc)) from None
    runs: list[tuple[ToolRun, Callable[[str], str | None]]] = []
    if not args.no_clangcheck:
        runs.append((run_clangcheck(by_cwe, args.jobs, args.timeout), family_clangcheck))
    if args.peers:
        tidy = clang_tidy_executable()
        cppcheck = shutil.which("cppcheck")
        if not tidy or not cppcheck:
            raise BenchError("--peers needs clang-tidy (the clang-tidy wheel) and cppcheck on PATH")
        ordered = list(entries.values())
        runs.append((run_per_file("clang-tidy 18", ordered, tidy_command(tidy, build, resource_dir),
                                  args.jobs, args.timeout), family_tidy))
        runs.append((run_per_file("cppcheck", ordered, cppcheck_command(cppcheck, tree / "testcasesupport"),
                                  args.jobs, args.timeout), family_cppcheck))
    if not runs:
        raise BenchError("nothing to run (--no-clangcheck without --peers)")

    functions_of = functions_cache(args.attribution, entries, resource_dir)
    results: dict[str, dict[tuple[str, str], Row]] = {}
    raw: dict = {"juliet": str(tree), "database": str(combined), "cases": len(cases), "tools": {}}
    lines = [f"{len(cases)} cases, {len(entries)} TUs (`{' '.join(sys.argv[1:]) or 'defaults'}`)", ""]
    for tool, family_of in runs:
        scores = score_tool(tool, family_of, cases, functions_of)
        results[tool.name] = aggregate(cases, scores)
        lines += table(f"{tool.name}", results[tool.name])
        lines += ["", f"{tool.units} TUs in {tool.seconds:.0f} s wall at -j {args.jobs} "
                      f"({tool.seconds_per_unit:.3f} s per TU, {tool.seconds_per_unit * args.jobs:.3f} "
                      f"worker-s per TU); {len(tool.errors)} errors/crashes reported", ""]
        raw["tools"][tool.name] = {
            "seconds": tool.seconds, "units": tool.units, "errors": tool.errors,
            "unmapped_checks": sorted({f.check for f in tool.findings if family_of(f.check) is None}),
            "cases": {cid: {"cwe": cases[cid].cwe, "flow": cases[cid].flow, "group": cases[cid].group,
                            "found": s.found, "bad_hits": s.bad_hits, "fp_units": sorted(s.good_units),
                            "good_hits": s.good_hits, "other_family": s.other_family,
                            "unattributed": s.unattributed} for cid, s in scores.items()}}
    if len(results) > 1:
        lines += summary_table(results) + [""]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return run(args)
    except BenchError as exc:
        print(f"juliet: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an unwritable --markdown/--json, a vanished cache file
        print(f"juliet: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
