"""Extracted data written by an older (or newer, or damaged) schema: refused with a rebuild hint."""

import json

import pytest

from countybrief.cli import main
from countybrief.store import SCHEMA_VERSION, write_store
from tests.fixtures.make_store import sample_extractions


def _store(tmp_path, **manifest):
    write_store(sample_extractions(), tmp_path / "extracted")
    m = tmp_path / "extracted" / "manifest.json"
    data = json.loads(m.read_text())
    data.update(manifest)
    m.write_text(json.dumps(data))
    return tmp_path / "extracted"


@pytest.mark.parametrize("manifest, words", [
    ({"schema_version": 0}, ["too old", "countybrief extract"]),
    ({"schema_version": SCHEMA_VERSION + 1}, ["newer", "upgrade countybrief"]),
    ({"schema_version": "one"}, ["unreadable manifest", "countybrief extract"]),
], ids=["older", "newer", "garbled"])
def test_params_refuses_store_it_cannot_read(tmp_path, capsys, manifest, words):
    store = _store(tmp_path, **manifest)
    assert main(["params", "--data", str(store), "--params", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "manifest.json" in err
    for w in words:
        assert w in err
    assert not (tmp_path / "p").exists()


def test_damaged_table_named(tmp_path, capsys):
    store = _store(tmp_path)
    (store / "facts.parquet").write_bytes(b"not parquet")
    assert main(["params", "--data", str(store), "--params", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "damaged store" in err and "countybrief extract" in err
