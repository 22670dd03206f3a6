"""Nothing lost: a killed `extract` leaves the previous store readable, and a re-run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from countybrief.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def _extract(paths, store):
    return [sys.executable, "-m", "countybrief.cli", "extract", *map(str, paths), "--data", str(store),
            "--replace"]  # the same store, from other articles each time


def test_store_survives_a_killed_extract(tmp_path):
    store = tmp_path / "extracted"
    subprocess.run(_extract([ROOT / "data" / "raw"], store), check=True, capture_output=True)
    before = open_store(store)

    big = tmp_path / "big"
    big.mkdir()
    samples = sorted((ROOT / "data" / "raw").glob("*.txt"))
    for i in range(3000):  # long enough to be still running when it is killed
        src = samples[i % len(samples)]
        (big / f"{i:04d}-{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n{i}",
                                                 encoding="utf-8")
    for delay in (1.0, 3.0):
        proc = subprocess.Popen(_extract([big], store), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        assert proc.poll() is None, "extract finished before it could be killed: use more articles"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        after = open_store(store)
        assert after.manifest["counts"] == before.manifest["counts"]
        assert len(after.facts) == len(before.facts)

    subprocess.run(_extract([ROOT / "data" / "raw" / samples[0].name], store), check=True,
                   capture_output=True)
    assert list(open_store(store).documents["doc"]) == [samples[0].name]
