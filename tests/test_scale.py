"""Scale-out paths give the same answers: CI shards and a Dask cluster."""
from __future__ import annotations

from helpers import REPO, run_cli


def test_shards_partition_the_tus_stably(tmp_path):
    from clangcheck.analysis import in_shard
    from clangcheck.compdb import load_database

    db = load_database(str(REPO / "compile_commands" / "sockets"))
    for n in (1, 2, 3):
        owners = [[k for k in range(1, n + 1) if in_shard(e, db, k, n)] for e in db.entries]
        assert all(len(o) == 1 for o in owners)  # every TU in exactly one shard


def test_shard_runs_write_summaries_and_skip_the_link(tmp_path):
    example = str(REPO / "compile_commands" / "sockets")
    texts = []
    for k in (1, 2):
        out = tmp_path / f"s{k}.sum"
        result = run_cli("analyze", example, "--shard", f"{k}/2", "--summaries-out", str(out), "--no-cache")
        assert result.returncode in (0, 1), result.stderr
        assert out.read_bytes().startswith(b"clangcheck-summaries-2\n")
        texts.append(result.stdout)
    whole = run_cli("analyze", example, "--no-cache").stdout
    per_tu = lambda text: {line for line in text.splitlines() if ": warning: " in line}
    assert per_tu(texts[0]) | per_tu(texts[1]) <= per_tu(whole)


def test_bad_shard_is_a_usage_error():
    result = run_cli("analyze", str(REPO / "compile_commands" / "sockets"), "--shard", "3/2")
    assert result.returncode == 2 and "K must be between 1 and N" in result.stderr


def test_dask_local_cluster_matches_local_processes(tmp_path):
    """A LocalCluster of 2 worker processes gives the same SARIF as -j 2 (only the command line differs)."""
    import json

    example = str(REPO / "compile_commands" / "sockets")
    local = run_cli("analyze", example, "--no-cache", "-j", "2", "--sarif", str(tmp_path / "local.sarif"))
    dask = run_cli("analyze", example, "--no-cache", "-j", "2", "--dask", "--sarif", str(tmp_path / "dask.sarif"))
    assert dask.returncode == local.returncode == 1, dask.stderr
    assert dask.stdout == local.stdout and dask.stdout

    def without_command_line(path):
        log = json.loads((tmp_path / path).read_text())
        for run in log["runs"]:
            for invocation in run.get("invocations", []):
                invocation.pop("commandLine", None)
                invocation.pop("arguments", None)
        return log

    assert without_command_line("dask.sarif") == without_command_line("local.sarif")


def test_shards_merged_with_their_summaries_equal_the_whole_run(tmp_path):
    import json

    example = str(REPO / "compile_commands" / "sockets")
    sarifs, sums = [], []
    for k in (1, 2):
        sarifs.append(str(tmp_path / f"s{k}.sarif"))
        sums.append(str(tmp_path / f"s{k}.sum"))
        run_cli("analyze", example, "--shard", f"{k}/2", "--summaries-out", sums[-1], "--sarif", sarifs[-1], "--no-cache")
    merged = run_cli("merge", *sarifs, "--summaries", *sums, "-o", str(tmp_path / "all.sarif"))
    assert merged.returncode == 0, merged.stderr
    run_cli("analyze", example, "--sarif", str(tmp_path / "whole.sarif"), "--no-cache")

    def results(path):
        runs = json.loads((tmp_path / path).read_text())["runs"]
        return sorted((r["ruleId"], r["partialFingerprints"]["clangcheck/v1"]) for run in runs for r in run["results"])

    whole = results("whole.sarif")
    assert whole and results("all.sarif") == whole
    assert any(rule.startswith("clangcheck-concurrency") or rule.endswith("member-not-released") for rule, _ in whole)


def test_merge_rejects_a_damaged_summaries_file(tmp_path):
    (tmp_path / "bad.sum").write_bytes(b"clangcheck-summaries-2\nabc\n\x00")
    run_cli("analyze", str(REPO / "compile_commands" / "sockets"), "--sarif", str(tmp_path / "a.sarif"), "--no-cache")
    result = run_cli("merge", str(tmp_path / "a.sarif"), "--summaries", str(tmp_path / "bad.sum"), "-o", str(tmp_path / "o.sarif"))
    assert result.returncode == 2 and "checksum" in result.stderr and "Traceback" not in result.stderr
