"""Check documentation pages (docs/checks/<id>.md), the only copy of each check's documentation."""
from __future__ import annotations

from importlib import resources


def check_page(check_id: str) -> str | None:
    """The Markdown page of a check, shipped inside the package as clangcheck/docs/checks/."""
    try:
        page = resources.files("clangcheck.docs").joinpath("checks").joinpath(f"{check_id}.md")
        return page.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        return None
