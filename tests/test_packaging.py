"""The wheel carries checks/, templates/, docs/ and the knowledge files, not only an editable install."""
from __future__ import annotations

import subprocess
import sys
import zipfile

from helpers import REPO


def test_wheel_contains_checks_templates_docs_and_knowledge(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("clangcheck-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "clangcheck/checks/__init__.py",
        "clangcheck/checks/errors.py",
        "clangcheck/templates/text.j2",
        "clangcheck/docs/checks/clangcheck-errors-unchecked-result.md",
        "clangcheck/knowledge/errors.yaml",
        "clangcheck/model/cfg.py",
        "clangcheck/cli.py",
    }
    assert expected <= names, sorted(expected - names)
    for family in (REPO / "checks").glob("*.py"):
        assert f"clangcheck/checks/{family.name}" in names
    for page in (REPO / "docs" / "checks").glob("*.md"):
        assert f"clangcheck/docs/checks/{page.name}" in names
    for template in (REPO / "templates").glob("*.j2"):
        assert f"clangcheck/templates/{template.name}" in names
    assert not any(n.startswith(("tests/", "compile_commands/", "checks/")) for n in names)
