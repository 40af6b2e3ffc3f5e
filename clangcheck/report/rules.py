"""Rule metadata for SARIF and HTML: from the check classes and their doc pages, never copied."""
from __future__ import annotations

import re
from functools import lru_cache

from clangcheck.docs_pages import check_page
from clangcheck.nolint import NOLINT_CHECK_NAME
from clangcheck.registry import all_checks

_CWE = re.compile(r"^CWE-(\d+)$", re.IGNORECASE)
_LIMIT = 1024  # GitHub's limit on short and full descriptions

# The project's home, the one place it is spelled: SARIF's `informationUri`, and each bundled check's
# `helpUri` (its page under docs/checks/, the page `clangcheck explain` prints).
PROJECT_URL = "https://github.com/clangcheck/clangcheck"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs"


def help_uri(check_id: str) -> str | None:
    """The doc page of a bundled check; an outside family's check may name its own (`help_uri`)."""
    cls = all_checks().get(check_id)
    if cls is None:
        return None
    if cls.__module__.startswith("clangcheck.checks."):
        return f"{DOCS_URL}/checks/{check_id}.md"
    return getattr(cls, "help_uri", None)


def sections(page: str) -> dict[str, str]:
    """A doc page's `## Heading` sections by heading."""
    found: dict[str, str] = {}
    for chunk in re.split(r"^## ", page, flags=re.MULTILINE)[1:]:
        heading, _, body = chunk.partition("\n")
        found[heading.strip()] = body.strip()
    return found


def _first_paragraph(text: str) -> str:
    paragraph = text.split("\n\n", 1)[0]
    return _clip(" ".join(line.strip() for line in paragraph.splitlines()))


def _clip(text: str) -> str:
    return text if len(text) <= _LIMIT else text[: _LIMIT - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    text = text.strip()
    return _clip(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))


def sarif_tag(tag: str) -> str:
    """CWE ids in GitHub's form (external/cwe/cwe-252); other tags as they are."""
    match = _CWE.match(tag)
    return f"external/cwe/cwe-{match.group(1)}" if match else tag


def _camel(check_id: str) -> str:
    tail = check_id.split("-", 2)[-1] if check_id.startswith("clangcheck-") else check_id
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_.]", tail) if part)


def is_ours(check_id: str) -> bool:
    return check_id in all_checks() or check_id == NOLINT_CHECK_NAME


def clang_tidy_help_uri(check_id: str) -> str | None:
    if check_id.startswith("clang-diagnostic-") or check_id == NOLINT_CHECK_NAME:
        return None
    module, _, name = check_id.partition("-")
    if check_id.startswith("clang-analyzer-"):
        return f"https://clang.llvm.org/extra/clang-tidy/checks/clang-analyzer/{check_id[len('clang-analyzer-'):]}.html"
    return f"https://clang.llvm.org/extra/clang-tidy/checks/{module}/{name}.html" if name else None


@lru_cache(maxsize=None)
def rule(check_id: str) -> dict:
    """The SARIF reportingDescriptor of a check (ours from its class and doc page, others by id)."""
    cls = all_checks().get(check_id)
    if cls is None:
        return _foreign_rule(check_id)
    page = check_page(check_id) or ""
    parts = sections(page)
    what = parts.get("What it does", "")
    descriptor: dict = {
        "id": check_id,
        "name": cls.__name__,
        "shortDescription": {"text": _sentence(cls.summary)},
        "fullDescription": {"text": _first_paragraph(what) if what else _sentence(cls.summary)},
        "help": {"text": page or cls.summary, "markdown": page or cls.summary},
    }
    uri = help_uri(check_id)
    if uri:
        descriptor["helpUri"] = uri
    level = cls.severity if cls.severity in ("note", "warning", "error") else "warning"
    descriptor["defaultConfiguration"] = {"level": level}
    tags = [sarif_tag(t) for t in cls.tags]
    security = getattr(cls, "security_severity", None)
    if security and "security" not in tags:
        tags.insert(0, "security")  # GitHub reads security-severity only from rules tagged 'security'
    properties: dict = {"tags": tags[:20], "precision": cls.precision,
                        "problem.severity": {"note": "recommendation"}.get(level, level)}
    if security:
        properties["security-severity"] = str(security)  # a CVSS-like score "0.0".."10.0"
    descriptor["properties"] = properties
    return descriptor


def _foreign_rule(check_id: str) -> dict:
    """clang-tidy's own checks and the NOLINT pseudo-check: id-derived metadata and the LLVM page."""
    if check_id == NOLINT_CHECK_NAME:
        summary = "a NOLINTBEGIN/NOLINTEND comment has no matching partner"
    elif check_id == "clang-diagnostic-error":
        summary = "a compiler error: the TU was analyzed anyway, as clang-tidy does, and may be misread near it"
    elif check_id.startswith("clang-diagnostic-"):
        summary = f"compiler diagnostic -W{check_id[len('clang-diagnostic-'):]}"
    else:
        summary = f"clang-tidy check {check_id}"
    uri = clang_tidy_help_uri(check_id)
    help_text = f"See the clang-tidy documentation of {check_id}" + (f": {uri}" if uri else ".")
    descriptor: dict = {
        "id": check_id,
        "name": _camel(check_id),
        "shortDescription": {"text": _sentence(summary)},
        "fullDescription": {"text": _sentence(summary)},
        "help": {"text": help_text, "markdown": f"See [{check_id}]({uri})." if uri else help_text},
    }
    if uri:
        descriptor["helpUri"] = uri
    errors = (NOLINT_CHECK_NAME, "clang-diagnostic-error")
    descriptor["defaultConfiguration"] = {"level": "error" if check_id in errors else "warning"}
    severity = "error" if check_id == "clang-diagnostic-error" else "warning"
    descriptor["properties"] = {"tags": ["clang-tidy"], "precision": "medium", "problem.severity": severity}
    return descriptor
