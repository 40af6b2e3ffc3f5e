"""Real-world corpus: fetch pinned projects, configure them, run clangcheck, score the triage.

    python benchmarks/realworld/run.py --mirror-root /work/.mirror [--only NAME ...] [-j 2]
        [--reuse] [--output NAME] [--compare NAME] [--markdown FILE] [--stubs FILE]

Per project (benchmarks/realworld/projects.yaml): the pinned commit is extracted from a local
mirror (`--mirror-root`: ROOT/owner+name/repo, a bare git dir) or fetched from its public URL by
`git fetch --depth 1`, into WORK/<name>/src (default WORK: ~/.cache/clangcheck-bench/realworld);
configure/build commands run under `nice -n 10`; then `clangcheck analyze WORK/<name>/build
--no-cache --format json` writes WORK/<name>/clangcheck.json (its stderr beside it).

Findings are joined with benchmarks/realworld/triage.yaml by (project, check id, fingerprint).
Precision = true / (true + debatable + false): a debatable finding counts against the tool;
`prec+deb` = (true + debatable) / triaged is the lenient figure. Untriaged findings (new since
the triage) are counted apart and enter neither. Pattern share of a project = the largest group
of its findings with the same check and callee (the result of 'fflush', allocated by 'malloc') or, for messages naming no callee, the same check and message template (first
quoted name and numbers blanked, so races keep their thread pair), over all its findings.

`--output NAME` reads/writes WORK/<name>/NAME.json instead of clangcheck.json (the triaged
baseline is kept as clangcheck.baseline.json: `--reuse --output clangcheck.baseline` re-scores it);
`--compare NAME` prints before (NAME) -> after (--output) tables per check, family and project,
the false causes of both, and the true findings of NAME that the other run no longer reports.
"""
from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_WORK = Path.home() / ".cache" / "clangcheck-bench" / "realworld"
VERDICTS = ("true", "debatable", "false")
KINDS = ("c-server", "cpp-server", "qt6")
HEX40 = re.compile(r"^[0-9a-f]{40}$")


class BenchError(Exception):
    """A one-line error for the user (bad input, failed command)."""


# ---------------------------------------------------------------- projects

@dataclass(frozen=True)
class Submodule:
    path: str
    repository: str
    commit: str


@dataclass(frozen=True)
class Project:
    name: str
    repository: str
    commit: str
    kind: str
    configure: tuple[str, ...] = ()
    build: tuple[str, ...] = ()
    submodules: tuple[Submodule, ...] = ()
    exclude: tuple[str, ...] = ()
    notes: str = ""


def _commit(value: object, where: str) -> str:
    """A full 40-hex commit or a BenchError naming where."""
    text = str(value or "").lower()
    if not HEX40.match(text):
        raise BenchError(f"{where}: commit must be 40 hex digits, got {value!r}")
    return text


def _strings(value: object, where: str) -> tuple[str, ...]:
    """A list of strings (a single string is one item)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BenchError(f"{where}: expected a list of strings")
    return tuple(value)


def parse_project(raw: object, index: int) -> Project:
    """One entry of projects.yaml, validated."""
    if not isinstance(raw, dict):
        raise BenchError(f"projects[{index}]: not a mapping")
    where = f"project {raw.get('name', index)!s}"
    for key in ("name", "repository", "commit", "kind"):
        if not raw.get(key):
            raise BenchError(f"{where}: missing '{key}'")
    if raw["kind"] not in KINDS:
        raise BenchError(f"{where}: kind must be one of {', '.join(KINDS)}")
    subs = tuple(Submodule(str(s["path"]), str(s["repository"]), _commit(s.get("commit"), f"{where} submodule"))
                 for s in raw.get("submodules") or [])
    return Project(name=str(raw["name"]), repository=str(raw["repository"]),
                   commit=_commit(raw["commit"], where), kind=raw["kind"],
                   configure=_strings(raw.get("configure"), f"{where}: configure"),
                   build=_strings(raw.get("build"), f"{where}: build"), submodules=subs,
                   exclude=_strings(raw.get("exclude"), f"{where}: exclude"), notes=str(raw.get("notes") or ""))


def load_projects(path: Path) -> list[Project]:
    """All projects of a projects.yaml; names unique."""
    data = _read_yaml(path)
    items = data.get("projects") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BenchError(f"{path}: expected a top-level 'projects' list")
    projects = [parse_project(raw, i) for i, raw in enumerate(items)]
    dupes = [n for n, c in Counter(p.name for p in projects).items() if c > 1]
    if dupes:
        raise BenchError(f"{path}: duplicate project names: {', '.join(dupes)}")
    return projects


def _read_yaml(path: Path) -> object:
    """Parsed YAML or a one-line BenchError."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BenchError(f"{path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise BenchError(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)})") from None


# ---------------------------------------------------------------- triage

@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    cause: str = ""
    location: str = ""
    message: str = ""


TriageKey = tuple[str, str, str]  # project, check id, fingerprint
Triage = dict[TriageKey, list["Verdict"]]


def parse_triage(data: object, source: str = "triage") -> Triage:
    """The `findings` list of a triage document, every entry valid.

    A key normally has one entry. Several findings can share a fingerprint (same function, message
    and code line, e.g. two `break;` that leak the same buffer); their entries then each name a
    distinct `location` and are matched by it.
    """
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BenchError(f"{source}: expected a top-level 'findings' list")
    table: dict[TriageKey, list[Verdict]] = {}
    for i, raw in enumerate(items):
        key, verdict = _triage_entry(raw, f"{source}: findings[{i}]")
        entries = table.setdefault(key, [])
        if entries and (not verdict.location or any(v.location in ("", verdict.location) for v in entries)):
            raise BenchError(f"{source}: findings[{i}]: duplicate entry for {key[0]} {key[1]} {key[2]}"
                             " (entries sharing a fingerprint need distinct locations)")
        entries.append(verdict)
    return table


def _triage_entry(raw: object, where: str) -> tuple[TriageKey, Verdict]:
    """One validated triage entry."""
    if not isinstance(raw, dict):
        raise BenchError(f"{where}: not a mapping")
    for key in ("project", "check", "fingerprint", "verdict", "reason"):
        if raw.get(key) is not False and not str(raw.get(key) or "").strip():
            raise BenchError(f"{where}: missing '{key}'")
    verdict = {True: "true", False: "false"}.get(raw["verdict"], str(raw["verdict"]))  # unquoted YAML booleans
    if verdict not in VERDICTS:
        raise BenchError(f"{where}: verdict must be true, debatable or false, got {verdict!r}")
    cause = str(raw.get("cause") or "").strip()
    if verdict == "false" and not cause:
        raise BenchError(f"{where}: a false verdict needs a 'cause'")
    key = (str(raw["project"]), str(raw["check"]), str(raw["fingerprint"]))
    return key, Verdict(verdict, str(raw["reason"]).strip(), cause, str(raw.get("location") or ""),
                        str(raw.get("message") or ""))


def load_triage(path: Path) -> Triage:
    """triage.yaml, or an empty table when the file does not exist yet."""
    if not path.exists():
        return {}
    return parse_triage(_read_yaml(path), str(path))


# ---------------------------------------------------------------- findings and tables

@dataclass(frozen=True)
class Finding:
    project: str
    check: str
    fingerprint: str
    file: str
    line: int
    message: str

    @property
    def family(self) -> str:
        parts = self.check.split("-")
        return parts[1] if len(parts) > 2 and parts[0] == "clangcheck" else self.check


def read_findings(project: str, document: dict, root: str = "") -> list[Finding]:
    """The findings of one `clangcheck --format json` document; paths relative to root."""
    found = []
    for item in document.get("findings", []):
        file = str(item.get("file", ""))
        if root and file.startswith(root.rstrip("/") + "/"):
            file = file[len(root.rstrip("/")) + 1:]
        found.append(Finding(project, str(item["check"]), str(item["fingerprint"]), file,
                             int(item.get("line", 0)), str(item.get("message", ""))))
    return found


@dataclass
class Tally:
    findings: int = 0
    true: int = 0
    debatable: int = 0
    false: int = 0
    untriaged: int = 0

    def add(self, verdict: str | None) -> None:
        self.findings += 1
        if verdict is None:
            self.untriaged += 1
        else:
            setattr(self, verdict, getattr(self, verdict) + 1)

    @property
    def triaged(self) -> int:
        return self.true + self.debatable + self.false

    @property
    def precision(self) -> float | None:
        """true / (true + debatable + false); None when nothing is triaged."""
        return self.true / self.triaged if self.triaged else None

    @property
    def lenient(self) -> float | None:
        """(true + debatable) / triaged."""
        return (self.true + self.debatable) / self.triaged if self.triaged else None


def verdict_of(finding: Finding, triage: Triage) -> Verdict | None:
    """The entry of the finding's key; among several, the one at the finding's file:line."""
    entries = triage.get((finding.project, finding.check, finding.fingerprint), [])
    if len(entries) == 1:
        return entries[0]
    here = f"{finding.file}:{finding.line}"
    return next((v for v in entries if v.location == here), None)


def tally_by(findings: list[Finding], triage: Triage, key) -> dict[str, Tally]:
    """A Tally per key(finding), plus nothing else; keys sorted."""
    tallies: dict[str, Tally] = {}
    for finding in findings:
        found = verdict_of(finding, triage)
        tallies.setdefault(key(finding), Tally()).add(found.verdict if found else None)
    return dict(sorted(tallies.items()))


def total(tallies: dict[str, Tally]) -> Tally:
    """The sum of several tallies."""
    out = Tally()
    for t in tallies.values():
        for name in ("findings", "true", "debatable", "false", "untriaged"):
            setattr(out, name, getattr(out, name) + getattr(t, name))
    return out


QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
NUMBER = re.compile(r"\b\d+\b")


CALLEES = (re.compile(r"\bby '([^']*)'"), re.compile(r"\bresult of '([^']*)'"), re.compile(r"\bcount of '([^']*)'"),
           re.compile(r"^'([^']*)' returns\b"))


def callee_of(message: str) -> str:
    """The called function a message names ('allocated by 'malloc'', 'the result of 'fflush''); '' if none."""
    for pattern in CALLEES:
        match = pattern.search(message)
        if match:
            return match.group(1)
    return ""


def template_of(message: str) -> str:
    """The message with its first quoted name (the variable or field) and all numbers blanked."""
    return NUMBER.sub("N", QUOTED.sub("'…'", message, count=1))


def pattern_of(finding: Finding) -> str:
    """Same check and callee when the message names one, else same check and template."""
    callee = callee_of(finding.message)
    if callee:
        return f"{finding.check} callee '{callee}'"
    return f"{finding.check} \"{template_of(finding.message)}\""


def top_pattern(findings: list[Finding]) -> tuple[str, int, float]:
    """The most repeated pattern of a list of findings: label, count, share of the list."""
    if not findings:
        return "", 0, 0.0
    groups = Counter(pattern_of(f) for f in findings)
    label, count = max(groups.items(), key=lambda kv: (kv[1], kv[0]))
    return label, count, count / len(findings)


def cause_counts(findings: list[Finding], triage: Triage) -> Counter:
    """How many false findings each cause explains."""
    causes: Counter = Counter()
    for f in findings:
        found = verdict_of(f, triage)
        if found and found.verdict == "false":
            causes[found.cause] += 1
    return causes


def stale_entries(findings: list[Finding], triage: Triage, projects: set[str]) -> list[TriageKey]:
    """Triage keys of the analyzed projects that no reported finding matches any more."""
    seen = {(f.project, f.check, f.fingerprint) for f in findings}
    return sorted(k for k in triage if k[0] in projects and k not in seen)


# ---------------------------------------------------------------- rendering

def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def tally_row(name: str, t: Tally) -> str:
    return (f"| {name} | {t.findings} | {t.true} | {t.debatable} | {t.false} | {t.untriaged} | "
            f"{_ratio(t.precision)} | {_ratio(t.lenient)} |")


TALLY_HEAD = ("| {} | findings | true | debatable | false | untriaged | precision | prec+deb |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|")


@dataclass
class ProjectRun:
    project: Project
    units: int = 0
    failures: list[dict] = field(default_factory=list)
    tracebacks: int = 0
    findings: list[Finding] = field(default_factory=list)
    seconds: float | None = None


def markdown(runs: list[ProjectRun], triage: Triage) -> str:
    """The whole table set: per check, per family, per project, false causes."""
    findings = [f for r in runs for f in r.findings]
    by_check = tally_by(findings, triage, lambda f: f.check)
    by_family = tally_by(findings, triage, lambda f: f.family)
    lines = [TALLY_HEAD.format("check"), *(tally_row(k, t) for k, t in by_check.items()),
             tally_row("**all**", total(by_check)), "", TALLY_HEAD.format("family"),
             *(tally_row(k, t) for k, t in by_family.items()), "",
             "| project | kind | commit | TUs | lost TUs | tracebacks | findings | true | debatable | false | "
             "untriaged | precision | top pattern | share |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for run in runs:
        t = total(tally_by(run.findings, triage, lambda f: f.check))
        label, count, share = top_pattern(run.findings)
        lines.append(f"| {run.project.name} | {run.project.kind} | {run.project.commit[:12]} | {run.units} | "
                     f"{len(run.failures)} | {run.tracebacks} | {t.findings} | {t.true} | {t.debatable} | "
                     f"{t.false} | {t.untriaged} | {_ratio(t.precision)} | {label.replace('|', '/')} ({count}) | "
                     f"{share:.2f} |")
    causes = cause_counts(findings, triage)
    if causes:
        lines += ["", "| cause of false findings | count |", "|---|---:|"]
        lines += [f"| {c} | {n} |" for c, n in causes.most_common()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- fetching, configuring, analyzing

def _run(command: str, cwd: Path, log: Path | None = None) -> None:
    """A shell command under nice; BenchError naming it on failure."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        rc = subprocess.run(["nice", "-n", "10", "bash", "-c", command], cwd=cwd, stdout=out,
                            stderr=subprocess.STDOUT).returncode
    finally:
        if log:
            out.close()
    if rc != 0:
        raise BenchError(f"command failed (rc {rc}) in {cwd}: {command[:120]}" + (f"; see {log}" if log else ""))


def mirror_dir(mirror_root: Path | None, repository: str) -> Path | None:
    """ROOT/owner+name/repo for https://github.com/owner/name, when it exists."""
    if mirror_root is None:
        return None
    match = re.search(r"github\.com[/:]([^/]+)/([^/]+?)(?:\.git)?/?$", repository)
    if not match:
        return None
    path = mirror_root / f"{match.group(1)}+{match.group(2)}" / "repo"
    return path if path.is_dir() else None


def _missing_blobs(git_dir: Path, commit: str) -> list[str]:
    """Paths of the commit whose blobs the mirror lacks (snapshots omit files of 4 MiB and more)."""
    tree = subprocess.run(["git", f"--git-dir={git_dir}", "ls-tree", "-r", commit], capture_output=True,
                          text=True, check=True).stdout
    blobs = [line.split(None, 3) for line in tree.splitlines()]
    blobs = [(b[2], b[3]) for b in blobs if len(b) == 4 and b[1] == "blob"]
    check = subprocess.run(["git", f"--git-dir={git_dir}", "cat-file", "--batch-check"], capture_output=True,
                           text=True, input="".join(f"{h}\n" for h, _ in blobs), check=True).stdout
    missing = {line.split()[0] for line in check.splitlines() if line.endswith(" missing")}
    return [p for h, p in blobs if h in missing]


def extract(repository: str, commit: str, dest: Path, mirror_root: Path | None, exclude: tuple[str, ...]) -> None:
    """The tree of commit into dest, from the mirror or by a shallow fetch of the public URL."""
    dest.mkdir(parents=True, exist_ok=True)
    git_dir = mirror_dir(mirror_root, repository)
    if git_dir is None:
        git_dir = dest.parent / f".git-{dest.name}"
        if not git_dir.is_dir():
            _run(f"git init -q --bare {shlex.quote(str(git_dir))}", dest.parent)
        _run(f"git --git-dir={shlex.quote(str(git_dir))} fetch -q --depth 1 {shlex.quote(repository)} {commit}",
             dest.parent)
    skip = set(exclude) | set(_missing_blobs(git_dir, commit))
    specs = " ".join(shlex.quote(f":(exclude){p}") for p in sorted(skip))
    _run(f"git --git-dir={shlex.quote(str(git_dir))} archive {commit} -- . {specs} 2>/dev/null"
         f" | tar -x -C {shlex.quote(str(dest))}", dest)


def fetch(project: Project, work: Path, mirror_root: Path | None) -> Path:
    """WORK/<name>/src at the pinned commit (re-extracted when the pin changed)."""
    src = work / project.name / "src"
    stamp = work / project.name / "commit"
    wanted = project.commit + "".join(f" {s.commit}" for s in project.submodules)
    if src.is_dir() and stamp.exists() and stamp.read_text().strip() == wanted:
        return src
    if src.exists():
        _run(f"rm -rf {shlex.quote(str(src))}", work)
    extract(project.repository, project.commit, src, mirror_root, project.exclude)
    for sub in project.submodules:
        extract(sub.repository, sub.commit, src / sub.path, mirror_root, ())
    stamp.write_text(wanted + "\n")
    return src


def configure(project: Project, work: Path, jobs: int) -> Path:
    """Run configure and build commands once; WORK/<name>/build holding compile_commands.json."""
    root = work / project.name
    build = root / "build"
    done = root / "configured"
    if (build / "compile_commands.json").exists() and done.exists():
        return build
    values = {"src": shlex.quote(str(root / "src")), "build": shlex.quote(str(build)), "jobs": str(jobs)}
    for command in (*project.configure, *project.build):
        _run(command.replace("{src}", values["src"]).replace("{build}", values["build"])
             .replace("{jobs}", values["jobs"]), root, root / "configure.log")
    if not (build / "compile_commands.json").exists():
        raise BenchError(f"{project.name}: no compile_commands.json after configuring")
    done.write_text("ok\n")
    return build


def analyze(project: Project, work: Path, jobs: int, clangcheck: str, reuse: bool,
            output: str = "clangcheck") -> ProjectRun:
    """clangcheck on the project (or its previous output with --reuse), read back.

    The output is WORK/<name>/<output>.json (stderr in <output>.stderr): `--output
    clangcheck.baseline --reuse` re-scores the saved baseline beside the latest run.
    """
    root = work / project.name
    out, err = root / f"{output}.json", root / f"{output}.stderr"
    if not (reuse and out.exists()):
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            subprocess.run(["nice", "-n", "10", *shlex.split(clangcheck), "analyze", str(root / "build"),
                            "--no-cache", "-j", str(jobs), "--format", "json"], stdout=stdout, stderr=stderr)
    try:
        document = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchError(f"{project.name}: unreadable clangcheck output {out}: {exc}") from None
    stderr_text = err.read_text(encoding="utf-8", errors="replace") if err.exists() else ""
    return ProjectRun(project, units=int(document.get("units", 0) or 0), failures=list(document.get("failures", [])),
                      tracebacks=stderr_text.count("Traceback (most recent call last)"),
                      findings=read_findings(project.name, document, str(root / "src")))


def read_saved(project: Project, work: Path, output: str) -> ProjectRun:
    """A project's saved output WORK/<name>/<output>.json, read back without analyzing."""
    if not (work / project.name / f"{output}.json").exists():
        raise BenchError(f"{project.name}: no saved output {work / project.name / output}.json")
    return analyze(project, work, 0, "", True, output)


def _arrow(before: object, after: object) -> str:
    return f"{before} → {after}" if before != after else f"{before}"


def compare_tally_row(name: str, b: Tally, a: Tally) -> str:
    cells = [_arrow(getattr(b, k), getattr(a, k)) for k in ("findings", "true", "debatable", "false", "untriaged")]
    return f"| {name} | " + " | ".join(cells) + f" | {_ratio(b.precision)} → {_ratio(a.precision)} |"


COMPARE_HEAD = ("| {} | findings | true | debatable | false | untriaged | precision |\n"
                "|---|---:|---:|---:|---:|---:|---:|")


def compare_markdown(before: list[ProjectRun], after: list[ProjectRun], triage: Triage) -> str:
    """Before → after tables (per check, family, project; false causes) and the true findings lost."""
    fb = [f for r in before for f in r.findings]
    fa = [f for r in after for f in r.findings]
    lines = []
    for title, key in (("check", lambda f: f.check), ("family", lambda f: f.family)):
        tb, ta = tally_by(fb, triage, key), tally_by(fa, triage, key)
        lines += [COMPARE_HEAD.format(title)]
        lines += [compare_tally_row(k, tb.get(k, Tally()), ta.get(k, Tally())) for k in sorted(set(tb) | set(ta))]
        lines += [compare_tally_row("**all**", total(tb), total(ta)), ""]
    lines += ["| project | findings | true | debatable | false | untriaged | precision | top pattern before | share "
              "| top pattern after | share |", "|---|---:|---:|---:|---:|---:|---:|---|---:|---|---:|"]
    for rb, ra in zip(before, after):
        tb = total(tally_by(rb.findings, triage, lambda f: f.check))
        ta = total(tally_by(ra.findings, triage, lambda f: f.check))
        (lb, cb, sb), (la, ca, sa) = top_pattern(rb.findings), top_pattern(ra.findings)
        row = compare_tally_row(ra.project.name, tb, ta)
        lines.append(f"{row} {lb.replace('|', '/')} ({cb}) | {sb:.2f} | {la.replace('|', '/')} ({ca}) | {sa:.2f} |")
    cb_, ca_ = cause_counts(fb, triage), cause_counts(fa, triage)
    lines += ["", "| cause of false findings | before | after |", "|---|---:|---:|"]
    order = sorted(set(cb_) | set(ca_), key=lambda c: (-ca_.get(c, 0), -cb_.get(c, 0), c))
    lines += [f"| {c} | {cb_.get(c, 0)} | {ca_.get(c, 0)} |" for c in order]
    place = lambda f: (f.project, f.check, f.fingerprint, f.file, f.line)
    kept = {place(f) for f in fa}
    lost = [f for f in fb if place(f) not in kept and (verdict_of(f, triage) or Verdict("", "")).verdict == "true"]
    lines += ["", f"True findings of the first run that the second no longer reports: {len(lost)}"]
    lines += [f"- {f.project} {f.check} {f.file}:{f.line}: {f.message}" for f in lost]
    return "\n".join(lines) + "\n"


def shared_fingerprints(findings: list[Finding]) -> int:
    """How many findings share their (project, check, fingerprint) with another finding."""
    counts = Counter((f.project, f.check, f.fingerprint) for f in findings)
    return sum(n for n in counts.values() if n > 1)


def stub_entries(findings: list[Finding], triage: Triage) -> list[dict]:
    """Triage entries to fill in for the findings that have none (verdict left empty)."""
    shared = Counter((f.project, f.check, f.fingerprint) for f in findings)
    out, seen = [], set()
    for f in findings:
        key = (f.project, f.check, f.fingerprint)
        place = f"{f.file}:{f.line}"
        if verdict_of(f, triage) is not None or (key, place) in seen or (shared[key] == 1 and key in seen):
            continue
        seen.update({(key, place), key})
        out.append({"project": f.project, "check": f.check, "fingerprint": f.fingerprint,
                    "location": place, "message": f.message, "verdict": "", "reason": ""})
    return out


# ---------------------------------------------------------------- command line

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=Path, default=HERE / "projects.yaml")
    parser.add_argument("--triage", type=Path, default=HERE / "triage.yaml")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="work folder (outside the repository)")
    parser.add_argument("--mirror-root", type=Path, help="local mirrors: ROOT/owner+name/repo bare git dirs")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these projects only")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="build and analysis jobs (default 2)")
    parser.add_argument("--clangcheck", default=f"{sys.executable} -m clangcheck", help="clangcheck command")
    parser.add_argument("--reuse", action="store_true", help="reuse WORK/<name>/<output>.json when present")
    parser.add_argument("--output", default="clangcheck", metavar="NAME",
                        help="analysis output WORK/<name>/NAME.json and NAME.stderr (default clangcheck; "
                             "the saved baseline is clangcheck.baseline)")
    parser.add_argument("--compare", metavar="NAME",
                        help="also read the saved WORK/<name>/NAME.json (e.g. clangcheck.baseline) and print "
                             "before (NAME) -> after (--output) tables and the true findings lost")
    parser.add_argument("--markdown", type=Path, help="write the tables to this file")
    parser.add_argument("--stubs", type=Path, help="write triage stubs for untriaged findings (YAML)")
    return parser.parse_args(argv)


def select(projects: list[Project], only: list[str] | None) -> list[Project]:
    if not only:
        return projects
    unknown = sorted(set(only) - {p.name for p in projects})
    if unknown:
        raise BenchError(f"unknown project(s): {', '.join(unknown)}")
    return [p for p in projects if p.name in only]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        projects = select(load_projects(args.projects), args.only)
        triage = load_triage(args.triage)
        runs = []
        for project in projects:
            print(f"== {project.name} @ {project.commit[:12]}", file=sys.stderr)
            fetch(project, args.work, args.mirror_root)
            configure(project, args.work, args.jobs)
            runs.append(analyze(project, args.work, args.jobs, args.clangcheck, args.reuse, args.output))
    except BenchError as exc:
        print(f"run.py: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    table = markdown(runs, triage)
    if args.compare:
        try:
            before = [read_saved(r.project, args.work, args.compare) for r in runs]
        except BenchError as exc:
            print(f"run.py: error: {exc}", file=sys.stderr)
            return 2
        table = compare_markdown(before, runs, triage)
    print(table)
    findings = [f for r in runs for f in r.findings]
    stale = stale_entries(findings, triage, {r.project.name for r in runs})
    if stale:
        print(f"{len(stale)} triage entries match no reported finding (stale)", file=sys.stderr)
    shared = shared_fingerprints(findings)
    if shared:
        print(f"{shared} findings share their fingerprint with another finding", file=sys.stderr)
    for run in runs:
        for failure in run.failures:
            print(f"{run.project.name}: lost TU {failure.get('file')}: {failure.get('kind')}: "
                  f"{str(failure.get('message', ''))[:160]}", file=sys.stderr)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    if args.stubs:
        args.stubs.write_text(yaml.safe_dump({"findings": stub_entries(findings, triage)}, sort_keys=False,
                                             allow_unicode=True, width=200), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
