"""File names as clang reports them, made absolute once and the same way everywhere."""
from __future__ import annotations

import os


def absolute_path(name: str) -> str:
    """Relative names are relative to the compile's directory (the worker's cwd); `..` after a
    symlink (GCC's include dirs: /usr/lib/gcc/x86_64-linux-gnu/12/../../../../include) needs realpath."""
    path = os.path.join(os.getcwd(), name)
    return os.path.realpath(path) if ".." in name else os.path.normpath(path)
