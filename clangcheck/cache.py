"""Per-TU result cache: a warm run re-analyzes only TUs whose inputs changed.

An entry is keyed by everything that decides a TU's result except file contents (tool and
libclang versions, the job: sanitized arguments, enabled checks and their options, resource dir)
and records the content hash of the main file and every file it included. It is valid when all
those files still hash the same; a (mtime, size) match skips re-hashing. Entries are sealed
JSON files in the format of `clangcheck.stored`: written atomically, and one that fails its
checksum or its schema is discarded and recomputed. A cache directory is untrusted input (it is
restored from CI caches); its entries are plain data and can never run code.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import lru_cache

from clangcheck import __version__
from clangcheck.codec import SchemaError
from clangcheck.findings import UnitResult
from clangcheck.sealed import SealError, read_bounded, seal, unseal, write_atomically
from clangcheck.stored import FileStamp, decode_entry, encode_entry
from clangcheck.worker import UnitJob

_MAGIC = b"clangcheck-cache-2\n"  # 1 was pickled: such entries are recomputed, never read
MAX_ENTRY_BYTES = 256 << 20  # a TU's entry is kilobytes to a few MiB; a larger file is refused unread
__all__ = ["ContentHashes", "FileStamp", "ResultCache", "job_key"]


class ContentHashes:
    """Content hashes of files, computed once per run and only when (mtime, size) changed."""

    def __init__(self) -> None:
        self._memo: dict[str, FileStamp | None] = {}

    def stamp(self, path: str) -> FileStamp | None:
        if path in self._memo:
            return self._memo[path]
        try:
            st = os.stat(path)
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            stamp: FileStamp | None = FileStamp(path, st.st_mtime_ns, st.st_size, digest)
        except OSError:
            stamp = None
        self._memo[path] = stamp
        return stamp

    def unchanged(self, recorded: FileStamp) -> bool:
        try:
            st = os.stat(recorded.path)
        except OSError:
            return False
        if (st.st_mtime_ns, st.st_size) == (recorded.mtime_ns, recorded.size):
            return True  # same stat: trust it without reading the file
        current = self.stamp(recorded.path)
        return current is not None and current.sha256 == recorded.sha256


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The analyzer's own code and knowledge: a changed check or YAML file must not reuse results."""
    import clangcheck.checks

    package = os.path.dirname(os.path.abspath(clangcheck.__file__))
    # in this order, whatever the paths: a source checkout keeps checks/ beside the package, an
    # installed one inside it, and both must share one cache
    folders = [package, os.path.join(package, "model"), os.path.join(package, "knowledge"), *clangcheck.checks.__path__]
    digest = hashlib.sha256(__version__.encode())
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            if name.endswith((".py", ".yaml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    digest.update(name.encode() + b"\0" + handle.read())
    return digest.hexdigest()


def job_key(job: UnitJob, libclang: str) -> str:
    """Everything that decides a TU's result, except the contents of the files it reads. Not the
    precompiled prefix: a TU's result is the same with or without one (clangcheck.pch; tested)."""
    data = {"code": code_fingerprint(), "libclang": libclang, "job": dataclasses.asdict(dataclasses.replace(job, pch=None))}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class ResultCache:
    def __init__(self, directory: str, libclang: str):
        self.directory = directory
        self.libclang = libclang
        self.hashes = ContentHashes()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:] + ".entry")

    def get(self, job: UnitJob) -> UnitResult | None:
        path = self._path(job_key(job, self.libclang))
        try:
            blob = read_bounded(path, MAX_ENTRY_BYTES)
        except (OSError, SealError):
            self.misses += 1
            return None
        entry = self._decode(blob, job.entry.file)
        if entry is None:
            self._discard(path)
            self.misses += 1
            return None
        stamps, result = entry
        if not all(self.hashes.unchanged(s) for s in stamps):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, job: UnitJob, result: UnitResult) -> None:
        """Store a successful result with the stamps of every file it depended on."""
        if result.failures:
            return  # a crash or a timeout may not happen next time: never cache it
        files = [job.entry.file, *result.included_files]
        stamps = [self.hashes.stamp(f) for f in files]
        if any(s is None for s in stamps):
            return
        try:
            payload = encode_entry(stamps, result)  # type: ignore[arg-type]
        except SchemaError:
            return  # a plugin check whose summaries have no schema: not cached
        try:
            write_atomically(self._path(job_key(job, self.libclang)), seal(_MAGIC, payload))
        except OSError:
            pass  # a read-only or full cache directory only costs speed

    @staticmethod
    def _decode(blob: bytes, main_file: str) -> tuple[list[FileStamp], UnitResult] | None:
        """The entry, or None when it is damaged, of another version, or not sound data for this
        TU (forged, or written by a bug): then it is recomputed."""
        try:
            stamps, result = decode_entry(unseal(_MAGIC, blob))
        except (SealError, SchemaError):
            return None
        return (stamps, result) if result.file == main_file else None

    @staticmethod
    def _discard(path: str) -> None:
        try:
            os.unlink(path)
        except OSError:
            pass
