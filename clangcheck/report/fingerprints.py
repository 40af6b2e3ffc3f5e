"""GitHub's `primaryLocationLineHash`, ported from codeql-action's src/fingerprints.ts.

Code scanning tracks an alert across commits by this hash of the first 100 non-blank characters
from the start of the alert's line. upload-sarif computes it when it is missing, but the REST API
does not, and a producer's value that differs is kept: so we compute exactly the same value.
"""
from __future__ import annotations

from functools import lru_cache

_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)
_TAB, _SPACE, _LF, _CR, _EOF = 9, 32, 10, 13, 65535


def line_hashes(text: str) -> dict[int, str]:
    """Every line's hash, by 1-based line number: '<hex>:<n>', n counting equal hashes so far.

    `text` is the file decoded as UTF-8; like JavaScript's charCodeAt, characters are UTF-16 code
    units and arithmetic wraps at 64 bits (Long in the original).
    """
    window = [0] * _BLOCK_SIZE
    line_numbers = [-1] * _BLOCK_SIZE
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}
    counts: dict[str, int] = {}
    out: dict[int, str] = {}

    def output_hash() -> None:
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        out[line_numbers[state["index"]]] = f"{value}:{counts[value]}"
        line_numbers[state["index"]] = -1

    def update_hash(current: int) -> None:
        index = state["index"]
        begin = window[index]
        window[index] = current
        state["hash"] = (_MOD * state["hash"] + current - _FIRST_MOD * begin) & _MASK
        state["index"] = (index + 1) % _BLOCK_SIZE

    def process(current: int) -> None:
        if current in (_SPACE, _TAB) or (state["prev_cr"] and current == _LF):
            state["prev_cr"] = False
            return
        if current == _CR:
            current = _LF
            state["prev_cr"] = True
        else:
            state["prev_cr"] = False
        if line_numbers[state["index"]] != -1:
            output_hash()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_numbers[state["index"]] = state["line"]
        if current == _LF:
            state["line_start"] = True
        update_hash(current)

    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        process(units[i] | units[i + 1] << 8)
    process(_EOF)
    for _ in range(_BLOCK_SIZE):
        if line_numbers[state["index"]] != -1:
            output_hash()
        update_hash(0)
    return out


@lru_cache(maxsize=512)
def file_line_hashes(path: str) -> dict[int, str]:
    """Hashes of a file on disk (read as UTF-8 with replacement, as node's stream decoder does)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    return line_hashes(data.decode("utf-8", "replace"))
