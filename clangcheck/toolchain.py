"""libclang and its resource directory.

The PyPI libclang wheel ships no clang builtin headers, so a bare parse fails with
"'stddef.h' file not found". Every parse therefore gets an explicit ``-resource-dir``,
taken from the first usable source below; ``--verbose`` says which one.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


class ToolchainError(Exception):
    """No usable libclang or resource directory; str(e) is one line for the user."""


@dataclass(frozen=True)
class ResourceDir:
    path: str
    origin: str  # where it was found, for --verbose


def _is_resource_dir(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "include", "stddef.h"))


def _from_clang_tidy_wheel() -> str | None:
    try:
        import clang_tidy  # the clang-tidy==18.x wheel ships lib/clang/<major>
    except ImportError:
        return None
    candidates = sorted(glob.glob(os.path.join(os.path.dirname(clang_tidy.__file__), "data", "lib", "clang", "*")))
    return next((c for c in reversed(candidates) if _is_resource_dir(c)), None)


def _from_system_clang() -> str | None:
    for name in ("clang", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14"):
        exe = shutil.which(name)
        if not exe:
            continue
        try:
            out = subprocess.run([exe, "-print-resource-dir"], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            continue
        path = out.stdout.strip()
        if out.returncode == 0 and _is_resource_dir(path):
            return path
    return None


def find_resource_dir(explicit: str | None = None) -> ResourceDir:
    """The resource dir to pass to every parse: explicit flag, clang-tidy wheel, then a system clang."""
    if explicit:
        if not _is_resource_dir(explicit):
            raise ToolchainError(f"--resource-dir {explicit}: no include/stddef.h there, not a clang resource directory")
        return ResourceDir(os.path.abspath(explicit), "--resource-dir")
    env = os.environ.get("CLANGCHECK_RESOURCE_DIR")
    if env and _is_resource_dir(env):
        return ResourceDir(os.path.abspath(env), "CLANGCHECK_RESOURCE_DIR")
    wheel = _from_clang_tidy_wheel()
    if wheel:
        return ResourceDir(wheel, "clang-tidy wheel")
    system = _from_system_clang()
    if system:
        return ResourceDir(system, "system clang -print-resource-dir")
    raise ToolchainError(
        "no clang resource directory found (builtin headers such as stddef.h): "
        "pip install clang-tidy==18.1.8, install clang, or pass --resource-dir"
    )


def clang_tidy_executable() -> str | None:
    """The real clang-tidy to run beside our checks, if installed."""
    exe = shutil.which("clang-tidy")
    if exe:
        return exe
    try:
        import clang_tidy
    except ImportError:
        return None
    path = Path(clang_tidy.__file__).parent / "data" / "bin" / "clang-tidy"
    return str(path) if path.is_file() else None
