"""Reporters: each turns findings into a plain view model rendered by a jinja2 template."""
from __future__ import annotations

import json as _json
import os
from functools import lru_cache

import jinja2


def to_json(value: object, level: int = 0) -> str:
    """Deterministic JSON (key order as built, ASCII only) indented to sit at `level` in a template."""
    text = _json.dumps(value, indent=2, ensure_ascii=True)
    return text.replace("\n", "\n" + "  " * level) if level else text


def yaml_string(text: str) -> str:
    """LLVM YAML quoting: single quotes ('' for a quote); double quotes with escapes for control characters."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return _json.dumps(text, ensure_ascii=False)
    return "'" + text.replace("'", "''") + "'"


@lru_cache(maxsize=None)
def environment(autoescape: bool = False) -> jinja2.Environment:
    """Templates ship inside the package (clangcheck/templates in a wheel, templates/ in a checkout)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("clangcheck", "templates"),
        autoescape=autoescape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["json"] = to_json
    env.filters["yaml_string"] = yaml_string
    return env


def write_text(path: str, text: str) -> None:
    """Write a report file (creating its directory); an OSError reaches the CLI, which says it in one line."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
