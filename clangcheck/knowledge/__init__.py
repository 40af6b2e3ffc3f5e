"""API knowledge as data: which calls allocate, release, lock, start threads or report errors.

Each YAML file groups qualified names by library. The model and checks read them through `load()`; users
extend them through check options, never by patching code.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def load(topic: str) -> dict:
    """knowledge/<topic>.yaml as parsed, for files whose sections are tables rather than name lists."""
    text = resources.files(__name__).joinpath(f"{topic}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}
