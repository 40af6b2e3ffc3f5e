"""Files we write and read back (cache entries, shard summaries): written atomically, checksummed.

A sealed file is a magic line, the SHA-256 of the payload, and the payload: JSON that
`clangcheck.codec` decodes through an explicit schema. The checksum detects damage (a killed
disk, a truncated upload), not forgery: anyone can compute it. Forgery is harmless because the
payload is plain data; it can never construct objects or import code (docs/scale.md, "Trust").
A killed writer leaves only a temporary file beside the target, never half a file.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile

MAX_FILE_BYTES = 1 << 30  # larger than any run's summaries; refused before reading it whole


class SealError(Exception):
    """Why a blob is not a sound sealed file; one line."""


def seal(magic: bytes, payload: bytes) -> bytes:
    return magic + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def unseal(magic: bytes, blob: bytes, what: str = "clangcheck file") -> bytes:
    """The payload of a sound sealed file; SealError when it is not one or is damaged."""
    end = blob.find(b"\n", len(magic))
    if not blob.startswith(magic) or end < 0:
        raise SealError(f"not a {what} of this version")
    payload = blob[end + 1:]
    if not hmac.compare_digest(hashlib.sha256(payload).hexdigest().encode(), blob[len(magic):end]):
        raise SealError("damaged (checksum mismatch)")
    return payload


def read_bounded(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing (SealError) one over `limit`; raises OSError as open() does."""
    with open(path, "rb") as handle:
        blob = handle.read(limit + 1)
    if len(blob) > limit:
        raise SealError(f"larger than {limit >> 20} MiB")
    return blob


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


# --- files only this user's own runs may have written ----------------------------------------
_key: list[bytes] = []


def local_key() -> bytes:
    """A secret of this user on this machine, kept outside every cache directory.

    Precompiled prefixes are clang's own binary format, which nothing can check as data, so
    clangcheck loads only those it built itself: their records carry an HMAC under this key. A
    cache restored from elsewhere (another branch, a CI cache) lacks the key, and its PCHs are
    rebuilt. Without a writable home the key lives for this run only.
    """
    if _key:
        return _key[0]
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    path = os.path.join(state, "clangcheck", "local.key")
    key = b""
    try:
        with open(path, "rb") as handle:
            key = handle.read(64)
    except OSError:
        pass
    if len(key) != 32:
        key = secrets.token_bytes(32)
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            fd = os.open(path + f".{os.getpid()}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
            os.replace(path + f".{os.getpid()}", path)
        except OSError:
            pass  # this run's key only: PCHs are reused within the run, rebuilt by the next
    _key.append(key)
    return key


def authenticate(text: str) -> str:
    return hmac.new(local_key(), text.encode(), hashlib.sha256).hexdigest()


def authentic(text: str, mac: str) -> bool:
    return hmac.compare_digest(authenticate(text), mac)
