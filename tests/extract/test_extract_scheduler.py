"""``countybrief extract --scheduler ADDRESS``: the Dask path of extraction, on a real
``distributed.LocalCluster`` (2 worker processes, 1 thread each), gives the same store as a
local extract, and bad articles are reported the same way while the others are still
extracted. No timing assertions."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import countybrief.cli
import countybrief.pipeline
from countybrief.cli import main
from countybrief.store import open_store
from countybrief.store.schema import TABLES

distributed = pytest.importorskip("distributed", reason="needs the dask extra: pip install -e '.[dask]'")

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"

#: the stable id each table is sorted by before comparing
SORT_KEYS = {"documents": "doc_id", "facts": "fact_id", "regions": "adcode"}

# bad articles put beside the sample ones: name, bytes, words their error line must contain
# (the same words tests/safety/test_bad_articles.py asks of the local path)
BAD = [
    ("empty.txt", b"", ["is empty"]),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, ["PNG image"]),
    ("noise.txt", bytes(range(128, 256)) * 40, ["re-save the file as UTF-8"]),
]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


def _executed(cluster) -> int:
    """Tasks executed so far by all the cluster's workers (each in its own process)."""
    with distributed.Client(cluster) as client:
        counts = client.run(lambda dask_worker: (os.getpid(), dask_worker.state.executed_count))
    assert len(counts) == 2
    assert all(pid != os.getpid() for pid, _ in counts.values())  # real worker processes
    return sum(n for _, n in counts.values())


def _extract(args, capsys, *, cluster_only: bool = False):
    """``countybrief extract ARGS``; returns (exit code, stderr lines, stdout).

    With ``cluster_only``, extraction in this (the client's) process raises, so a result
    can only come from the cluster's worker processes.
    """
    def no_local(*a, **kw):
        raise AssertionError("extracted in the client process, not on the cluster")

    capsys.readouterr()
    with pytest.MonkeyPatch.context() as mp:
        if cluster_only:
            mp.setattr(countybrief.cli, "extract_corpus", no_local)
            mp.setattr(countybrief.pipeline, "extract_corpus", no_local)
        code = main(["extract", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def _cell(value):
    """List cells (numpy arrays after Parquet, nested for ``spans``) as tuples, so that
    frames compare by value."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    return tuple(_cell(v) for v in value) if isinstance(value, (list, tuple)) else value


def _table(store: Path, name: str) -> pd.DataFrame:
    frame = pq.read_table(store / f"{name}.parquet").to_pandas()
    key = SORT_KEYS[name]
    assert frame[key].is_unique, f"{name}.{key} is not a stable id"
    frame = frame.sort_values(key, kind="stable").reset_index(drop=True)
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].map(_cell)
    return frame


def assert_same_store(local: Path, remote: Path) -> None:
    assert sorted(p.name for p in local.iterdir()) == sorted(p.name for p in remote.iterdir())
    for name, schema in TABLES.items():
        a, b = _table(local, name), _table(remote, name)
        assert list(a.columns) == list(b.columns) == schema.names
        # Every column is compared, none ignored: the extraction is deterministic and both
        # runs read the same input paths, so even documents.path (the path as given) and
        # documents.text must match.
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=f"{name}.parquet")
    ma, mb = (json.loads((s / "manifest.json").read_text(encoding="utf-8")) for s in (local, remote))
    # "created" is the time each store was written: the only field that legitimately differs
    ma.pop("created"), mb.pop("created")
    assert ma == mb


def test_extract_on_cluster_gives_the_same_store(cluster, tmp_path, capsys):
    articles = sorted(RAW.glob("*.txt"))
    assert len(articles) == 5

    code, err, _ = _extract([RAW, "--data", tmp_path / "local"], capsys)
    assert code == 0, err

    before = _executed(cluster)
    code, err, _ = _extract([RAW, "--data", tmp_path / "dask", "--scheduler", cluster.scheduler_address],
                            capsys, cluster_only=True)
    assert code == 0, err
    assert not [line for line in err if line.startswith("error")], err
    assert _executed(cluster) - before == len(articles)  # one task per article, none retried

    assert_same_store(tmp_path / "local", tmp_path / "dask")
    store = open_store(tmp_path / "dask")
    assert sorted(store.documents["doc"]) == [p.name for p in articles]
    assert len(store.facts) > 0 and (store.regions["n_facts"] > 0).any()
    assert any(f"extracted {len(store.documents)} documents, {len(store.facts)} facts" in line
               for line in err)

    # --jsonl: the same facts, in the same order
    code, _, local_out = _extract([RAW, "--jsonl"], capsys)
    assert code == 0
    code, err, dask_out = _extract([RAW, "--jsonl", "--scheduler", cluster.scheduler_address],
                                   capsys, cluster_only=True)
    assert code == 0, err
    assert dask_out == local_out and len(dask_out.splitlines()) == len(store.facts)


def test_bad_articles_on_cluster_named_and_others_kept(cluster, tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in sorted(RAW.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    for name, data, _ in BAD:
        (folder / name).write_bytes(data)

    code_local, err_local, _ = _extract([folder, "--data", tmp_path / "local"], capsys)
    code, err, _ = _extract([folder, "--data", tmp_path / "dask", "--scheduler", cluster.scheduler_address],
                            capsys, cluster_only=True)
    assert code_local == 1
    assert code == 1
    for name, _, words in BAD:
        line = next((line for line in err if name in line), None)
        assert line is not None, f"{name} not named in: {err}"
        assert line.startswith("error: ")
        for word in words:
            assert word in line, line
    # the very same error messages as the local path, in the same order
    assert [line for line in err if line.startswith("error")] == \
        [line for line in err_local if line.startswith("error")]

    store = open_store(tmp_path / "dask")
    assert sorted(store.documents["doc"]) == sorted(p.name for p in RAW.glob("*.txt"))
    assert_same_store(tmp_path / "local", tmp_path / "dask")


def test_relative_paths_are_read_from_the_client_folder(cluster, tmp_path, capsys, monkeypatch):
    """Workers have a working folder of their own (here: the one the cluster started in), so a
    relative article path is made absolute before it is sent to them, as the article
    files must be on storage every worker sees at the same path."""
    shutil.copytree(RAW, tmp_path / "articles")
    monkeypatch.chdir(tmp_path)  # the client's folder is no longer the workers'
    with distributed.Client(cluster) as client:
        assert str(tmp_path) not in client.run(os.getcwd).values()
    code, err, _ = _extract(["articles", "--data", "store", "--scheduler", cluster.scheduler_address],
                            capsys, cluster_only=True)
    assert code == 0, err
    store = open_store(tmp_path / "store")
    assert sorted(store.documents["doc"]) == sorted(p.name for p in RAW.glob("*.txt"))
    assert sorted(store.documents["path"]) == sorted(str(tmp_path / "articles" / p.name)
                                                     for p in RAW.glob("*.txt"))


def test_regions_yaml_applies_on_the_cluster(cluster, tmp_path, capsys):
    """A ``regions.yaml`` above an article's own folder (up to the folder given to
    extract) assigns its region on the workers as it does locally."""
    sub = tmp_path / "articles" / "county-site"
    sub.mkdir(parents=True)
    (sub / "ours.txt").write_text("我区今年精准脱贫306户1012人。", encoding="utf-8")
    (tmp_path / "articles" / "regions.yaml").write_text("'county-site/*.txt': 华州区\n",
                                                         encoding="utf-8")
    code, err, _ = _extract([tmp_path / "articles", "--data", tmp_path / "store", "--scheduler",
                             cluster.scheduler_address], capsys, cluster_only=True)
    assert code == 0, err
    assert set(open_store(tmp_path / "store").facts["region"]) == {"华州区"}


def test_article_gone_before_a_worker_reads_it_is_worded_as_locally(cluster, tmp_path):
    from countybrief.render.distributed import _extract_file

    gone = tmp_path / "gone.txt"
    with distributed.Client(cluster) as client:
        result = client.submit(_extract_file, str(gone), None, pure=False).result()
    assert result.extractions == []
    assert result.errors == [f"{gone}: disappeared before it could be read (skipped)"]
