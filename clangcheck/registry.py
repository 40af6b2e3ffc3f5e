"""Where checks come from: the bundled families in `clangcheck.checks` and outside plugins.

A family module lists its checks in a sorted `CHECKS` tuple. Outside families register a module
under the `clangcheck.checks` entry-point group and are found the same way.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from importlib.metadata import entry_points

from clangcheck.check import Check


@lru_cache(maxsize=1)
def all_checks() -> dict[str, type[Check]]:
    """Every known check class by id, sorted by id."""
    import clangcheck.checks as bundled

    modules = [importlib.import_module(f"clangcheck.checks.{m.name}") for m in pkgutil.iter_modules(bundled.__path__)]
    for ep in entry_points(group="clangcheck.checks"):
        modules.append(ep.load())
    found: dict[str, type[Check]] = {}
    for module in modules:
        for cls in getattr(module, "CHECKS", ()):
            if cls.id in found and found[cls.id] is not cls:
                raise RuntimeError(f"check id {cls.id} registered twice")
            found[cls.id] = cls
    return dict(sorted(found.items()))


def enabled_checks(config) -> list[type[Check]]:
    """Checks a `TidyConfig` enables; experimental ones only when their exact id is listed."""
    named = {glob.strip() for glob in config.checks.replace("\n", ",").split(",")}
    return [
        cls for cid, cls in all_checks().items()
        if config.is_enabled(cid) and (cls.maturity == "stable" or cid in named)
    ]
