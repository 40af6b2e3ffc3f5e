"""Shared helpers of the report tests: outside tools (skipped locally when absent, required in CI)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from helpers import REPO, run_cli

DATA = Path(__file__).resolve().parent / "data"
SCHEMA = DATA / "sarif-schema-2.1.0.json"
GITHUB_POLICY = DATA / "sarif-multitool-github.config.xml"
SOCKETS = REPO / "compile_commands" / "sockets"


def require(tool: str | None, what: str, install: str):
    """An outside tool: a visible skip on a developer's machine, a failure in CI (which installs it)."""
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required in CI ({install})")
        pytest.skip(f"{what} not installed ({install})")
    return tool


def multitool() -> str:
    """The platform binary itself: npm's `sarif-multitool` wrapper loses the quoting of "Sarif;Ghas"."""
    exe = os.environ.get("SARIF_MULTITOOL")
    wrapper = shutil.which("sarif-multitool")
    if exe is None and wrapper and shutil.which("node"):
        package = Path(wrapper).resolve().parent  # its index.js exports the platform binary's path
        found = subprocess.run(["node", "-p", f"require({json.dumps(str(package))})"],
                               capture_output=True, text=True, timeout=60).stdout.strip()
        exe = found if found and os.path.isfile(found) else None
    return require(exe, "the SARIF multitool", "npm install -g @microsoft/sarif-multitool")


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    return require(exe, "Chromium", "apt-get install chromium")


def schema_errors(log: dict) -> list[str]:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def multitool_results(sarif_path: Path) -> list[dict]:
    """Results of `validate --rule-kind "Sarif;Ghas" --config github.config.xml` (its exit code is always 0)."""
    out = sarif_path.with_suffix(".validation.sarif")
    proc = subprocess.run([multitool(), "validate", str(sarif_path), "--rule-kind", "Sarif;Ghas",
                           "--config", str(GITHUB_POLICY), "-o", str(out), "--log", "ForceOverwrite"],
                          capture_output=True, text=True, timeout=300)
    assert out.is_file(), proc.stdout + proc.stderr
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    return [r for run in log["runs"] for r in run.get("results", [])]


def multitool_errors(sarif_path: Path) -> list[str]:
    return [f"{r['ruleId']}: {r['message']}" for r in multitool_results(sarif_path) if r.get("level", "warning") == "error"]


@lru_cache(maxsize=None)
def sockets_outputs() -> Path:
    """One CLI run over the bundled sockets example writing every report (shared by the report tests)."""
    out = Path(tempfile.mkdtemp(prefix="clangcheck-reports-"))
    result = run_cli("analyze", str(SOCKETS), "-j", "2", "--sarif", str(out / "sockets.sarif"),
                     "--export-fixes", str(out / "fixes.yaml"), "--html", str(out / "report.html"),
                     "--quiet", "--no-cache", cwd=out)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    for name in ("sockets.sarif", "fixes.yaml", "report.html"):
        assert (out / name).is_file(), f"{name} not written: {result.stderr}"
    (out / "stdout.txt").write_text(result.stdout)
    return out
