"""Files we write and read back (cache entries, shard summaries): written atomically, checksummed.

A sealed file is a magic line, the SHA-256 of the payload, and the pickled payload. A killed
writer leaves only a temporary file beside it, never half a file; a damaged file is detected by
its checksum before anything is unpickled.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile


class SealError(Exception):
    """Why a blob is not a sound sealed file; one line."""


def seal(magic: bytes, value: object) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return magic + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def unseal(magic: bytes, blob: bytes, what: str = "clangcheck file") -> object:
    end = blob.find(b"\n", len(magic))
    if not blob.startswith(magic) or end < 0:
        raise SealError(f"not a {what}")
    payload = blob[end + 1:]
    if hashlib.sha256(payload).hexdigest().encode() != blob[len(magic):end]:
        raise SealError("damaged (checksum mismatch)")
    try:
        return pickle.loads(payload)
    except Exception as exc:  # written by another version of our classes
        raise SealError(f"unreadable ({type(exc).__name__})") from None


def write_atomically(path: str, data: bytes) -> None:
    """Write through a temporary file in the same directory and rename; raises OSError."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would surprise whoever reads it next
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
