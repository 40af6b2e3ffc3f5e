"""View models of the HTML report's drawings: plain dicts of text and coordinates.

The template turns them into SVG and lists with autoescaping, so a hostile file or function name
stays text; nothing here produces markup.
"""
from __future__ import annotations

import os
from typing import Callable

from clangcheck.findings import Finding, Location
from clangcheck.report.structure import RaceFacts, ThreadContext, holding, path_steps, race_facts

OWNERSHIP = "clangcheck-ownership-"
WIDTH = 760
LABEL_X = 8
LANE_X0, LANE_X1 = 310, WIDTH - 12
LANE_GAP, TOP = 84, 34
ACCESS_X = 480  # both accesses at one x: they may happen at the same time
NAME_CHARS = 44  # a lane label longer than this is clipped (the full text is in its <title>)


def _clip(text: str, limit: int = NAME_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(location: Location) -> str:
    return f"{os.path.basename(location.file)}:{location.line}"


def race_drawing(facts: RaceFacts, display: Callable[[str], str]) -> dict:
    """One lane per thread context (the main thread first), the start site, and the two accesses.

    Two accesses in one context that runs more than once get a lane each: the second is another
    instance of the same thread.
    """
    by_id = {c.id: c for c in facts.contexts}
    lanes: list[dict] = []
    lane_of: list[int] = []
    ordered = sorted(facts.contexts, key=lambda c: not c.is_main)
    used: set[str] = set()
    for context in ordered:
        if any(a.context == context.id for a in facts.accesses):
            lanes.append(_lane(context, context.name, display))
    for access in facts.accesses[:2]:
        index = next(i for i, lane in enumerate(lanes) if lane["id"] == access.context)
        if access.context in used:  # the same context again: another instance of that thread
            context = by_id[access.context]
            lanes.append(_lane(context, f"another instance of {context.name}", display))
            index = len(lanes) - 1
        used.add(access.context)
        lane_of.append(index)
    main_y = next((lane["y"] for lane in _place(lanes) if lane["main"]), None)
    for lane in lanes:
        lane["fork_from"] = main_y if lane["start"] and main_y is not None and not lane["main"] else None
    marks = []
    for access, index in zip(facts.accesses[:2], lane_of):
        kind = "write" if access.write else "read"
        marks.append({
            "x": ACCESS_X, "y": lanes[index]["y"], "kind": kind,
            "label": f"{kind} {_clip(facts.variable, 24)}".strip(),
            "locks": _clip(holding(access.locks), 44),
            "where": _short(access.location),
            "title": f"{kind} of {facts.variable} in {access.function or '?'} at "
                     f"{display(access.location.file)}:{access.location.line}:{access.location.column}, "
                     f"{holding(access.locks)}",
        })
    link = None
    if len(marks) == 2:
        top, bottom = sorted((marks[0]["y"], marks[1]["y"]))
        link = {"x": ACCESS_X, "y1": top + 9, "y2": bottom - 9}
    height = TOP + LANE_GAP * (len(lanes) - 1) + 42
    return {"kind": "race", "width": WIDTH, "height": height, "variable": facts.variable, "lanes": lanes,
            "marks": marks, "link": link, "x0": LANE_X0, "x1": LANE_X1, "label_x": LABEL_X}


def _lane(context: ThreadContext, name: str, display: Callable[[str], str]) -> dict:
    if context.start is not None:
        detail = f"started at {_short(context.start)}" + (" (more than once)" if context.multiple else "")
        title = f"{name}, started at {display(context.start.file)}:{context.start.line}:{context.start.column}"
        if context.api:
            title += f" by {context.api}"
    elif context.is_main:
        detail, title = "runs main()", name
    else:
        detail, title = "start site unknown", name
    if context.entry and not context.is_main:
        title += f", entry {context.entry}"
    return {"id": context.id, "name": _clip(name), "detail": _clip(detail, 40), "title": title,
            "start": context.start is not None, "multiple": context.multiple, "main": context.is_main}


def _place(lanes: list[dict]) -> list[dict]:
    for i, lane in enumerate(lanes):
        lane["y"] = TOP + LANE_GAP * i
    return lanes


def path_drawing(finding: Finding, display: Callable[[str], str]) -> dict | None:
    """The finding's path as a vertical step list: allocation, the conditions taken, the exit.

    Ownership findings always get it (allocation → release is the story); others when the notes
    make a path of three steps or more.
    """
    steps = path_steps(finding)
    if len(steps) < (2 if finding.check_id.startswith(OWNERSHIP) else 3):
        return None  # one note beside the finding is already shown inline in its code
    return {"kind": "path", "steps": [
        {"role": role, "file": display(note.location.file), "line": note.location.line,
         "column": note.location.column, "message": note.message} for note, role in steps]}


def drawing(finding: Finding, display: Callable[[str], str]) -> dict | None:
    """The drawing a finding gets: the threads of a race, else the path of a finding with notes."""
    facts = race_facts(finding) if finding.properties else None
    if facts is not None:
        lanes = race_drawing(facts, display)
        if lanes["marks"]:
            return lanes
    return path_drawing(finding, display) if finding.notes else None
