"""Summary files: what CI shards hand to `clangcheck merge` so the global phase sees every TU."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile

from clangcheck import __version__

_MAGIC = b"clangcheck-summaries-1\n"


class SummaryFileError(Exception):
    """A summaries file that is missing, from another version, or damaged; one line for the user."""


def write_summaries(path: str, summaries: dict[str, list]) -> None:
    payload = pickle.dumps((__version__, summaries), protocol=pickle.HIGHEST_PROTOCOL)
    blob = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(blob)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would surprise the next CI job reading it
    os.replace(tmp, path)


def read_summaries(path: str) -> dict[str, list]:
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except OSError as exc:
        raise SummaryFileError(f"{path}: {exc.strerror}") from None
    end = blob.find(b"\n", len(_MAGIC))
    if not blob.startswith(_MAGIC) or end < 0:
        raise SummaryFileError(f"{path}: not a clangcheck summaries file")
    payload = blob[end + 1:]
    if hashlib.sha256(payload).hexdigest().encode() != blob[len(_MAGIC):end]:
        raise SummaryFileError(f"{path}: damaged (checksum mismatch)")
    version, summaries = pickle.loads(payload)
    if version != __version__:
        raise SummaryFileError(f"{path}: written by clangcheck {version}, this is {__version__}")
    return summaries
