"""Which reports a run writes, from the command line: the text on stdout and the files asked for."""
from __future__ import annotations

import argparse
import sys

from clangcheck.analysis import RunOutcome
from clangcheck.compdb import LoadedDatabase
from clangcheck.report import text


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `analyze` that choose outputs (SARIF, HTML, fixes, baselines, ...)."""


def write_outputs(outcome: RunOutcome, args: argparse.Namespace, database: LoadedDatabase) -> None:
    """Text on stdout always (clang-tidy's format); each requested file beside it."""
    sys.stdout.write(text.render(outcome.findings))
