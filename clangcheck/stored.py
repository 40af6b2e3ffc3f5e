"""The formats of what we read back: cache entries and shard summary files (schema version 2).

Both are sealed JSON (`clangcheck.sealed`) decoded through `clangcheck.codec`. A TU's summaries
are stored per check through that check's `summary_schema`; checks that share one summary object
(the concurrency family) share one stored copy, so a loaded run links the same graph once, as a
fresh one does.

A cache entry may only speak of its own TU: every finding, note and fix-it must lie in the main
file or a file it records as included (those files' contents are what validate it), so a forged
entry cannot put fix-its into files the TU never read.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, Any, Iterable, Literal

from msgspec import Meta

from clangcheck import codec
from clangcheck.findings import Finding, UnitResult
from clangcheck.programs import LinkFacts, UnitLink

SCHEMA_VERSION = 2
Version = Literal[2]


@dataclass(frozen=True)
class FileStamp:
    """A file as it was when the entry was made; a (mtime, size) match skips re-hashing."""

    path: str
    mtime_ns: int
    size: Annotated[int, Meta(ge=0)]
    sha256: Annotated[str, Meta(pattern="^[0-9a-f]{64}$")]


@dataclass(frozen=True)
class SummaryGroup:
    """Checks that share one summary object per TU, and those summaries, each in its checks' schema."""

    checks: tuple[str, ...]
    values: tuple[codec.Raw, ...]


@dataclass(frozen=True)
class CacheEntry:
    version: Version
    stamps: tuple[FileStamp, ...]
    result: UnitResult  # its `summaries` stored apart, in `summaries`
    summaries: tuple[SummaryGroup, ...]


@dataclass(frozen=True)
class StoredUnit:
    """A TU in a summaries file: what the global phase needs of it."""

    file: str
    link: LinkFacts | None
    summaries: tuple[SummaryGroup, ...]


@dataclass(frozen=True)
class SummariesFile:
    version: Version
    tool: str  # the clangcheck version that wrote it
    units: tuple[StoredUnit, ...]


def _schema(check_ids: Iterable[str]) -> Any:
    """The summary schema the checks share; SchemaError for an unknown check or a disagreement."""
    from clangcheck.registry import all_checks

    known = all_checks()
    schemas = set()
    for check_id in check_ids:
        cls = known.get(check_id)
        if cls is None:
            raise codec.SchemaError(f"summaries of unknown check '{check_id[:60]}'")
        if cls.summary_schema is None:
            raise codec.SchemaError(f"check '{check_id}' has no summary schema")
        schemas.add(cls.summary_schema)
    if len(schemas) != 1:
        raise codec.SchemaError("checks of one summary group have different schemas")
    return schemas.pop() | None


def encode_groups(per_check: dict[str, list]) -> tuple[SummaryGroup, ...]:
    """Per check id, its list of summaries -> groups of checks whose lists hold the same objects,
    each summary stored once."""
    groups: dict[tuple[int, ...], list[str]] = {}
    lists: dict[tuple[int, ...], list] = {}
    for check_id, values in sorted(per_check.items()):
        key = tuple(id(v) for v in values)
        groups.setdefault(key, []).append(check_id)
        lists[key] = values
    for check_ids in groups.values():
        _schema(check_ids)
    return tuple(SummaryGroup(tuple(ids), tuple(codec.Raw(codec.dumps(v)) for v in lists[key]))
                 for key, ids in groups.items())


def decode_groups(groups: tuple[SummaryGroup, ...]) -> dict[str, list]:
    out: dict[str, list] = {}
    for i, group in enumerate(groups):
        if not group.checks or any(c in out for c in group.checks):
            raise codec.SchemaError(f"$.summaries[{i}].checks: empty, or a check named twice")
        schema = _schema(group.checks)
        values = [codec.loads(bytes(v), schema, f"$.summaries[{i}].values[{j}]") for j, v in enumerate(group.values)]
        for check_id in group.checks:
            out[check_id] = list(values)  # the same objects: the concurrency checks share one graph
    return out


# --- cache entries --------------------------------------------------------------------------------
def encode_entry(stamps: list[FileStamp], result: UnitResult) -> bytes:
    per_check: dict[str, list] = {}
    for check_id, summary in result.summaries:
        per_check.setdefault(check_id, []).append(summary)
    entry = CacheEntry(SCHEMA_VERSION, tuple(stamps), dataclasses.replace(result, summaries=[]), encode_groups(per_check))
    return codec.dumps(entry)


def decode_entry(payload: bytes) -> tuple[list[FileStamp], UnitResult]:
    """SchemaError unless the payload is an entry of this version that speaks only of its own TU."""
    entry = codec.loads(payload, CacheEntry, "cache entry")
    result = entry.result
    if result.summaries:
        raise codec.SchemaError("$.result.summaries: stored apart, must be empty")
    for check_id, values in decode_groups(entry.summaries).items():
        if len(values) != 1:
            raise codec.SchemaError(f"$.summaries: {len(values)} summaries of '{check_id}' for one TU")
        result.summaries.append((check_id, values[0]))
    own = {result.file, *result.included_files}
    if {s.path for s in entry.stamps} != own:
        raise codec.SchemaError("$.stamps: not the files of its TU")
    for finding in result.findings:
        _within(finding, own)
    return list(entry.stamps), result


def _within(finding: Finding, own: set[str]) -> None:
    places = [finding.location.file, *(n.location.file for n in finding.notes),
              *(r.file for fix in finding.fixits for r in fix.replacements)]
    if finding.end is not None:
        places.append(finding.end.file)
    outside = next((p for p in places if p not in own), None)
    if outside is not None:
        raise codec.SchemaError(f"$.result.findings: a finding in '{outside[:80]}', outside its TU")


# --- shard summary files ----------------------------------------------------------------------------
def encode_summaries(tool_version: str, units: Iterable[UnitLink]) -> bytes:
    stored = tuple(StoredUnit(u.file, u.link, encode_groups({c: [s] for c, s in u.summaries.items()}))
                   for u in sorted(units, key=lambda u: u.file))
    return codec.dumps(SummariesFile(SCHEMA_VERSION, tool_version, stored))


def decode_summaries(payload: bytes) -> tuple[str, list[UnitLink]]:
    """(the clangcheck version that wrote it, its TUs); SchemaError when unsound."""
    data = codec.loads(payload, SummariesFile)
    units = []
    for unit in data.units:
        per_check = decode_groups(unit.summaries)
        if any(len(values) != 1 for values in per_check.values()):
            raise codec.SchemaError(f"$.units: more than one summary of a check for '{unit.file[:80]}'")
        units.append(UnitLink(unit.file, unit.link, {c: values[0] for c, values in per_check.items()}))
    return data.tool, units
