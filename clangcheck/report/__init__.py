"""Reporters: each turns findings into a plain view model rendered by a jinja2 template."""
from __future__ import annotations

from functools import lru_cache

import jinja2


@lru_cache(maxsize=None)
def environment(autoescape: bool = False) -> jinja2.Environment:
    """Templates ship inside the package (clangcheck/templates in a wheel, templates/ in a checkout)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("clangcheck", "templates"),
        autoescape=autoescape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
