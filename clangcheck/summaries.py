"""Summary files: what CI shards hand to `clangcheck merge` so the global phase sees every TU."""
from __future__ import annotations

from clangcheck import __version__
from clangcheck.sealed import SealError, seal, unseal, write_atomically

_MAGIC = b"clangcheck-summaries-1\n"


class SummaryFileError(Exception):
    """A summaries file that cannot be written or read, is from another version, or is damaged; one line."""


def write_summaries(path: str, summaries: dict[str, list]) -> None:
    try:
        write_atomically(path, seal(_MAGIC, (__version__, summaries)))
    except OSError as exc:
        raise SummaryFileError(f"{path}: {exc.strerror}") from None


def read_summaries(path: str) -> dict[str, list]:
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except OSError as exc:
        raise SummaryFileError(f"{path}: {exc.strerror}") from None
    try:
        version, summaries = unseal(_MAGIC, blob, "clangcheck summaries file")  # type: ignore[misc]
    except SealError as exc:
        raise SummaryFileError(f"{path}: {exc}") from None
    except (TypeError, ValueError):  # sound, but not the (version, summaries) pair
        raise SummaryFileError(f"{path}: not a clangcheck summaries file") from None
    if version != __version__:
        raise SummaryFileError(f"{path}: written by clangcheck {version}, this is {__version__}")
    return summaries
