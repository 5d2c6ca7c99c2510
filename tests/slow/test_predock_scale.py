"""Pre-docking at the 2018 Shenyang meeting's scale: 1,302 demands x 1,239 achievements, generated, through
`techbridge predock` in a fresh process (model load, embedding, matching both ways, schedule, workbook).

It prints the figures and writes them as JSON (PREDOCK_BENCH_JSON, default a temporary file): a measurement,
not a timed assertion (README "Pre-docking and schedules"). What it asserts is the output: both sheets with
reasons for every record, and a schedule with no enterprise or institution twice in a slot.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.matchmaking.synthetic import write_listings

DEMANDS, ACHIEVEMENTS, COMPANIES = 1302, 1239, 802
K, SLOTS, MAX_MEETINGS = 5, 8, 5


@pytest.mark.timeout(1800)  # minutes on a busy 2-core machine; the figures say how many
def test_predock_at_event_scale(tmp_path: Path) -> None:
    demands, achievements = write_listings(tmp_path / "event", DEMANDS, ACHIEVEMENTS, COMPANIES)
    out = tmp_path / "event.xlsx"
    env = dict(os.environ, TECHBRIDGE_DATA_DIR=str(tmp_path / "data"))
    command = [
        *(sys.executable, "-m", "bot.cli", "predock"),
        *("--demands", str(demands), "--achievements", str(achievements)),
        *("--k", str(K), "--slots", str(SLOTS), "--max-meetings", str(MAX_MEETINGS)),
        *("--out", str(out), "--json"),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    figures = {
        "records": f"{DEMANDS} x {ACHIEVEMENTS}",
        "wall_s": round(wall, 1),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
        "max_rss_mb": round(after.ru_maxrss / 1024),
        "load_average_1m": round(os.getloadavg()[0], 1),
        "cores": os.cpu_count(),
        **{f"{key}_s": value for key, value in summary["seconds"].items()},
        "shortlists": summary["shortlists"],
        "meetings": summary["meetings"],
        "unscheduled": summary["unscheduled"],
        "mutual_pairs": summary["mutual_pairs"],
    }
    print("\npre-docking at event scale")
    for key, value in figures.items():
        print(f"  {key:<22} {value}")
    Path(os.environ.get("PREDOCK_BENCH_JSON") or tmp_path / "predock-bench.json").write_text(
        json.dumps(figures, indent=2)
    )

    book = load_workbook(out, read_only=True)
    forward = list(book["demand_to_technology"].iter_rows(values_only=True))
    backward = list(book["technology_to_demand"].iter_rows(values_only=True))
    assert len(forward) == 1 + DEMANDS * K and len(backward) == 1 + ACHIEVEMENTS * K
    reasons = forward[0].index("reasons")
    assert all(row[reasons] for row in forward[1:])
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
