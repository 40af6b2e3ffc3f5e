"""The Juliet benchmark's own logic, on small synthetic files shaped like Juliet's names.

No Juliet code and no network: the files below are written here, in Juliet's naming scheme only.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_juliet", REPO / "benchmarks" / "juliet.py")
J = importlib.util.module_from_spec(_spec)
sys.modules["bench_juliet"] = J
_spec.loader.exec_module(J)

LEAK = "CWE401_Memory_Leak"
C_CASE = """#include "std_testcase.h"
/* a comment with a brace {{ that must not count */
#ifndef OMITBAD
void {p}_bad()
{{
    char *data = (char *)malloc(10); // "}}" in a comment
    if (data == NULL) {{ exit(1); }}
    puts("{{ not a block");
}}
#endif
static void goodG2B()
{{
    char buf[10];
    buf[0] = '{{';
}}
void {p}_good()
{{
    goodG2B();
}}
int main(void)
{{
    {p}_good();
    return 0;
}}
"""
CPP_CASE = """#include "std_testcase.h"
namespace {p}
{{
struct Pair {{ int a; int b; }};
static const Pair origin = {{0, 0}};
class {p}_bad
{{
public:
    {p}_bad(int n) : size(n), data(new char[n])
    {{
        data[0] = 0;
    }}
    ~{p}_bad()
    {{
        /* the flaw: no delete */
    }}
    {p}_bad &operator=(const {p}_bad &other)
    {{
        size = other.size;
        return *this;
    }}
    int length() const {{ return size; }}
private:
    int size;
    char *data;
}};
void helper_badSink(char *data)
{{
    if (data)
    {{
        data[0] = 1;
    }}
}}
extern "C" {{
int plain_c(int x)
{{
    return x + 1;
}}
}}
}}
"""


def write(path: Path, text: str = "int x;\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def make_tree(root: Path) -> Path:
    """A miniature Juliet layout: two CWE folders, support files, Windows cases."""
    support = root / "testcasesupport"
    write(support / "std_testcase.h", "#include <stdlib.h>\n#include <stdio.h>\n")
    write(support / "std_thread.h", "typedef struct thread_ *thread_t;\n")
    write(support / "io.c", '#include "std_testcase.h"\nvoid log_line(const char *s) { puts(s); }\n')
    leak = root / "testcases" / LEAK / "s01"
    p = f"{LEAK}__char_malloc"
    write(leak / f"{p}_01.c", C_CASE.format(p=f"{p}_01"))
    write(leak / f"{p}_51a.c")
    write(leak / f"{p}_51b.c")
    write(leak / f"{p}_81.h")
    for sub in ("_bad", "_goodG2B", "_goodB2G", "a"):
        write(leak / f"{p}_81{sub}.cpp")
    write(leak / f"{LEAK}__w32_handle_01.c")                 # Windows-only by name
    write(leak / f"{LEAK}__win_heap_02.c", "#include <windows.h>\n")  # by its include, unguarded
    write(leak / f"{LEAK}__guarded_03.c", "#ifdef _WIN32\n#include <windows.h>\n#endif\n")
    write(leak / "README.txt")
    race = root / "testcases" / "CWE366_Race_Condition_Within_Thread"
    write(race / "CWE366_Race_Condition_Within_Thread__global_int_01.c", '#include "std_thread.h"\n')
    write(root / "testcases" / "CWE121_Stack_Based_Buffer_Overflow" / "CWE121_Stack_Based_Buffer_Overflow__x_01.c")
    return root


# ---------------------------------------------------------------- names, cases, groups

def test_parse_name_splits_case_and_subfile() -> None:
    info = J.parse_name(f"{LEAK}__char_malloc_81_goodB2G.cpp")
    assert info == {"case": f"{LEAK}__char_malloc_81", "cwe": "CWE401", "flow": "81", "sub": "_goodB2G",
                    "ext": "cpp"}
    assert J.parse_name(f"{LEAK}__int64_t_calloc_51b.c")["case"] == f"{LEAK}__int64_t_calloc_51"
    assert J.parse_name(f"/x/y/{LEAK}__new_int_84.h")["sub"] == ""
    assert J.parse_name("io.c") is None
    assert J.parse_name(f"{LEAK}__char_malloc_01.cc") is None


@pytest.mark.parametrize("flow, group", [(1, "01-18"), (18, "01-18"), (21, "21-45"), (45, "21-45"),
                                         (51, "51-68"), (68, "51-68"), (72, "72-84"), (84, "72-84"),
                                         (19, "other"), (99, "other")])
def test_flow_groups(flow: int, group: str) -> None:
    assert J.flow_group(flow) == group


def test_collect_cases_groups_files_and_drops_windows(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    cases = J.collect_cases(tree, ["CWE401", "CWE366"])
    p = f"{LEAK}__char_malloc"
    assert sorted(cases) == sorted([f"{LEAK}__guarded_03", f"{p}_01", f"{p}_51", f"{p}_81",
                                    "CWE366_Race_Condition_Within_Thread__global_int_01"])
    c81 = cases[f"{p}_81"]
    assert len(c81.files) == 5 and len(c81.sources) == 4
    assert (c81.family, c81.group, c81.flow) == ("ownership", "72-84", 81)
    assert cases["CWE366_Race_Condition_Within_Thread__global_int_01"].family == "concurrency"
    assert J.collect_cases(tree, ["CWE252"]) == {}


def test_sample_is_deterministic_and_per_flow_variant() -> None:
    cases = {f"CWE401_X__v{i}_{f:02d}": J.Case(f"CWE401_X__v{i}_{f:02d}", "CWE401", f, ["a.c"])
             for i in range(10) for f in (1, 2, 51)}
    one = J.sample_cases(cases, 3)
    assert one == J.sample_cases(dict(reversed(list(cases.items()))), 3)
    assert sorted(c.flow for c in one.values()) == [1, 1, 1, 2, 2, 2, 51, 51, 51]
    assert J.sample_cases(cases, None) is cases
    assert len(J.sample_cases(cases, 50)) == 30


# ---------------------------------------------------------------- the compile database

def test_database_entries_follow_juliets_build(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    cases = J.collect_cases(tree, ["CWE401", "CWE366"])
    db = J.write_database(tmp_path / "build", tree, [f for c in cases.values() for f in c.sources])
    entries = {Path(e["file"]).name: e for e in json.loads(db.read_text())}
    assert "io.c" in entries and f"{LEAK}__char_malloc_81.h" not in entries
    c = entries[f"{LEAK}__char_malloc_01.c"]["arguments"]
    assert c[0] == "cc" and "-DINCLUDEMAIN" in c and str(tree / "testcasesupport") in c and "-pthread" not in c
    assert entries[f"{LEAK}__char_malloc_81a.cpp"]["arguments"][0] == "c++"
    assert "-pthread" in entries["CWE366_Race_Condition_Within_Thread__global_int_01.c"]["arguments"]
    assert all(e["directory"] == str(Path(e["file"]).parent) for e in entries.values())


def test_extracts_from_a_git_directory(tmp_path: Path) -> None:
    src = make_tree(tmp_path / "src")
    git = ["git", "-C", str(src), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(src)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    cache = tmp_path / "cache"
    tree = J.ensure_juliet(cache, str(src / ".git"))
    assert tree == cache and (cache / "testcasesupport" / "io.c").is_file()
    assert (cache / "testcases" / LEAK / "s01" / f"{LEAK}__char_malloc_01.c").is_file()
    assert not (cache / "testcases" / "CWE121_Stack_Based_Buffer_Overflow").exists()  # not scored
    assert J.ensure_juliet(cache, "/nonexistent") == cache  # already there: no fetch


def test_source_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert J.main(["--juliet", str(tmp_path / "c"), "--source", str(tmp_path / "missing")]) == 2
    assert J.main(["--juliet", str(tmp_path / "c"), "--source", str(tmp_path)]) == 2
    assert J.main(["--cwe", "CWE999"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("juliet: error: ") for line in err)
    assert "Traceback" not in "".join(err)


# ---------------------------------------------------------------- function attribution

def test_scan_finds_c_functions_past_comments_strings_and_directives() -> None:
    p = f"{LEAK}__char_malloc_01"
    funcs = {f.name: (f.start, f.end) for f in J.scan_functions(C_CASE.format(p=p))}
    assert funcs == {f"{p}_bad": (4, 9), "goodG2B": (11, 15), f"{p}_good": (16, 19), "main": (20, 24)}


def test_scan_handles_classes_namespaces_and_cpp_members() -> None:
    p = f"{LEAK}__new_char_84"
    names = {f.name for f in J.scan_functions(CPP_CASE.format(p=p))}
    assert names == {f"{p}_bad::{p}_bad", f"{p}_bad::~{p}_bad", f"{p}_bad::operator=", f"{p}_bad::length",
                     "helper_badSink", "plain_c"}


def _resource_dir() -> str | None:
    try:
        from clangcheck.toolchain import find_resource_dir
        return find_resource_dir().path
    except Exception:  # noqa: BLE001 - no toolchain: the libclang comparison is skipped
        return None


@pytest.mark.parametrize("name, template, ext", [("c", C_CASE, "c"), ("cpp", CPP_CASE, "cpp")])
def test_scan_agrees_with_libclang(tmp_path: Path, name: str, template: str, ext: str) -> None:
    resource = _resource_dir()
    if resource is None:
        pytest.skip("no clang resource directory")
    tree = make_tree(tmp_path)
    p = f"{LEAK}__char_malloc_0{1 if ext == 'c' else 2}"
    path = write(tree / "testcases" / LEAK / f"{p}.{ext}", template.format(p=p))
    entry = J.compile_entry(str(path), tree / "testcasesupport")
    precise = sorted((f.name, f.start, f.end) for f in J.libclang_functions(str(path), J.clang_args(entry, resource)))
    scanned = sorted((f.name, f.start, f.end) for f in J.scan_functions(path.read_text()))
    assert precise and precise == scanned


def test_enclosing_and_role() -> None:
    funcs = [J.Function("outer_bad", 1, 20), J.Function("Inner_good::m", 5, 8)]
    assert J.enclosing(funcs, 6).name == "Inner_good::m"
    assert J.enclosing(funcs, 12).name == "outer_bad"
    assert J.enclosing(funcs, 30) is None
    case = "CWE401_Memory_Leak__char_malloc_81"
    assert J.role(f"{case}_bad::action", case) == "bad"
    assert J.role("goodB2GSink", case) == "good"
    assert J.role(f"{case}_good", case) == "good"
    assert J.role("badSink", case) == "bad"
    assert J.role("main", case) == "other"
    # a functional variant's own words do not decide the role
    assert J.role("CWE000_X__goodbye_01_bad", "CWE000_X__goodbye_01") == "bad"


# ---------------------------------------------------------------- scoring

def _cases() -> dict[str, J.Case]:
    a, b, c = (f"CWE401_Memory_Leak__v{i}_01" for i in (1, 2, 3))
    d = "CWE252_Unchecked_Return_Value__fputs_51"
    return {a: J.Case(a, "CWE401", 1, [f"/t/{a}.c"]), b: J.Case(b, "CWE401", 1, [f"/t/{b}.c"]),
            c: J.Case(c, "CWE401", 1, [f"/t/{c}.c"]), d: J.Case(d, "CWE252", 51, [f"/t/{d}a.c", f"/t/{d}b.c"])}


def _functions(path: str) -> list[J.Function]:
    if path.endswith("51b.c"):
        return [J.Function("CWE252_Unchecked_Return_Value__fputs_51b_badSink", 1, 10),
                J.Function("CWE252_Unchecked_Return_Value__fputs_51b_goodG2BSink", 11, 20)]
    return [J.Function("bad", 1, 10), J.Function("goodG2B", 11, 20), J.Function("goodB2G", 21, 30),
            J.Function("main", 31, 40)]


def test_scoring_arithmetic() -> None:
    cases = _cases()
    v1, v2, v3, fputs = list(cases)
    findings = [
        J.Finding(f"/t/{v1}.c", 5, "clangcheck-ownership-leak"),          # TP
        J.Finding(f"/t/{v1}.c", 6, "clangcheck-ownership-leak"),          # same case again: still 1 TP
        J.Finding(f"/t/{v1}.c", 12, "clangcheck-ownership-leak"),         # FP unit goodG2B
        J.Finding(f"/t/{v1}.c", 13, "clangcheck-ownership-overwrite"),    # same function: same unit
        J.Finding(f"/t/{v2}.c", 25, "clangcheck-ownership-leak"),         # FP unit goodB2G
        J.Finding(f"/t/{v2}.c", 5, "clangcheck-errors-unchecked-result"),  # other family: ignored
        J.Finding(f"/t/{v3}.c", 35, "clangcheck-ownership-leak"),         # in main: unattributed
        J.Finding(f"/t/{v3}.c", 99, "clangcheck-ownership-leak"),         # outside functions
        J.Finding(f"/t/{fputs}b.c", 3, "clangcheck-errors-unchecked-result"),  # TP via its sink
        J.Finding(f"/t/{fputs}b.c", 15, "clangcheck-errors-short-io"),         # FP unit in b.c
        J.Finding("/t/io.c", 1, "clangcheck-ownership-leak"),                   # not a case file
    ]
    run = J.ToolRun("clangcheck", findings, 1.0, 4)
    scores = J.score_tool(run, J.family_clangcheck, cases, _functions)
    assert [scores[c].found for c in cases] == [True, False, False, True]
    assert len(scores[v1].good_units) == 1 and len(scores[v2].good_units) == 1
    assert scores[v2].other_family == 1 and scores[v3].unattributed == 2
    rows = J.aggregate(cases, scores)
    own = rows[("CWE401", "01-18")]
    assert (own.cases, own.tp, own.fp) == (3, 1, 2)
    assert own.recall == pytest.approx(1 / 3) and own.precision == pytest.approx(1 / 3)
    assert own.f1 == pytest.approx(1 / 3)
    err = rows[("errors", "all")]
    assert (err.cases, err.tp, err.fp, err.precision, err.recall) == (1, 1, 1, 0.5, 1.0)
    assert err.f1 == pytest.approx(2 / 3)
    total = rows[("all", "all")]
    assert (total.cases, total.tp, total.fp) == (4, 2, 3)
    assert J.Row().precision is None and J.Row().f1 == 0.0


def test_tables_list_cwes_families_and_tools() -> None:
    cases = _cases()
    scores = {c: J.CaseScore() for c in cases}
    scores[list(cases)[0]].found = True
    rows = J.aggregate(cases, scores)
    text = "\n".join(J.table("clangcheck", rows))
    assert "| CWE401 | 01-18 | 3 | 1 | 0.333 | 0 | 1.000 | 0.500 |" in text
    assert "| **errors** | all | 1 | 0 | 0.000 | 0 | – | 0.000 |" in text
    assert text.index("CWE401") < text.index("**ownership**") < text.index("CWE252")
    nothing = J.aggregate(cases, {c: J.CaseScore() for c in cases})
    side = "\n".join(J.summary_table({"clangcheck": rows, "cppcheck": nothing}))
    assert "| CWE401 | 3 | 0.333 / 1.000 / 0.500 | 0.000 / – / 0.000 |" in side


# ---------------------------------------------------------------- tool output parsing

def test_parse_clang_tidy_output() -> None:
    out = """2 warnings generated.
/t/a.c:12:5: warning: Potential leak of memory pointed to by 'data' [clang-analyzer-unix.Malloc]
   12 |     return;
      |     ^
/t/a.c:12:5: note: Memory is allocated
/t/a.c:20:1: warning: the value returned by this function should be used [bugprone-unused-return-value,cert-err33-c]
/t/b.cpp:3:2: error: the result is ignored [cert-err33-c,-warnings-as-errors]
/usr/include/stdio.h:33:10: error: 'stddef.h' file not found [clang-diagnostic-error]
"""
    findings, errors = J.parse_diagnostics(out)
    assert [(f.file, f.line, f.check) for f in findings] == [
        ("/t/a.c", 12, "clang-analyzer-unix.Malloc"), ("/t/a.c", 20, "bugprone-unused-return-value"),
        ("/t/a.c", 20, "cert-err33-c"), ("/t/b.cpp", 3, "cert-err33-c")]
    assert len(errors) == 1 and "stddef.h" in errors[0]
    assert [J.family_tidy(f.check) for f in findings] == ["ownership", "errors", "errors", "errors"]
    assert J.family_tidy("clang-analyzer-deadcode.DeadStores") is None


def test_parse_cppcheck_output_relative_paths() -> None:
    out = """sub/x_01.c:40:5: error: Memory leak: data [memleak]
sub/x_01.c:41:9: warning: Possible null pointer dereference: p [nullPointer]
sub/x_01.c:50:1: portability: Obsolete function 'alloca' called. [allocaCalled]
sub/x_01.c:2:0: error: syntax error [syntaxError]
"""
    findings, errors = J.parse_diagnostics(out, "/t")
    assert [(f.file, f.line, f.check) for f in findings] == [
        ("/t/sub/x_01.c", 40, "memleak"), ("/t/sub/x_01.c", 41, "nullPointer"), ("/t/sub/x_01.c", 50, "allocaCalled")]
    assert len(errors) == 1
    assert [J.family_cppcheck(f.check) for f in findings] == ["ownership", "errors", None]


def test_parse_clangcheck_json() -> None:
    doc = {"version": 1, "findings": [{"check": "clangcheck-ownership-leak", "file": "/t/a.c", "line": 7,
                                       "column": 3, "message": "m"}]}
    assert J.parse_clangcheck_json(json.dumps(doc)) == [J.Finding("/t/a.c", 7, "clangcheck-ownership-leak")]
    assert J.family_clangcheck("clangcheck-concurrency-data-race") == "concurrency"
    assert J.family_clangcheck("clangcheck-other") is None
    with pytest.raises(J.BenchError):
        J.parse_clangcheck_json("Traceback (most recent call last):")
