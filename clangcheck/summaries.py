"""Summary files: what CI shards hand to `clangcheck merge` so the global phase sees every TU.

A summaries file is often an artifact another job uploaded, so it is untrusted input: sealed
JSON in the format of `clangcheck.stored`, refused with a one-line reason when it is damaged,
of another version, or not sound data for its schema. It can never run code.
"""
from __future__ import annotations

from clangcheck import __version__
from clangcheck.codec import SchemaError
from clangcheck.programs import UnitLink
from clangcheck.sealed import SealError, read_bounded, seal, unseal, write_atomically
from clangcheck.stored import decode_summaries, encode_summaries

_MAGIC = b"clangcheck-summaries-2\n"  # 1 was pickled: refused, never read


class SummaryFileError(Exception):
    """A summaries file that cannot be written or read, is from another version, or is damaged; one line."""


def write_summaries(path: str, units: list[UnitLink]) -> None:
    try:
        payload = encode_summaries(__version__, units)
    except SchemaError as exc:
        raise SummaryFileError(f"{path}: cannot store the summaries: {exc}") from None
    try:
        write_atomically(path, seal(_MAGIC, payload))
    except OSError as exc:
        raise SummaryFileError(f"{path}: {exc.strerror}") from None


def read_summaries(path: str) -> list[UnitLink]:
    try:
        blob = read_bounded(path)
    except OSError as exc:
        raise SummaryFileError(f"{path}: {exc.strerror}") from None
    except SealError as exc:
        raise SummaryFileError(f"{path}: {exc}") from None
    try:
        version, units = decode_summaries(unseal(_MAGIC, blob, "clangcheck summaries file"))
    except (SealError, SchemaError) as exc:
        raise SummaryFileError(f"{path}: {exc}") from None
    if version != __version__:
        raise SummaryFileError(f"{path}: written by clangcheck {version[:40]}, this is {__version__}")
    return units
