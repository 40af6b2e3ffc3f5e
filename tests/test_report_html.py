"""HTML report: self-contained, escaped (checked in a real headless Chromium), fast with 10,000 findings."""
from __future__ import annotations

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
    findings = [Finding(f"clangcheck-errors-unchecked-result", Location(str(source), 1 + i % 2000, 1 + i % 7),
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
