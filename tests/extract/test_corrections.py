"""corrections.yaml: an analyst's corrections applied on every extract, kept by file name
and quote across re-extraction, reported when they match nothing, refused when malformed.
Articles and figures are made up."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from countybrief.cli import main
from countybrief.corrections import apply_corrections, check_entry, load_corrections
from countybrief.errors import CorrectionsError
from countybrief.store import open_store
from tests.extract.conftest import extract_text

COUNTY = "榆中县扶贫工作简报\n2018年榆中县精准脱贫2100户8300人，贫困发生率降至2.5%。其中青石村脱贫150人。全县投入扶贫资金3.2亿元。\n"
NAMELESS = "我县产业扶贫工作综述\n今年以来，我县共有486户1530人实现稳定脱贫，发放扶贫小额信贷8000万元。\n"


def project(root: Path, corrections: str | None = None) -> Path:
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "a.txt").write_text(COUNTY, encoding="utf-8")
    (raw / "b.txt").write_text(NAMELESS, encoding="utf-8")
    if corrections is not None:
        (root / "corrections.yaml").write_text(textwrap.dedent(corrections), encoding="utf-8")
    return root


def extract(root: Path, *more: str) -> int:
    return main(["extract", "--root", str(root), *more])


def facts(root: Path):
    return open_store(root / "data" / "extracted").facts.set_index("quote")


def test_set_value_and_year_survives_a_re_extract(tmp_path, capsys):
    root = project(tmp_path, """\
        - doc: a.txt
          quote: 8300人
          set: {value: 8310, year: 2019}
          note: 县政府工作报告为8310人
        """)
    for _ in range(2):  # every extract applies it: the store is rebuilt from the articles
        assert extract(root) == 0
        f = facts(root)
        assert f.loc["8300人", "value"] == 8310 and f.loc["8300人", "year"] == 2019
        assert f.loc["8300人", "corrected"]
        assert json.loads(f.loc["8300人", "original"]) == {"value": 8300.0, "year": 2018}
        assert not f.loc["2100户", "corrected"] and f.loc["2100户", "value"] == 2100
    err = capsys.readouterr().err
    assert "corrections.yaml: entry" not in err and "applied 1 of 1 corrections in" in err


def test_drop_and_scope_part(tmp_path):
    root = project(tmp_path, """\
        - doc: a.txt
          quote: 2.5%
          drop: true
        - doc: a.txt
          quote: 150人
          set: {scope: whole}
        - doc: a.txt
          quote: 2100户
          set: {part: 红柳村}
        """)
    assert extract(root) == 0
    f = facts(root)
    assert "2.5%" not in f.index
    assert f.loc["150人", "scope"] == "whole" and pd.isna(f.loc["150人", "part"])
    assert json.loads(f.loc["150人", "original"])["scope"] == "part"
    assert (f.loc["2100户", "scope"], f.loc["2100户", "part"]) == ("part", "红柳村")
    assert json.loads(f.loc["2100户", "original"]) == {"part": None, "scope": "whole"}


def test_assign_an_articles_region(tmp_path, capsys):
    root = project(tmp_path, """\
        - doc: b.txt
          region: 榆中县
        - doc: b.txt
          quote: 8000万元
          set: {planned: true}
        """)
    assert extract(root) == 0
    err = capsys.readouterr().err
    assert "names no region" not in err  # assigned: no warning about it
    store = open_store(root / "data" / "extracted")
    doc = store.documents.set_index("doc").loc["b.txt"]
    assert (doc["region"], doc["adcode"]) == ("榆中县", "620123")
    f = store.facts[store.facts["doc"] == "b.txt"].set_index("quote")
    assert set(f["adcode"]) == {"620123"} and f["corrected"].all()
    assert not any("region_unresolved" in fl for fl in f["flags"])
    assert json.loads(f.loc["1530人", "original"])["region"] is None
    assert "planned" in f.loc["8000万元", "flags"]
    n = int((store.facts["adcode"] == "620123").sum())
    assert store.regions.set_index("adcode").loc["620123", "n_facts"] == n >= len(f) + 5


def test_jsonl_is_corrected_too(tmp_path, capsys):
    root = project(tmp_path, """\
        - doc: a.txt
          quote: 3.2亿元
          set: {indicator: poverty_loans, year: 2018}
        """)
    assert extract(root, "--jsonl") == 0
    rows = {r["sentence"][:4] + r["doc"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    row = rows["全县投入a.txt"]
    assert (row["indicator"], row["year"], row["corrected"]) == ("poverty_loans", 2018, True)
    assert row["original"] == {"indicator": "funds_invested", "year": None}
    assert not (tmp_path / "data" / "extracted").exists()  # --jsonl writes no store


def test_a_figure_set_to_another_region_and_a_plan_unset():
    ex = extract_text("榆中县简报\n榆中县计划2020年实现脱贫500人。\n", )
    fact = next(f for f in ex.facts if f.quote == "500人")
    assert "planned" in fact.flags
    entry = check_entry({"doc": "made_up.txt", "quote": "500人",
                         "set": {"region": "620102", "planned": False, "qualifier": "over"}},
                        1, Path("corrections.yaml"))
    out = apply_corrections([ex], [entry], "corrections.yaml")
    (f,) = [f for f in out.extractions[0].facts if f.quote == "500人"]
    assert (f.region, f.adcode, f.city) == ("城关区", "620102", "兰州市")
    assert "planned" not in f.flags and "approx" in f.flags and f.qualifier == "over"
    assert f.original["adcode"] == "620123" and "planned" in f.original["flags"]
    assert out.applied == 1 and not out.warnings


def test_corrections_that_match_nothing_warn_and_the_run_goes_on(tmp_path, capsys):
    root = project(tmp_path, """\
        - doc: gone.txt
          quote: 1人
          drop: true
        - doc: a.txt
          quote: 999人
          set: {year: 2017}
        - doc: a.txt
          quote: 2100户
          set: {value: 2100}
        - doc: a.txt
          quote: 8300人
          set: {year: 2019}
        """)
    assert extract(root) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "corrections.yaml: entry" in line]
    assert len(lines) == 3, err
    assert all(line.startswith("warning: ") and "corrections.yaml: entry " in line for line in lines)
    assert "entry 1 (gone.txt, 1人): no article gone.txt" in lines[0]
    assert "entry 2 (a.txt, 999人): a.txt has no figure '999人'" in lines[1]
    assert "entry 3 (a.txt, 2100户): changes nothing" in lines[2]
    assert facts(root).loc["8300人", "year"] == 2019  # the good entry applied
    assert "applied 1 of 4 corrections" in err


def test_an_ambiguous_quote_is_reported_and_indicator_picks_one():
    text = "榆中县简报\n2017年榆中县脱贫300户，2019年榆中县又有300户搬迁入住。\n"
    ex = extract_text(text)
    assert sorted(f.indicator for f in ex.facts if f.quote == "300户") == \
        ["poverty_exit_households", "relocated_households"]
    both = check_entry({"doc": "made_up.txt", "quote": "300户", "drop": True}, 1, Path("c.yaml"))
    out = apply_corrections([ex], [both], "c.yaml")
    assert "is 2 figures of made_up.txt; add sentence:" in out.warnings[0]
    assert sum(f.quote == "300户" for f in out.extractions[0].facts) == 2
    one = check_entry({"doc": "made_up.txt", "quote": "300户", "indicator": "relocated_households",
                       "set": {"year": 2018}}, 1, Path("c.yaml"))
    out = apply_corrections([ex], [one], "c.yaml")
    assert not out.warnings
    years = {f.indicator: f.year for f in out.extractions[0].facts if f.quote == "300户"}
    assert years == {"poverty_exit_households": 2017, "relocated_households": 2018}


@pytest.mark.parametrize("entries, expected", [
    ("- doc: a.txt\n  quote: 8300人\n  set: {yaer: 2019}\n", "entry 1: set.yaer: unknown field"),
    ("- doc: a.txt\n  quote: 8300人\n  set: {value: 1}\n- doc: a.txt\n  quote: 2100户\n  set: {year: twenty}\n",
     "entry 2: set.year: must be a year"),
    ("- doc: a.txt\n  quote: 8300人\n", "entry 1: set: missing"),
    ("- doc: a.txt\n  quote: 8300人\n  drop: true\n  set: {year: 2019}\n", "entry 1: drop: give either"),
    ("- doc: a.txt\n  quote: 8300人\n  set: {scope: everything}\n", "entry 1: set.scope: must be whole or part"),
    ("- doc: a.txt\n  quote: 8300人\n  set: {indicator: people}\n", "entry 1: set.indicator: unknown indicator"),
    ("- doc: b.txt\n  region: 不存在县\n", "entry 1: region: unknown region"),
    ("- quote: 8300人\n  drop: true\n", "entry 1: doc: missing"),
    ("- doc: a.txt\n  qoute: 8300人\n", "entry 1: qoute: unknown key"),
    ("doc: a.txt\n", "expected a list of corrections"),
    ("- &x {doc: a.txt, quote: 8300人, drop: true}\n", "anchors and aliases are not allowed"),
])
def test_a_bad_entry_is_an_error_naming_file_entry_and_key(tmp_path, capsys, entries, expected):
    root = project(tmp_path, entries)
    assert extract(root) == 2
    err = capsys.readouterr().err
    assert f"error: {root / 'corrections.yaml'}: " in err and expected in err, err
    assert not (root / "data" / "extracted").exists()  # refused before anything was written


def test_no_file_or_an_empty_one_changes_nothing(tmp_path):
    assert load_corrections(tmp_path / "corrections.yaml") == []
    (tmp_path / "corrections.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert load_corrections(tmp_path / "corrections.yaml") == []
    with pytest.raises(CorrectionsError, match="entry 1: note: must be text"):
        check_entry({"doc": "a.txt", "quote": "1人", "drop": True, "note": None}, 1, tmp_path / "c.yaml")


def test_an_article_saved_twice_is_corrected_by_either_name_or_its_doc_id(tmp_path):
    root = project(tmp_path)
    raw = root / "data" / "raw"
    (raw / "z-copy.txt").write_text(COUNTY, encoding="utf-8")
    assert extract(root) == 0
    doc_id = open_store(root / "data" / "extracted").documents.set_index("doc").loc["a.txt", "doc_id"]
    (root / "corrections.yaml").write_text(
        f"- doc: z-copy.txt\n  quote: 2100户\n  set: {{value: 2110}}\n"
        f"- doc: {doc_id[:10]}\n  quote: 3.2亿元\n  set: {{year: 2018}}\n", encoding="utf-8")
    assert extract(root) == 0
    f = facts(root)
    assert f.loc["2100户", "value"] == 2110 and f.loc["3.2亿元", "year"] == 2018
    assert set(f.loc[["2100户", "3.2亿元"], "doc"]) == {"a.txt"}  # the article as the store keeps it


def test_a_template_run_without_a_store_applies_the_projects_corrections(tmp_path):
    """A notebook run against raw articles only (no extracted store) reads them in memory:
    the project's corrections apply there too."""
    from countybrief.briefing.data import build_store_from_raw

    root = project(tmp_path, """\
        - doc: a.txt
          quote: 8300人
          set: {value: 8310}
        """)
    (root / "countybrief.yaml").write_text("# project\n", encoding="utf-8")
    store = build_store_from_raw(root / "data" / "raw")
    f = store.facts.set_index("quote")
    assert f.loc["8300人", "value"] == 8310 and f.loc["8300人", "corrected"]
