"""HTML report: self-contained, escaped (checked in a real headless Chromium), fast with 10,000 findings."""
from __future__ import annotations

import json
import re
import struct
import subprocess
import time
import zlib
from pathlib import Path

from clangcheck.findings import AnalysisFailure, Finding, Location, Note
from clangcheck.report import html
from clangcheck.report.context import Report
from report_tools import chromium, sockets_outputs

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAYLOAD = ("</script><script>alert(1)</script>"
           "</script><script>document.documentElement.setAttribute('data-pwned','script')</script>"
           "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">")


def browse(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=120)


def dump_dom(page: Path, tmp_path: Path) -> str:
    result = browse(page, tmp_path, "--dump-dom")
    assert "<html" in result.stdout, result.stderr
    return result.stdout


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the image data (a blank page has few)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def test_page_is_self_contained():
    page = (sockets_outputs() / "report.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no network resources"
    assert "<link" not in page and "@import" not in page
    assert "clangcheck-errors-unchecked-result" in page and "Content-Security-Policy" in page


def test_hostile_source_text_is_shown_never_run(tmp_path):
    source = tmp_path / "evil.cpp"
    source.write_text(f"// {PAYLOAD}\nconst char *s = \"{PAYLOAD.replace(chr(34), chr(39))}\";\nint f();\n")
    findings = [Finding("clangcheck-errors-unchecked-result", Location(str(source), 2, 13), "the result of '{}' is ignored",
                        (PAYLOAD,), notes=(Note(Location(str(source), 1, 4), f"note {PAYLOAD}"),))]
    report = Report(findings=findings, failures=[AnalysisFailure(str(source), "crash", PAYLOAD)],
                    rule_ids=["clangcheck-errors-unchecked-result"], source_root=str(tmp_path), units=1)
    page = tmp_path / "report.html"
    page.write_text(html.render(report))
    raw = page.read_text()
    assert "<script>alert" not in raw and "<img src=x" not in raw
    dom = dump_dom(page, tmp_path)
    assert "data-pwned" not in dom.split(">", 2)[1]  # the <html> element's attributes
    assert 'data-pwned="' not in dom
    assert "data-ready-ms" in dom, "the page's own script ran"
    # the payload is displayed as text: in the message, the failure and the highlighted code
    assert dom.count("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") >= 4
    assert 'class="code"' in dom


def test_screenshot_shows_the_findings(tmp_path):
    page = sockets_outputs() / "report.html"
    dom = dump_dom(page, tmp_path)
    rows = re.findall(r'<tr class="finding"', dom)
    assert len(rows) == (sockets_outputs() / "stdout.txt").read_text().count(": warning: ")
    assert dom.count('class="detail"') == min(3, len(rows))  # the first findings open with their code
    shot = tmp_path / "report.png"
    result = browse(page, tmp_path, "--window-size=1280,1100", f"--screenshot={shot}")
    assert shot.is_file(), result.stderr
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (1280, 1100)
    assert colours > 100, "the screenshot is blank"


def test_ten_thousand_findings_render_quickly(tmp_path):
    source = tmp_path / "big.cpp"
    source.write_text("".join(f"int f{i}(int x) {{ return x + {i}; }} // line {i}\n" for i in range(1, 2001)))
    findings = [Finding("clangcheck-errors-unchecked-result", Location(str(source), 1 + i % 2000, 1 + i % 7),
                        "the result of '{}' is ignored", (f"f{i}",),
                        notes=(Note(Location(str(source), 1 + (i * 7) % 2000, 5), "assigned here"),))
               for i in range(10_000)]
    report = Report(findings=findings, rule_ids=["clangcheck-errors-unchecked-result"], source_root=str(tmp_path))
    started = time.monotonic()
    text = html.render(report)
    assert time.monotonic() - started < 30
    page = tmp_path / "big.html"
    page.write_text(text)
    dom = dump_dom(page, tmp_path)
    ready = int(re.search(r'data-ready-ms="(\d+)"', dom).group(1))
    assert dom.count('<tr class="finding"') == 10_000
    assert ready < 2000, f"the page took {ready} ms to become interactive"


def race_finding(source: Path, variable: str = "counter", thread: str = "thread 'Worker::run'",
                 properties: tuple[tuple[str, str], ...] | None = None) -> Finding:
    """A data-race finding shaped as checks/concurrency.py emits it (properties: location, contexts, accesses)."""
    where = lambda line, col: f"{source}:{line}:{col}"  # noqa: E731
    if properties is None:
        properties = (
            ("location", json.dumps({"key": "c:@counter", "name": variable})),
            ("contexts", json.dumps([
                {"id": "c:@F@start#start0", "name": thread, "entry": "Worker::run", "start": where(6, 5), "multiple": True},
                {"id": "main", "name": "the main thread", "entry": "", "start": None, "multiple": False}])),
            ("accesses", json.dumps([
                {"location": where(2, 24), "kind": "written", "context": "c:@F@start#start0", "function": "Worker::run",
                 "locks": ["Worker::mu"]},
                {"location": where(3, 24), "kind": "read", "context": "main", "function": "peek", "locks": []}])),
        )
    return Finding("clangcheck-concurrency-data-race", Location(str(source), 2, 24),
                   "'{}' is {} in {} and {} in {} without a common lock",
                   (variable, "written", thread, "read", "the main thread"),
                   notes=(Note(Location(str(source), 2, 24), f"written here in {thread}, holding 'Worker::mu'"),
                          Note(Location(str(source), 3, 24), "read here in the main thread, holding no lock"),
                          Note(Location(str(source), 6, 5), f"{thread} is started here (more than once)")),
                   properties=properties)


RACE_SOURCE = "int counter;\nvoid run() { for (;;) { ++counter; } }\nint peek() { return   counter; }\n\nvoid start() {\n    spawn(run);\n}\n"


def svg_of(dom: str) -> str:
    match = re.search(r'<svg class="race".*?</svg>', dom, re.S)
    assert match, "no race drawing in the opened finding"
    return match.group(0)


def test_race_drawing_has_a_lane_per_thread_and_both_accesses(tmp_path):
    source = tmp_path / "race.cpp"
    source.write_text(RACE_SOURCE)
    report = Report(findings=[race_finding(source)], rule_ids=["clangcheck-concurrency-data-race"],
                    source_root=str(tmp_path), units=1)
    page = tmp_path / "report.html"
    page.write_text(html.render(report))
    svg = svg_of(dump_dom(page, tmp_path))  # the first finding opens on load, drawing included
    lanes = re.findall(r'<text class="lane-name"[^>]*>([^<]*)</text>', svg)
    assert lanes == ["the main thread", "thread 'Worker::run'"]  # main first, then each thread
    assert "started at race.cpp:6 (more than once)" in svg
    assert 'class="fork"' in svg and 'class="lane instances"' in svg  # started from main, several instances
    kinds = re.findall(r'<text class="kind kind-(\w+)"[^>]*>([^<]*)</text>', svg)
    assert kinds == [("write", "write counter"), ("read", "read counter")]
    assert "holding 'Worker::mu'" in svg and "holding no lock" in svg
    assert "race.cpp:2" in svg and "race.cpp:3" in svg
    assert 'class="conflict"' in svg


def elements(markup: str) -> list[tuple[str, list[str]]]:
    """The start tags of serialized markup with their attribute names (what the browser built)."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, [name for name, _ in attrs]))

    Collect().feed(markup)
    return found


def test_hostile_names_cannot_inject_markup_into_the_drawing(tmp_path):
    hostile_dir = tmp_path / "d<svg onload=\"document.documentElement.setAttribute('data-pwned','dir')\">"
    hostile_dir.mkdir()
    source = hostile_dir / "race.cpp"
    source.write_text(RACE_SOURCE)
    finding = race_finding(source, variable=f"x</text>{PAYLOAD}", thread=f"thread '</title></g></svg>{PAYLOAD}'")
    report = Report(findings=[finding], rule_ids=["clangcheck-concurrency-data-race"], source_root=str(tmp_path), units=1)
    page = tmp_path / "report.html"
    page.write_text(html.render(report))
    dom = dump_dom(page, tmp_path)
    assert "data-ready-ms" in dom and 'data-pwned="' not in dom
    svg = svg_of(dom)
    tags = elements(svg)
    assert {tag for tag, _ in tags} <= {"svg", "title", "g", "text", "line", "path", "circle", "rect"}
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")], "an event handler got in"
    assert [tag for tag, _ in tags].count("svg") == 1
    assert [tag for tag, _ in tags].count("text") == 2 * 2 + 3 * 2  # two lanes (name, detail), two accesses
    assert "&lt;/text&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in svg  # shown as text
    assert len(re.findall(r"<script", dom)) == 2  # the page's own data and code, nothing injected


def test_drawings_survive_missing_and_malformed_properties(tmp_path):
    from clangcheck.report.drawings import drawing

    source = tmp_path / "race.cpp"
    source.write_text(RACE_SOURCE)
    full = race_finding(source)
    props = dict(full.properties)
    # no contexts (another engineer may rename them): lanes come from the accesses' context ids
    only_accesses = race_finding(source, properties=(("accesses", props["accesses"]),))
    view = drawing(only_accesses, str)
    assert view["kind"] == "race" and [l["name"] for l in view["lanes"]] == ["the main thread", "a thread"]
    # both accesses in one context that runs more than once: two lanes, the second another instance
    same = json.loads(props["accesses"])
    same[1]["context"] = same[0]["context"]
    view = drawing(race_finding(source, properties=(("contexts", props["contexts"]), ("accesses", json.dumps(same)))), str)
    assert [l["name"] for l in view["lanes"]] == ["thread 'Worker::run'", "another instance of thread 'Worker::run'"]
    assert view["marks"][0]["y"] != view["marks"][1]["y"]
    # the newer keys: an explicit "write" flag and a context "kind" win over the verb and the id
    flagged = json.loads(props["accesses"])
    flagged[1].update(kind="modified", write=True)
    contexts = json.loads(props["contexts"])
    contexts[1].update(id="c:entry", kind="main")
    flagged[1]["context"] = "c:entry"
    view = drawing(race_finding(source, properties=(("contexts", json.dumps(contexts)), ("accesses", json.dumps(flagged)))), str)
    assert [m["kind"] for m in view["marks"]] == ["write", "write"] and view["lanes"][0]["name"] == "the main thread"
    # malformed JSON, wrong shapes, unknown keys: no race drawing, the path of the notes instead
    for broken in ((("accesses", "{not json"),), (("accesses", json.dumps({"a": 1})),),
                   (("accesses", json.dumps([{"location": "nowhere"}])), ("future", "[1, 2]"))):
        view = drawing(race_finding(source, properties=broken), str)
        assert view["kind"] == "path" and [s["line"] for s in view["steps"]] == [2, 3, 6]
    # a finding with one note beside it gets no path (the note is inline in its code); ownership does
    lone = Finding("clangcheck-errors-null-unchecked", Location(str(source), 2, 1), "m", notes=(Note(Location(str(source), 3, 1), "n"),))
    assert drawing(lone, str) is None
    owned = Finding("clangcheck-ownership-mismatched-release", Location(str(source), 3, 1), "released with 'delete'",
                    notes=(Note(Location(str(source), 2, 1), "allocated here"),))
    assert [(s["role"], s["line"]) for s in drawing(owned, str)["steps"]] == [("allocation", 2), ("exit", 3)]


def test_bundled_example_draws_its_races_and_leak_paths(tmp_path):
    page = sockets_outputs() / "report.html"
    dom = dump_dom_at(page, tmp_path, "#check=clangcheck-concurrency-data-race")
    shown = re.findall(r'<tr class="finding"[^>]*data-check="([^"]+)"(?![^>]*hidden)', dom)
    assert shown and set(shown) == {"clangcheck-concurrency-data-race"}
    svgs = re.findall(r'<svg class="race".*?</svg>', dom, re.S)
    assert len(svgs) == min(3, len(shown))
    for svg in svgs:
        lanes = re.findall(r'<text class="lane-name"[^>]*>([^<]*)</text>', svg)
        assert lanes[0] == "the main thread" and lanes[1].startswith("thread '")
        assert len(re.findall(r'class="kind kind-(write|read)"', svg)) == 2
    dom = dump_dom_at(page, tmp_path, "#check=clangcheck-ownership-leak")
    paths = re.findall(r'<ol class="path">.*?</ol>', dom, re.S)
    assert paths
    for path in paths:
        roles = re.findall(r'<li class="role-(\w+)"', path)
        assert roles[0] == "allocation" and roles[-1] == "exit" and "condition" in roles


def dump_dom_at(page: Path, tmp_path: Path, fragment: str) -> str:
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    result = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + fragment],
                            capture_output=True, text=True, timeout=120)
    assert "<html" in result.stdout, result.stderr
    return result.stdout
