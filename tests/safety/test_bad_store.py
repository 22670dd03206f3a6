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


def test_version_1_store_refused_with_the_command_that_rebuilds_it(tmp_path, capsys):
    """v1 filled unstated years with the publication year: refused, not guessed at."""
    store = _store(tmp_path, schema_version=1)
    assert main(["params", "--data", str(store), "--params", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert f"{store / 'manifest.json'}: schema version 1 is too old to read (current 2)" in err
    assert "publication year" in err
    assert f"rebuild it with `countybrief extract data/raw --data {store}`" in err
    assert not (tmp_path / "p").exists()


def test_render_refuses_a_version_1_store_before_any_region(tmp_path, capsys):
    store = _store(tmp_path, schema_version=1)
    params = tmp_path / "p"
    params.mkdir()
    (params / "620402-白银区.yaml").write_text("region: 白银区\nadcode: '620402'\n", encoding="utf-8")
    code = main(["render", "--all", "--data", str(store), "--params", str(params),
                 "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "schema version 1 is too old" in err and f"--data {store}`" in err
    assert not (tmp_path / "out").exists()
