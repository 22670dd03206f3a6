"""countybrief export --csv/--xlsx, briefing.facts and countybrief facts (made-up articles)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from countybrief.briefing.report import Briefing
from countybrief.cli import main
from countybrief.corrections import apply_corrections, load_corrections
from countybrief.export import DOCUMENT_COLUMNS, FACT_COLUMNS, REGION_COLUMNS
from countybrief.export.listing import COLUMNS, width


def test_csv_opens_in_pandas_with_the_documented_columns(store_dir, tmp_path, capsys):
    out = tmp_path / "facts.csv"
    assert main(["export", "--csv", "--data", str(store_dir), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    facts = pd.read_csv(out, dtype={"adcode": str})
    assert list(facts.columns) == list(FACT_COLUMNS)
    assert len(facts) == 10
    row = facts[facts["quote"] == "8300人"].iloc[0]
    assert (row["value"], row["year"], bool(row["corrected"])) == (8310, 2019, True)
    assert json.loads(row["original"]) == {"value": 8300.0, "year": 2018}
    assert (row["region"], row["adcode"], row["indicator_label"]) == ("榆中县", "620123", "脱贫人口")
    assert (row["title"], row["path"]) == ("榆中县扶贫工作简报", str(store_dir.parent / "raw" / "a.txt"))
    assert row["spans"] == f"{row['span_start']}-{row['span_end']}"  # lists as text
    part = facts[facts["part"].notna()].iloc[0]
    assert part["scope"] == "part"
    b = facts[facts["doc"] == "b.txt"]
    assert set(b["adcode"]) == {"620123"} and b["corrected"].all()
    assert set(facts["fact_flags"].dropna()) <= {"planned", "cumulative", "approx", "conflict"}


def test_xlsx_has_one_sheet_per_table(store_dir, tmp_path):
    out = tmp_path / "all.xlsx"
    assert main(["export", "--xlsx", "--data", str(store_dir), "-o", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None, dtype={"adcode": str})
    assert list(sheets) == ["facts", "documents", "regions"]
    assert list(sheets["facts"].columns) == list(FACT_COLUMNS)
    assert list(sheets["documents"].columns) == list(DOCUMENT_COLUMNS)
    assert list(sheets["regions"].columns) == list(REGION_COLUMNS)
    assert len(sheets["facts"]) == 10 and len(sheets["documents"]) == 3
    assert set(sheets["regions"]["adcode"]) == {"620123", "620122"}
    docs = sheets["documents"].set_index("doc")
    assert docs.loc["a.txt", "n_facts"] == 5


def test_region_selection_and_both_formats(store_dir, tmp_path, capsys):
    out = tmp_path / "yz.csv"
    assert main(["export", "榆中县", "--csv", "--xlsx", "--data", str(store_dir), "-o", str(out)]) == 0
    facts = pd.read_csv(out, dtype={"adcode": str})
    assert set(facts["adcode"]) == {"620123"} and len(facts) == 8
    sheets = pd.read_excel(tmp_path / "yz.xlsx", sheet_name=None)
    assert set(sheets["documents"]["doc"]) == {"a.txt", "b.txt"}
    assert main(["export", "华州区", "--csv", "--data", str(store_dir), "-o", str(out)]) == 2
    assert "no region '华州区'" in capsys.readouterr().err
    assert main(["export", "--data", str(store_dir)]) == 2
    assert "give --csv, --xlsx or both" in capsys.readouterr().err


def test_csv_to_standard_output(store_dir, capsys):
    assert main(["export", "620122", "--csv", "--data", str(store_dir), "-o", "-"]) == 0
    lines = capsys.readouterr().out.lstrip("\ufeff").splitlines()
    assert lines[0] == ",".join(FACT_COLUMNS) and len(lines) == 3


def test_article_text_is_never_a_formula(store_dir, tmp_path):
    from openpyxl import load_workbook

    csv_path, xlsx_path = tmp_path / "f.csv", tmp_path / "f.xlsx"
    assert main(["export", "皋兰县", "--csv", "--xlsx", "--data", str(store_dir), "-o", str(csv_path)]) == 0
    title = pd.read_csv(csv_path)["title"].iloc[0]
    assert title.startswith("'=HYPERLINK(")  # shown as text by a spreadsheet
    ws = load_workbook(xlsx_path)["facts"]
    col = list(FACT_COLUMNS).index("title") + 1
    cell = ws.cell(row=2, column=col)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK(")  # exact, and text


def test_briefing_facts_is_the_documented_frame(store_dir):
    b = Briefing.load("榆中县", None, store_dir)
    facts = b.facts
    assert list(facts.columns) == list(FACT_COLUMNS)
    shadowing = [c for c in facts.columns if hasattr(pd.DataFrame, c)]
    assert not shadowing, shadowing
    assert str(facts["year"].dtype) == "Int64" and facts["value"].dtype == float
    assert facts["corrected"].dtype == bool and facts["planned"].dtype == bool
    assert all(isinstance(x, list) for x in facts["fact_flags"])
    row = facts[facts["quote"] == "8300人"].iloc[0]
    assert row["original"] == {"value": 8300.0, "year": 2018}
    assert facts.value.max() == 3.2e8 and (facts.year == 2019).sum() == 1  # columns as attributes
    assert Briefing.load("榆中县", None, store_dir, lang="en").facts["indicator_label"].iloc[0][0].isascii()


def _starts(line: str) -> list[int]:
    """Display column where each cell of a listing line starts (cells are 2+ spaces apart)."""
    out, pos = [], 0
    for cell in re.split(r" {2,}", line.rstrip()):
        i = line.index(cell, pos)
        out.append(width(line[:i]))
        pos = i + len(cell)
    return out


def test_facts_listing_is_aligned_by_display_width(store_dir, capsys):
    assert main(["facts", "榆中县", "--data", str(store_dir)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1 + 8 and "8 figures of 榆中县 (620123)" in err
    assert lines[0].split() == [h for h, _ in COLUMNS]
    for line in lines[1:]:  # every cell starts under its header, Chinese text counted double
        assert _starts(line) == _starts(lines[0]), line
    assert "8300人" in out and "part:" in out and "corrected" in out


def test_facts_yaml_gives_entries_that_load_and_change_nothing(store_dir, tmp_path, capsys):
    assert main(["facts", "皋兰县", "--yaml", "--data", str(store_dir)]) == 0
    text = capsys.readouterr().out
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    entries = load_corrections(path)
    assert len(entries) == 2
    assert {e.indicator for e in entries} == {"poverty_exit_households", "relocated_households"}
    from countybrief.extract import extract_article
    from countybrief.ingest import read_article

    ex = extract_article(read_article(store_dir.parent / "raw" / "c.txt"))
    out = apply_corrections([ex], entries, path)
    assert out.applied == 0 and len(out.warnings) == 2
    assert all("changes nothing" in w for w in out.warnings)


@pytest.mark.parametrize("lang, marker", [("zh", "分析员已更正（原读数：8,300人，2018）"),
                                          ("en", "corrected by the analyst (originally: 8,300 people, 2018)")])
def test_the_facts_table_shows_the_correction_and_the_original(store_dir, lang, marker):
    html = Briefing.load("榆中县", None, store_dir, lang=lang).facts_table().data
    assert f'<span class="cb-flag cb-flag-corrected">{marker}</span>' in html
    no_region = "未归属地区" if lang == "zh" else "no region"
    assert html.count("cb-flag-corrected") == 4 and no_region in html  # b.txt's three, assigned


def test_export_goes_to_the_output_folder_by_default(store_dir, tmp_path):
    assert main(["export", "--csv", "--xlsx", "--root", str(tmp_path), "--data", str(store_dir)]) == 0
    assert (tmp_path / "output" / "facts.csv").is_file()
    assert set(pd.read_excel(tmp_path / "output" / "facts.xlsx", sheet_name=None)) == {
        "facts", "documents", "regions"}
    elsewhere = tmp_path / "elsewhere"
    assert main(["export", "--csv", "--root", str(tmp_path), "--data", str(store_dir),
                 "--output", str(elsewhere)]) == 0
    assert len(pd.read_csv(elsewhere / "facts.csv")) == 10
