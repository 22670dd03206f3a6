"""Shared storage as an fsspec URL (``countybrief.storage``), on a real FTP server
(pyftpdlib, 127.0.0.1, temporary root): atomic puts, the extracted store published as a
version plus a pointer and read through a local copy, clear errors for bad URLs, and
local paths kept off fsspec. The render side is in tests/render/test_remote_output.py."""

from __future__ import annotations

import importlib.util
import json
import socket
from pathlib import Path

import pandas as pd
import pytest

from countybrief import storage
from countybrief.cli import main
from countybrief.errors import StorageError, StoreError
from countybrief.store import open_store, write_store
from tests.fixtures.ftp import FTPStorage
from tests.fixtures.make_store import sample_extractions


@pytest.fixture()
def ftp(tmp_path):
    with FTPStorage(tmp_path / "served") as server:
        yield server


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """Local copies of remote stores in this test's folder, not in ~/.cache."""
    monkeypatch.setenv("COUNTYBRIEF_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _changed_extractions(value: float):
    exs = sample_extractions()
    for ex in exs:
        for f in ex.facts:
            if f.adcode == "220822" and f.indicator == "relocated_population":
                f.value = value
    return exs


def _relocated(store) -> float:
    facts = store.region_facts("220822")
    return float(facts.loc[facts["indicator"] == "relocated_population", "value"].iloc[0])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_local_paths_stay_paths_and_never_touch_fsspec(tmp_path, monkeypatch):
    assert storage.location("output") == Path("output")
    p = tmp_path / "x"
    assert storage.location(p) is p
    assert storage.location("file:///tmp/cb%20out") == Path("/tmp/cb out")
    assert storage.location("s3://bucket/cb/output/") == "s3://bucket/cb/output"
    assert not storage.is_url(Path("s3://bucket"))  # a Path is always local
    assert storage.join("s3://b/cb", ".countybrief/keys", "a.json") == "s3://b/cb/.countybrief/keys/a.json"
    assert storage.join(tmp_path, "a", "b") == tmp_path / "a" / "b"

    def no_fsspec(*a, **kw):
        raise AssertionError("fsspec used for a local path")

    monkeypatch.setattr(storage, "filesystem", no_fsspec)
    write_store(sample_extractions(), tmp_path / "extracted")
    store = open_store(str(tmp_path / "extracted"))
    assert store.source is None and store.path == tmp_path / "extracted"
    assert not storage.exists(tmp_path / "nothing")


def test_puts_are_atomic_and_leave_no_temporary_files(ftp, tmp_path):
    url = ftp.url("a/b/c.txt")
    storage.put_bytes(url, "first")
    storage.put_bytes(url, "second")  # over an existing file
    assert storage.read_bytes(url) == b"second" and storage.exists(url)
    big = bytes(range(256)) * 1500  # several FTP blocks
    (tmp_path / "big.bin").write_bytes(big)
    storage.put_file(tmp_path / "big.bin", ftp.url("a/big.bin"))
    assert ftp.path("a/big.bin").read_bytes() == big
    assert storage.listdir(ftp.url("a")) == {"b": {"type": "directory", "size": 0},
                                             "big.bin": {"type": "file", "size": len(big)}}
    assert sorted(p.name for p in ftp.path().rglob("*")) == ["a", "b", "big.bin", "c.txt"]
    storage.remove(url)
    storage.remove(url)  # already gone: fine
    assert not storage.exists(url) and storage.listdir(ftp.url("nowhere")) == {}
    with pytest.raises(FileNotFoundError):
        storage.read_bytes(url)


def test_dropped_connections_are_reopened(tmp_path, monkeypatch):
    with FTPStorage(tmp_path / "served", idle_timeout=1) as ftp:
        url = ftp.url("a.txt")
        storage.put_bytes(url, "kept")
        fs, _ = storage.filesystem(url)
        fs.ftp.close()  # a connection gone under us: retried once on a new one
        assert storage.read_bytes(url) == b"kept"
        # the server drops the idle session (421), which fsspec reports as "not found":
        # a connection idle for longer than IDLE_RECONNECT_SECONDS is not reused
        monkeypatch.setattr(storage, "IDLE_RECONNECT_SECONDS", 0.5)
        storage.time.sleep(2)
        assert storage.read_bytes(url) == b"kept"


def test_store_published_as_a_version_then_read_through_a_local_copy(ftp, tmp_path, cache):
    url = ftp.url("cb/extracted")
    counts = write_store(sample_extractions(), url)
    pointer = json.loads(ftp.path("cb/extracted/manifest.json").read_text())
    version = pointer["version"]
    assert sorted(p.name for p in ftp.path(f"cb/extracted/v/{version}").iterdir()) == [
        "documents.parquet", "facts.parquet", "manifest.json", "regions.parquet"]
    assert set(pointer["files"]) == {"documents.parquet", "facts.parquet", "regions.parquet"}
    assert pointer["counts"] == counts

    write_store(sample_extractions(), tmp_path / "local")
    local = open_store(tmp_path / "local")
    remote = open_store(url)
    assert remote.source == url and cache in remote.path.parents
    for name in ("documents", "facts", "regions"):
        pd.testing.assert_frame_equal(getattr(remote, name), getattr(local, name))
    with pytest.raises(StoreError, match="no region '白云区'") as err:
        remote.region("白云区")
    assert url in str(err.value)  # the URL, not the local copy


def test_local_copy_is_fetched_again_only_when_the_store_changes(ftp, cache, monkeypatch):
    url = ftp.url("cb/extracted")
    write_store(sample_extractions(), url)
    import shutil

    shutil.rmtree(cache)  # as on a worker that never saw this store
    reads = []
    real = storage.read_bytes
    monkeypatch.setattr(storage, "read_bytes", lambda t: reads.append(str(t)) or real(t))
    assert _relocated(open_store(url)) == 9559
    tables = [r for r in reads if r.endswith(".parquet")]
    assert len(tables) == 3
    reads.clear()
    open_store(url)
    assert reads == [f"{url}/manifest.json"]  # the pointer only: the copy is current

    write_store(_changed_extractions(9560), url)
    shutil.rmtree(cache)
    assert _relocated(open_store(url)) == 9560


def test_interrupted_publish_leaves_the_previous_store(ftp, cache, monkeypatch):
    url = ftp.url("cb/extracted")
    write_store(sample_extractions(), url)
    real_put = storage.put_bytes

    def killed_at_the_switch(target, data):
        if str(target) == f"{url}/manifest.json":
            raise KeyboardInterrupt
        return real_put(target, data)

    monkeypatch.setattr(storage, "put_bytes", killed_at_the_switch)
    with pytest.raises(KeyboardInterrupt):
        write_store(_changed_extractions(9560), url)
    monkeypatch.setattr(storage, "put_bytes", real_put)
    assert len(list(ftp.path("cb/extracted/v").iterdir())) == 2  # the new version, unused
    import shutil

    shutil.rmtree(cache)
    assert _relocated(open_store(url)) == 9559


def test_reader_racing_a_writer_reads_again(ftp, cache, monkeypatch):
    url = ftp.url("cb/extracted")
    write_store(sample_extractions(), url)
    version = json.loads(ftp.path("cb/extracted/manifest.json").read_text())["version"]
    facts = ftp.path(f"cb/extracted/v/{version}/facts.parquet")
    good = facts.read_bytes()
    facts.write_bytes(good[:-10])  # not the bytes the manifest vouches for
    import shutil

    shutil.rmtree(cache)
    sleeps = []
    monkeypatch.setattr(storage.time, "sleep", lambda s: sleeps.append(s) or facts.write_bytes(good))
    assert _relocated(open_store(url)) == 9559
    assert len(sleeps) == 1

    facts.write_bytes(good[:-10])
    shutil.rmtree(cache)
    monkeypatch.setattr(storage.time, "sleep", lambda s: None)
    with pytest.raises(StoreError, match="kept changing"):
        open_store(url)


def test_old_versions_are_collected(ftp, monkeypatch):
    url = ftp.url("cb/extracted")
    monkeypatch.setattr(storage, "VERSION_KEEP_SECONDS", -1)
    versions = []
    for value in (9561, 9562, 9563):
        write_store(_changed_extractions(value), url)
        versions.append(json.loads(ftp.path("cb/extracted/manifest.json").read_text())["version"])
    assert sorted(p.name for p in ftp.path("cb/extracted/v").iterdir()) == sorted(versions[1:])
    assert _relocated(open_store(url)) == 9563


def test_store_in_the_local_layout_at_a_url_is_read(ftp, tmp_path):
    write_store(sample_extractions(), tmp_path / "local")
    for p in (tmp_path / "local").iterdir():  # copied as is, e.g. by `aws s3 sync`
        storage.put_file(p, ftp.url(f"copied/{p.name}"))
    assert _relocated(open_store(ftp.url("copied"))) == 9559


def _missing_package_protocol() -> str:
    from fsspec.registry import known_implementations

    for protocol, impl in sorted(known_implementations.items()):
        module = impl["class"].split(".")[0]
        if module != "fsspec" and importlib.util.find_spec(module) is None:
            return protocol
    raise AssertionError("every fsspec filesystem package is installed")


def test_bad_urls_are_clear_errors(ftp, tmp_path, capsys):
    unreachable = f"ftp://127.0.0.1:{_free_port()}/cb/extracted"
    with pytest.raises(StorageError, match=r"ftp://127\.0\.0\.1:\d+/cb/extracted.*cannot reach"):
        open_store(unreachable)
    protocol = _missing_package_protocol()
    with pytest.raises(StorageError, match=f"{protocol}:// filesystem is not installed.*pip install"):
        open_store(f"{protocol}://bucket/cb/extracted")
    with pytest.raises(StorageError, match="unknown storage protocol 'nosuchfs'"):
        open_store("nosuchfs://bucket/cb")
    with pytest.raises(StoreError, match="no extracted data here"):
        open_store(ftp.url("empty"))
    assert storage.redact("ftp://me:secret@host/x") == "ftp://me:***@host/x"

    capsys.readouterr()
    assert main(["params", "--data", unreachable, "--params", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert f"error: {unreachable}" in err and "cannot reach the storage" in err
    assert "Traceback" not in err


def test_cli_extract_then_params_from_a_url(ftp, tmp_path, capsys):
    root = Path(__file__).resolve().parents[1]
    url = ftp.url("cb/extracted")
    assert main(["extract", "--root", str(root), "--data", url, str(root / "data" / "raw")]) == 0
    assert f"-> {url}" in capsys.readouterr().err
    assert main(["params", "--root", str(root), "--data", url, "--params", str(tmp_path / "p")]) == 0
    assert (tmp_path / "p" / "620402-白银区.yaml").is_file()


def test_briefing_loads_its_region_from_a_url(ftp, tmp_path):
    from countybrief.briefing import Briefing
    from countybrief.briefing.data import load_region

    url = ftp.url("cb/extracted")
    write_store(sample_extractions(), url)
    briefing = Briefing.load("通榆县", "220822", url)
    assert not briefing.data.built_from_raw and briefing.data.origin == url
    assert 9559 in set(briefing.data.facts["value"])
    # no store at the URL: the raw articles are extracted in memory, as for a folder
    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    data = load_region("白银区", "620402", ftp.url("nothing-here"), raw)
    assert data.built_from_raw and len(data.facts) > 0
