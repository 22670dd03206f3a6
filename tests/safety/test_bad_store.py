"""Extracted data written by an older (or newer, or damaged) schema: refused with a rebuild hint."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from countybrief.cli import main
from countybrief.errors import NoStoreError, StoreError
from countybrief.store import SCHEMA_VERSION, open_store, write_store
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
    assert f"{store / 'manifest.json'}: schema version 1 is too old to read (current {SCHEMA_VERSION})" in err
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


def _render_all(root, capsys):
    code = main(["render", "--all", "--root", str(root), "--formats", "html"])
    return code, capsys.readouterr().err


def test_store_folder_without_manifest_refused_not_rebuilt_from_raw(tmp_path, capsys, monkeypatch):
    """A folder that exists but is no store is damage: never silently replaced by the
    articles in data/raw (only a missing store folder falls back to them)."""
    from countybrief.store import has_store

    from ._project import small_project, without_overview

    without_overview(monkeypatch)
    root = small_project(tmp_path / "p")
    (root / "data" / "raw").mkdir()
    (root / "data" / "raw" / "a.txt").write_text("白银区精准脱贫306户1012人。", encoding="utf-8")
    store = root / "data" / "extracted"
    (store / "manifest.json").unlink()
    code, err = _render_all(root, capsys)
    assert code == 2, err
    assert f"{store}: damaged store: the folder has no manifest.json" in err
    assert "Traceback" not in err and not (root / "output" / "620402-白银区").exists()
    assert main(["params", "--root", str(root)]) == 2
    assert "damaged store: the folder has no manifest.json" in capsys.readouterr().err
    with pytest.raises(StoreError, match="no manifest.json"):
        has_store(store)
    assert has_store(tmp_path / "missing") is False
    with pytest.raises(NoStoreError):
        open_store(tmp_path / "missing")


def test_empty_store_folder_refused(tmp_path, capsys):
    (tmp_path / "extracted").mkdir()
    assert main(["params", "--data", str(tmp_path / "extracted"), "--params", str(tmp_path / "p")]) == 2
    assert "damaged store: the folder has no manifest.json" in capsys.readouterr().err


@pytest.mark.parametrize("table", ["facts", "documents", "regions"])
def test_parquet_table_with_other_columns_is_a_damaged_store(tmp_path, capsys, table):
    store = _store(tmp_path)
    pq.write_table(pa.table({"a": [1], "b": ["x"]}), store / f"{table}.parquet")
    assert main(["params", "--data", str(store), "--params", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert f"{store}: damaged store: {table}.parquet lacks the columns" in err
    assert "countybrief extract" in err and "Traceback" not in err and "KeyError" not in err


def test_flags_column_of_the_wrong_type_is_a_damaged_store(tmp_path, capsys):
    store = _store(tmp_path)
    facts = pq.read_table(store / "facts.parquet")
    i = facts.schema.get_field_index("flags")
    facts = facts.set_column(i, "flags", pa.array([7] * facts.num_rows))
    pq.write_table(facts, store / "facts.parquet")
    assert main(["params", "--data", str(store), "--params", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "damaged store" in err and "Traceback" not in err
