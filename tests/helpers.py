"""Shared test helpers: real compile databases on disk and real analyzer runs (no mocks)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from clangcheck.analysis import RunOutcome, RunSettings, analyze
from clangcheck.compdb import load_database
from clangcheck.config import ConfigResolver
from clangcheck.toolchain import find_resource_dir

REPO = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def resource_dir() -> str:
    return find_resource_dir().path


@lru_cache(maxsize=1)
def qt_flags() -> tuple[str, ...] | None:
    """Compile flags for Qt 6 (Core, Network, Test) from pkg-config, or None when Qt is missing."""
    if shutil.which("pkg-config") is None:
        return None
    out = subprocess.run(["pkg-config", "--cflags", "Qt6Core", "Qt6Network", "Qt6Test"], capture_output=True, text=True)
    return tuple(out.stdout.split()) if out.returncode == 0 else None


def require_qt() -> tuple[str, ...]:
    """Qt cases must run in CI (it installs qt6-base-dev); locally they are skipped with a reason."""
    flags = qt_flags()
    if flags is None:
        if os.environ.get("CI"):
            pytest.fail("Qt 6 headers are required in CI (apt-get install qt6-base-dev)")
        pytest.skip("Qt 6 headers not installed (apt-get install qt6-base-dev)")
    return flags


def write_database(directory: Path, files: list[Path], args: list[str]) -> Path:
    entries = [{"directory": str(directory), "file": str(f), "arguments": ["clang++", *args, "-c", str(f)]} for f in files]
    path = directory / "compile_commands.json"
    path.write_text(json.dumps(entries, indent=1))
    return path


def project(folder: Path, source: str, name: str = "a.cpp") -> Path:
    """A one-file project: the source and a compile database with a relative directory."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(source)
    db = [{"directory": ".", "file": name, "arguments": ["c++", "-std=c++17", "-c", name]}]
    (folder / "compile_commands.json").write_text(json.dumps(db))
    return folder


def add_entry(folder: Path, name: str, source: str | None = None) -> None:
    """One more entry in `folder`'s compile database (and its source, when given)."""
    if source is not None:
        (folder / name).write_text(source)
    db = json.loads((folder / "compile_commands.json").read_text())
    db.append({"directory": ".", "file": name, "arguments": ["c++", "-c", name]})
    (folder / "compile_commands.json").write_text(json.dumps(db))


def run_analysis(database: Path, checks: str | None = None, config: str | None = "{}", jobs: int = 1,
                 timeout: float = 120.0, header_filter: str | None = None, cache_dir: Path | None = None) -> RunOutcome:
    db = load_database(str(database))
    resolver = ConfigResolver(checks=checks, config=config, header_filter=header_filter)
    settings = RunSettings(resource_dir=resource_dir(), jobs=jobs, timeout=timeout,
                           cache_dir=str(cache_dir) if cache_dir else None)
    return analyze(db, resolver, settings)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command line, as a user runs it (python -m clangcheck, same interpreter)."""
    import sys

    return subprocess.run([sys.executable, "-m", "clangcheck", *args], capture_output=True, text=True, errors="surrogateescape",
                          cwd=cwd, timeout=600, stdin=subprocess.DEVNULL)
