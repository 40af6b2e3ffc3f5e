"""benchmarks/realworld/run.py: table arithmetic, triage loading and validation, pattern share.

Small data written here; no network, no projects, no clangcheck run.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "realworld" / "run.py"


def _load():
    spec = importlib.util.spec_from_file_location("realworld_run", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


rw = _load()

CHECK_LEAK = "clangcheck-ownership-leak"
CHECK_RESULT = "clangcheck-errors-unchecked-result"
CHECK_RACE = "clangcheck-concurrency-data-race"


def finding(check: str, fp: str, message: str = "m", project: str = "p", file: str = "a.c", line: int = 1):
    return rw.Finding(project, check, fp, file, line, message)


def entry(check: str, fp: str, verdict: str, project: str = "p", **extra) -> dict:
    raw = {"project": project, "check": check, "fingerprint": fp, "verdict": verdict, "reason": "read the code"}
    if verdict == "false":
        raw.setdefault("cause", "path infeasible: condition correlated")
    raw.update(extra)
    return raw


# ---------------------------------------------------------------- tallies and precision

def test_tally_counts_and_precision():
    findings = [finding(CHECK_LEAK, "a"), finding(CHECK_LEAK, "b"), finding(CHECK_LEAK, "c"),
                finding(CHECK_LEAK, "d"), finding(CHECK_LEAK, "e")]
    triage = rw.parse_triage({"findings": [entry(CHECK_LEAK, "a", "true"), entry(CHECK_LEAK, "b", "true"),
                                           entry(CHECK_LEAK, "c", "debatable"), entry(CHECK_LEAK, "d", "false")]})
    tally = rw.tally_by(findings, triage, lambda f: f.check)[CHECK_LEAK]
    assert (tally.findings, tally.true, tally.debatable, tally.false, tally.untriaged) == (5, 2, 1, 1, 1)
    assert tally.triaged == 4
    assert tally.precision == pytest.approx(2 / 4)  # debatable counts against
    assert tally.lenient == pytest.approx(3 / 4)


def test_precision_undefined_without_triage():
    tally = rw.Tally()
    tally.add(None)
    assert tally.precision is None and tally.lenient is None
    assert rw.tally_row("x", tally).endswith("| 1 | – | – |")


def test_family_and_total():
    findings = [finding(CHECK_LEAK, "a"), finding(CHECK_RESULT, "b"), finding(CHECK_RACE, "c")]
    triage = rw.parse_triage({"findings": [entry(CHECK_LEAK, "a", "true"), entry(CHECK_RESULT, "b", "false"),
                                           entry(CHECK_RACE, "c", "true")]})
    families = rw.tally_by(findings, triage, lambda f: f.family)
    assert list(families) == ["concurrency", "errors", "ownership"]
    all_ = rw.total(families)
    assert (all_.findings, all_.true, all_.false) == (3, 2, 1)
    assert all_.precision == pytest.approx(2 / 3)


def test_triage_of_another_project_does_not_match():
    triage = rw.parse_triage({"findings": [entry(CHECK_LEAK, "a", "true", project="other")]})
    assert rw.verdict_of(finding(CHECK_LEAK, "a"), triage) is None


def test_cause_counts_only_false():
    findings = [finding(CHECK_LEAK, "a"), finding(CHECK_LEAK, "b"), finding(CHECK_LEAK, "c")]
    triage = rw.parse_triage({"findings": [entry(CHECK_LEAK, "a", "false", cause="x"),
                                           entry(CHECK_LEAK, "b", "false", cause="x"),
                                           entry(CHECK_LEAK, "c", "debatable", cause="y")]})
    assert rw.cause_counts(findings, triage) == {"x": 2}


# ---------------------------------------------------------------- triage file validation

def test_load_triage_file(tmp_path: Path):
    path = tmp_path / "triage.yaml"
    path.write_text("version: 1\nfindings:\n"
                    "  - {project: p, check: c, fingerprint: f1, verdict: 'true', reason: r}\n"
                    "  - {project: p, check: c, fingerprint: f2, verdict: 'false', reason: r, cause: k}\n")
    table = rw.load_triage(path)
    assert table[("p", "c", "f2")][0].cause == "k"
    assert rw.load_triage(tmp_path / "missing.yaml") == {}


@pytest.mark.parametrize("raw, words", [
    ({"findings": [{"project": "p", "check": "c", "fingerprint": "f", "verdict": "maybe", "reason": "r"}]},
     "verdict must be"),
    ({"findings": [{"project": "p", "check": "c", "fingerprint": "f", "verdict": "false", "reason": "r"}]},
     "needs a 'cause'"),
    ({"findings": [{"project": "p", "check": "c", "fingerprint": "f", "verdict": "true"}]}, "missing 'reason'"),
    ({"findings": [{"project": "p", "check": "c", "verdict": "true", "reason": "r"}]}, "missing 'fingerprint'"),
    ({"findings": ["text"]}, "not a mapping"),
    ({"other": []}, "top-level 'findings'"),
    ([1, 2], "top-level 'findings'"),
])
def test_invalid_triage_entries(raw, words):
    with pytest.raises(rw.BenchError, match=words):
        rw.parse_triage(raw)


def test_duplicate_key_needs_distinct_locations():
    same = [entry(CHECK_LEAK, "f", "true"), entry(CHECK_LEAK, "f", "false")]
    with pytest.raises(rw.BenchError, match="duplicate entry"):
        rw.parse_triage({"findings": same})
    located = [entry(CHECK_LEAK, "f", "true", location="a.c:10"), entry(CHECK_LEAK, "f", "false", location="a.c:20")]
    triage = rw.parse_triage({"findings": located})
    assert rw.verdict_of(finding(CHECK_LEAK, "f", line=10), triage).verdict == "true"
    assert rw.verdict_of(finding(CHECK_LEAK, "f", line=20), triage).verdict == "false"
    assert rw.verdict_of(finding(CHECK_LEAK, "f", line=30), triage) is None  # moved: untriaged
    assert rw.shared_fingerprints([finding(CHECK_LEAK, "f", line=10), finding(CHECK_LEAK, "f", line=20),
                                   finding(CHECK_LEAK, "g")]) == 2


def test_unquoted_yaml_booleans_are_verdicts(tmp_path: Path):
    path = tmp_path / "triage.yaml"
    path.write_text("findings:\n  - {project: p, check: c, fingerprint: f, verdict: true, reason: r}\n"
                    "  - {project: p, check: c, fingerprint: g, verdict: false, reason: r, cause: k}\n")
    table = rw.load_triage(path)
    assert [table[("p", "c", k)][0].verdict for k in ("f", "g")] == ["true", "false"]


def test_single_entry_survives_line_moves():
    triage = rw.parse_triage({"findings": [entry(CHECK_LEAK, "f", "true", location="a.c:10")]})
    assert rw.verdict_of(finding(CHECK_LEAK, "f", line=99), triage).verdict == "true"


def test_invalid_yaml_is_one_line_error(tmp_path: Path):
    path = tmp_path / "triage.yaml"
    path.write_text("findings: [unclosed\n")
    with pytest.raises(rw.BenchError) as info:
        rw.load_triage(path)
    assert "\n" not in str(info.value) and "invalid YAML" in str(info.value)


def test_stale_and_stub_entries():
    findings = [finding(CHECK_LEAK, "a"), finding(CHECK_LEAK, "n", file="b.c", line=7)]
    triage = rw.parse_triage({"findings": [entry(CHECK_LEAK, "a", "true"), entry(CHECK_LEAK, "gone", "true"),
                                           entry(CHECK_LEAK, "x", "true", project="q")]})
    assert rw.stale_entries(findings, triage, {"p"}) == [("p", CHECK_LEAK, "gone")]
    stubs = rw.stub_entries(findings, triage)
    assert [(s["fingerprint"], s["location"], s["verdict"]) for s in stubs] == [("n", "b.c:7", "")]


# ---------------------------------------------------------------- patterns

def test_callee_and_template():
    assert rw.callee_of("the result of 'fflush' is ignored") == "fflush"
    assert rw.callee_of("'p' allocated by 'new Foo' is never released") == "new Foo"
    assert rw.callee_of("potential leak of 'data' allocated by 'mg_malloc'") == "mg_malloc"
    assert rw.callee_of("the byte count of 'write' is checked for failure only") == "write"
    assert rw.callee_of("'x' is written in the main thread") == ""
    assert rw.template_of("'m' is held at 2 of its 3 accesses") == "'…' is held at N of its N accesses"
    assert rw.template_of("'x' is written in thread 'run'") == "'…' is written in thread 'run'"
    assert rw.pattern_of(finding(CHECK_RACE, "r", "'x' is read in thread 'run'")) == \
        f"{CHECK_RACE} \"'…' is read in thread 'run'\""


def test_top_pattern_share():
    findings = [finding(CHECK_RESULT, str(i), "the result of 'fflush' is ignored") for i in range(6)]
    findings += [finding(CHECK_RESULT, "w", "the result of 'fwrite' is ignored"),
                 finding(CHECK_LEAK, "l", "'p' allocated by 'malloc' is never released"),
                 finding(CHECK_LEAK, "m", "'q' allocated by 'malloc' is never released"),
                 finding(CHECK_RACE, "r", "'x' is written in the main thread")]
    label, count, share = rw.top_pattern(findings)
    assert (count, share) == (6, pytest.approx(0.6))
    assert "fflush" in label
    # messages without a callee group by template: races of one thread pair
    races = [finding(CHECK_RACE, str(i), f"'v{i}' is written in thread 'run'") for i in range(3)]
    races.append(finding(CHECK_RACE, "o", "'w' is written in thread 'other'"))
    label, count, share = rw.top_pattern(races)
    assert count == 3 and share == 0.75 and "'run'" in label
    assert rw.top_pattern([]) == ("", 0, 0.0)


def test_markdown_tables():
    project = rw.Project("demo", "https://github.com/o/demo", "a" * 40, "c-server")
    run = rw.ProjectRun(project, units=4, failures=[{"file": "x.c", "kind": "parse-error", "message": "m"}],
                        findings=[finding(CHECK_LEAK, "a", project="demo"), finding(CHECK_RESULT, "b", project="demo")])
    triage = rw.parse_triage({"findings": [entry(CHECK_LEAK, "a", "true", project="demo"),
                                           entry(CHECK_RESULT, "b", "false", project="demo", cause="k")]})
    text = rw.markdown([run], triage)
    assert f"| {CHECK_LEAK} | 1 | 1 | 0 | 0 | 0 | 1.00 | 1.00 |" in text
    assert "| **all** | 2 | 1 | 0 | 1 | 0 | 0.50 | 0.50 |" in text
    assert "| demo | c-server | aaaaaaaaaaaa | 4 | 1 | 0 | 2 | 1 | 0 | 1 | 0 | 0.50 |" in text
    assert "| k | 1 |" in text


# ---------------------------------------------------------------- projects file

def test_load_projects(tmp_path: Path):
    path = tmp_path / "projects.yaml"
    path.write_text("projects:\n  - name: x\n    repository: https://github.com/o/x\n    commit: " + "b" * 40 +
                    "\n    kind: qt6\n    configure: cmake -S {src} -B {build}\n"
                    "    submodules: [{path: sub, repository: https://github.com/o/s, commit: " + "c" * 40 + "}]\n")
    (project,) = rw.load_projects(path)
    assert project.configure == ("cmake -S {src} -B {build}",) and project.submodules[0].path == "sub"


@pytest.mark.parametrize("body, words", [
    ("projects:\n  - {name: x, repository: r, commit: abc, kind: qt6}\n", "40 hex"),
    ("projects:\n  - {name: x, repository: r, commit: '" + "a" * 40 + "', kind: rust}\n", "kind must be"),
    ("projects:\n  - {name: x, commit: '" + "a" * 40 + "', kind: qt6}\n", "missing 'repository'"),
    ("projects:\n  - {name: x, repository: r, commit: '" + "a" * 40 + "', kind: qt6}\n"
     "  - {name: x, repository: r, commit: '" + "a" * 40 + "', kind: qt6}\n", "duplicate project"),
    ("nothing: here\n", "'projects' list"),
])
def test_invalid_projects(tmp_path: Path, body: str, words: str):
    path = tmp_path / "projects.yaml"
    path.write_text(body)
    with pytest.raises(rw.BenchError, match=words):
        rw.load_projects(path)


def test_mirror_dir(tmp_path: Path):
    (tmp_path / "o+n" / "repo").mkdir(parents=True)
    assert rw.mirror_dir(tmp_path, "https://github.com/o/n") == tmp_path / "o+n" / "repo"
    assert rw.mirror_dir(tmp_path, "https://github.com/o/n.git") == tmp_path / "o+n" / "repo"
    assert rw.mirror_dir(tmp_path, "https://github.com/o/other") is None
    assert rw.mirror_dir(None, "https://github.com/o/n") is None


def test_committed_files_are_valid():
    """The committed projects.yaml and triage.yaml load and agree on project names."""
    projects = rw.load_projects(ROOT / "benchmarks" / "realworld" / "projects.yaml")
    triage = rw.load_triage(ROOT / "benchmarks" / "realworld" / "triage.yaml")
    assert len(projects) >= 8
    assert {key[0] for key in triage} <= {p.name for p in projects}


def test_main_reports_bad_input_in_one_line(tmp_path: Path, capsys):
    path = tmp_path / "projects.yaml"
    path.write_text("projects: 3\n")
    assert rw.main(["--projects", str(path), "--work", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("run.py: error:") and err.count("\n") == 1
