import json

import pytest

from countybrief.errors import StoreError
from countybrief.store import SCHEMA_VERSION, open_store, write_store
from tests.fixtures.make_store import sample_extractions


@pytest.fixture()
def store(tmp_path):
    write_store(sample_extractions(), tmp_path / "extracted")
    return open_store(tmp_path / "extracted")


def test_duplicate_article_counted_once(store):
    assert sorted(store.documents["doc"]) == ["a.txt", "b.txt", "c.txt"]
    row = store.documents.set_index("doc").loc["a.txt"]
    assert list(row["duplicates"]) == ["a-copy.txt"]
    assert len(store.facts[store.facts["doc"] == "a.txt"]) == 5


def test_conflicting_values_flagged_in_both_documents(store):
    f = store.facts
    hh = f[(f["indicator"] == "poverty_exit_households") & (f["adcode"] == "620402")]
    assert sorted(hh["value"]) == [306, 310]
    assert all("conflict" in flags for flags in hh["flags"])
    same = f[(f["indicator"] == "poverty_exit_population")]
    assert not any("conflict" in flags for flags in same["flags"])


def test_null_values_survive_roundtrip(store):
    f = store.facts
    row = f[f["indicator"] == "income_per_capita"].iloc[0]
    assert row["value"] != row["value"]  # NaN
    assert "digits_missing" in row["flags"]


def test_region_lookup_and_slices(store):
    assert store.region("白城市").level == "prefecture"
    assert store.region("220822-通榆县").name == "通榆县"
    assert len(store.region_facts("220822")) == 2
    assert set(store.region_documents("220822")["doc"]) == {"b.txt"}
    with pytest.raises(StoreError, match="no region '华州区'"):
        store.region("华州区")


def test_missing_store_says_how_to_build(tmp_path):
    with pytest.raises(StoreError, match="countybrief extract"):
        open_store(tmp_path / "nothing")


def test_old_schema_refused_with_rebuild_hint(tmp_path):
    write_store(sample_extractions(), tmp_path / "x")
    m = tmp_path / "x" / "manifest.json"
    data = json.loads(m.read_text())
    data["schema_version"] = 0
    m.write_text(json.dumps(data))
    with pytest.raises(StoreError, match="too old.*rebuild"):
        open_store(tmp_path / "x")
    assert SCHEMA_VERSION >= 1


def test_rewrite_replaces_atomically(tmp_path):
    out = tmp_path / "extracted"
    write_store(sample_extractions(), out)
    write_store(sample_extractions()[:1], out)
    assert len(open_store(out).documents) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["extracted"]
