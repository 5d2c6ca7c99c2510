"""Pre-docking end to end in a fresh process, as an organiser runs it: `techbridge predock` on generated
listings (real model), then the workbook checked: both sheets with reasons for every record, and a
schedule with no enterprise or institution twice in a slot and none over its meetings.

The size is a sixth of the 2018 Shenyang meeting's (1,302 x 1,239), with its shape kept (companies with
several demands, institutions with ten achievements, both languages, 14 fields), so it runs in seconds;
the full size and the 10,000 x 10,000 run are timed by `make bench` (scripts/bench_predock.py), not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.matchmaking.synthetic import write_listings

DEMANDS, ACHIEVEMENTS, COMPANIES = 217, 207, 134  # a sixth of 1,302 x 1,239 from 802 companies
K, SLOTS, MAX_MEETINGS = 5, 8, 5


@pytest.mark.timeout(600)  # seconds when the machine is quiet; minutes when it is shared
def test_predock_end_to_end(tmp_path: Path) -> None:
    demands, achievements = write_listings(tmp_path / "event", DEMANDS, ACHIEVEMENTS, COMPANIES)
    out = tmp_path / "event.xlsx"
    # One BLAS thread: on a shared machine a second one spins while it waits (retrieval/config.py).
    env = dict(
        os.environ, TECHBRIDGE_DATA_DIR=str(tmp_path / "data"), TECHBRIDGE_EMBEDDING__BATCH_THREADS="1"
    )
    command = [
        *(sys.executable, "-m", "bot.cli", "predock"),
        *("--demands", str(demands), "--achievements", str(achievements)),
        *("--k", str(K), "--slots", str(SLOTS), "--max-meetings", str(MAX_MEETINGS)),
        *("--out", str(out), "--json"),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["demands"] == DEMANDS and summary["achievements"] == ACHIEVEMENTS
    assert summary["mutual_pairs"] > 0 and summary["errors"] == []

    book = load_workbook(out, read_only=True)
    forward = list(book["demand_to_technology"].iter_rows(values_only=True))
    backward = list(book["technology_to_demand"].iter_rows(values_only=True))
    assert len(forward) == 1 + DEMANDS * K and len(backward) == 1 + ACHIEVEMENTS * K
    for sheet in (forward, backward):
        reasons = sheet[0].index("reasons")
        assert all(row[reasons] for row in sheet[1:])
    assert {row[forward[0].index("demand_id")] for row in forward[1:]} == {
        f"dem-gen-{i:05d}" for i in range(DEMANDS)
    }
    schedule = list(book["schedule"].iter_rows(values_only=True))
    header, rows = schedule[0], schedule[1:]
    slot, ent, inst = header.index("slot"), header.index("enterprise"), header.index("institution")
    assert len(rows) == summary["meetings"] > 0
    assert len({(r[slot], r[ent]) for r in rows}) == len(rows)
    assert len({(r[slot], r[inst]) for r in rows}) == len(rows)
    per_party: dict[str, int] = {}
    for r in rows:
        for party in ("e:" + r[ent], "i:" + r[inst]):
            per_party[party] = per_party.get(party, 0) + 1
    assert max(per_party.values()) <= min(MAX_MEETINGS, SLOTS)
    assert all(1 <= r[slot] <= SLOTS for r in rows)
