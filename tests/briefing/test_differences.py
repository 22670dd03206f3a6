"""Different values of one indicator and year are explained on the card: a plan, a
certified figure against a self-reported one, a running total, another report. The
store is made up here."""

from __future__ import annotations

import pytest

from countybrief.briefing import sections
from countybrief.briefing.data import load_region
from countybrief.briefing.differences import is_certified, reason
from countybrief.briefing.figures import best_fact, headline_figures
from countybrief.model import Extraction, RegionRef
from countybrief.store import write_store
from tests.fixtures.make_store import _doc, _fact

COUNTY = RegionRef("520122", "息烽县", "贵州省", "贵阳市", "county")

#: a county reports its own count; the province certified a lower one; the plan was another
SENTENCE = ("2018年全县计划减贫1.5万人，经乡镇初验和县级验收，全县2018年度5120户17600人达到脱贫标准，"
            "经省级第三方评估核定4300户14200人稳定脱贫。")


def _extractions() -> list[Extraction]:
    d1 = _doc("x1", "x1.txt", COUNTY, SENTENCE, published="2019-01-20")
    other = "2018年，全县脱贫15100人。"
    d2 = _doc("x2", "x2.txt", COUNTY, other, published="2019-02-01")
    f1 = [
        _fact(d1, COUNTY, "poverty_exit_population", 15000, "人", 2018, SENTENCE, "1.5万人", ["planned"]),
        _fact(d1, COUNTY, "poverty_exit_population", 17600, "人", 2018, SENTENCE, "17600人"),
        _fact(d1, COUNTY, "poverty_exit_population", 14200, "人", 2018, SENTENCE, "14200人"),
        _fact(d1, COUNTY, "poverty_exit_households", 5120, "户", 2018, SENTENCE, "5120户"),
        _fact(d1, COUNTY, "poverty_exit_households", 4300, "户", 2018, SENTENCE, "4300户"),
    ]
    f2 = [_fact(d2, COUNTY, "poverty_exit_population", 15100, "人", 2018, other, "15100人",
                ["conflict"])]
    return [Extraction(d1, f1, [COUNTY]), Extraction(d2, f2, [COUNTY])]


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    out = tmp_path_factory.mktemp("differences") / "extracted"
    write_store(_extractions(), out)
    return load_region("息烽县", "520122", out)


def _fact_of(data, quote):
    return data.facts[data.facts["quote"] == quote].iloc[0]


def test_certified_only_in_the_figures_own_clause(county):
    # 验收 before 17600 is in the clause before its own: not a certification of it
    assert not is_certified(_fact_of(county, "17600人"))
    assert is_certified(_fact_of(county, "14200人"))
    assert is_certified(_fact_of(county, "4300户"))
    assert not is_certified({"sentence": "全县脱贫300人。", "quote": "300人"})


def test_the_card_shows_the_certified_figure_and_explains_the_others(county):
    assert best_fact(county.facts, "poverty_exit_population")["value"] == 14200
    by = {h.indicator: h for h in headline_figures(county.facts)}
    exits = by["poverty_exit_population"]
    assert exits.value == 14200 and exits.certified
    assert exits.others == ["1.5万人（计划数）", "17,600人（自报数，上级核定前）"]
    assert exits.n_more == 1  # 15100 of the other report is the third
    html = sections.headline(county)
    assert "上级核定" in html and "另有：" in html and "计划数" in html
    en = {h.indicator: h for h in headline_figures(county.facts, "en")}["poverty_exit_population"]
    assert en.others[0].endswith("(a plan)")


def test_reasons(county):
    shown = _fact_of(county, "14200人")
    assert reason(shown, _fact_of(county, "1.5万人")) == "planned"
    assert reason(shown, _fact_of(county, "17600人")) == "reported"
    assert reason(shown, _fact_of(county, "15100人")) == "other_source"
    assert reason(_fact_of(county, "17600人"), shown) == "certified"
    cumulative = {**shown.to_dict(), "flags": ["cumulative"]}
    assert reason(shown, cumulative) == "cumulative"
    part = {**shown.to_dict(), "scope": "part", "part": "某某镇"}
    assert reason(shown, part) == "part"
