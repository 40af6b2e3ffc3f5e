"""clangcheck: finds leaks, data races and unhandled errors in C/C++ and Qt code, as a clang-tidy extension."""
from pathlib import Path as _Path

__version__ = "0.1.0"

# The product layout keeps checks/, templates/ and docs/ at the repository top level; the wheel
# installs them inside this package (see pyproject.toml). In a source checkout, make them resolve
# the same way, as clangcheck.checks, clangcheck.templates and clangcheck.docs.
_top = _Path(__file__).resolve().parent.parent
if (_top / "pyproject.toml").is_file() and (_top / "checks" / "__init__.py").is_file():
    __path__.append(str(_top))  # type: ignore[name-defined]
