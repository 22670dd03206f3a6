import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from countybrief.errors import StoreError
from countybrief.model import Extraction
from countybrief.store import SCHEMA_VERSION, open_store, write_store
from tests.fixtures.make_store import BAIYIN, _doc, _fact, sample_extractions


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


def test_v1_store_refused_saying_why_and_how_to_rebuild(tmp_path):
    folder = tmp_path / "x"
    write_store(sample_extractions(), folder)
    m = folder / "manifest.json"
    m.write_text(json.dumps({**json.loads(m.read_text()), "schema_version": 1}))
    with pytest.raises(StoreError) as exc:
        open_store(folder)
    msg = str(exc.value)
    assert str(m) in msg and "schema version 1 is too old" in msg
    assert "publication year" in msg  # why it is not migrated
    # the articles' folder as the store lists them (data/raw/a.txt...), and this store
    assert f"`countybrief extract data/raw --data {folder}`" in msg


def test_schema_version_2_columns_roundtrip(tmp_path):
    text = "2019年以来该区累计脱贫1200人，截至2020年6月底剩余贫困人口35人，其中红星村脱贫80人。"
    d = _doc("v2", "v2.txt", BAIYIN, text, published="2020-07-02")
    facts = [
        _fact(d, BAIYIN, "poverty_exit_population", 1200, "人", 2020, text, "1200人",
              ["cumulative"], since=2019, spans=[(14, 19), (40, 45)]),
        _fact(d, BAIYIN, "poor_population", 35, "人", 2020, text, "35人", as_of="2020-06"),
        _fact(d, BAIYIN, "poverty_exit_population", 80, "人", None, text, "80人",
              scope="part", part="红星村", qualifier="over"),
    ]
    write_store([Extraction(d, facts, [BAIYIN])], tmp_path / "s")
    store = open_store(tmp_path / "s")
    assert store.manifest["schema_version"] == SCHEMA_VERSION == 3
    f = store.facts.set_index("quote")
    assert f.loc["1200人", "since"] == 2019 and f.loc["1200人", "spans"] == [[14, 19], [40, 45]]
    assert all(type(x) is int for span in f.loc["1200人", "spans"] for x in span)
    assert f.loc["35人", "as_of"] == "2020-06" and f.loc["35人", "since"] is pd.NA
    assert (f.loc["80人", "scope"], f.loc["80人", "part"], f.loc["80人", "qualifier"]) == \
        ("part", "红星村", "over")
    assert f.loc["80人", "year"] is pd.NA  # stated nowhere: not the publication year
    assert set(f["published"]) == {"2020-07-02"}
    start = text.find("35人")
    assert f.loc["35人", "spans"] == [[start, start + 3]]
    # in the file: JSON text, exact for any Parquet reader
    raw = pq.read_table(tmp_path / "s" / "facts.parquet").column("spans").to_pylist()
    assert sorted(json.loads(v) for v in raw)[0] == [[14, 19], [40, 45]]


def _pair(tmp_path, first: dict, second: dict):
    """Two documents reporting 300 and 320 households for 白银区, with the given fields."""
    exs = []
    for n, (value, kw) in enumerate([(300, first), (320, second)]):
        text = f"白银区脱贫{value}户。"
        d = _doc(f"p{n}", f"p{n}.txt", BAIYIN, text)
        kw = dict(kw)
        year, flags = kw.pop("year", 2018), kw.pop("flags", [])
        exs.append(Extraction(d, [_fact(d, BAIYIN, "poverty_exit_households", value, "户",
                                        year, text, f"{value}户", flags, **kw)], [BAIYIN]))
    write_store(exs, tmp_path / "pair")
    return [list(fl) for fl in open_store(tmp_path / "pair").facts["flags"]]


@pytest.mark.parametrize("first, second, clash", [
    ({}, {}, True),
    ({"flags": ["cumulative"]}, {"flags": ["cumulative"]}, True),
    ({"year": None}, {"year": None}, False),
    ({}, {"year": None}, False),
    ({}, {"flags": ["planned"]}, False),
    ({}, {"scope": "part", "part": "红星村"}, False),
    ({"scope": "part", "part": "红星村"}, {"scope": "part", "part": "红星村"}, False),
    ({}, {"flags": ["cumulative"]}, False),
    ({"year": 2018}, {"year": 2019}, False),
], ids=["same-key", "both-cumulative", "no-year", "one-no-year", "planned", "part",
        "both-part", "cumulative-vs-annual", "other-year"])
def test_conflicts_only_between_comparable_facts(tmp_path, first, second, clash):
    flags = _pair(tmp_path, first, second)
    assert [("conflict" in fl) for fl in flags] == [clash, clash]


def test_rewrite_replaces_atomically(tmp_path):
    out = tmp_path / "extracted"
    write_store(sample_extractions(), out)
    write_store(sample_extractions()[:1], out)
    assert len(open_store(out).documents) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["extracted"]


def test_version_2_store_is_migrated_no_fact_corrected(tmp_path):
    """A store written before corrections existed (schema 2) is read, every fact uncorrected."""
    folder = tmp_path / "x"
    write_store(sample_extractions(), folder)
    table = pq.read_table(folder / "facts.parquet")
    pq.write_table(table.drop_columns(["corrected", "original"]), folder / "facts.parquet")
    m = folder / "manifest.json"
    m.write_text(json.dumps({**json.loads(m.read_text()), "schema_version": 2}))
    store = open_store(folder)
    assert len(store.facts) == table.num_rows
    assert store.facts["corrected"].dtype == bool and not store.facts["corrected"].any()
    assert store.facts["original"].isna().all()


def test_corrected_fact_roundtrip(tmp_path):
    from dataclasses import replace

    ex = sample_extractions()[0]
    fact = replace(ex.facts[0], value=307.0, corrected=True, original={"value": 306.0})
    write_store([Extraction(ex.document, [fact, *ex.facts[1:]], ex.regions)], tmp_path / "s")
    facts = open_store(tmp_path / "s").facts.set_index("quote")
    assert facts.loc["306户", "corrected"] and facts.loc["306户", "value"] == 307
    assert json.loads(facts.loc["306户", "original"]) == {"value": 306.0}
    assert not facts.loc["1012人", "corrected"] and pd.isna(facts.loc["1012人", "original"])
