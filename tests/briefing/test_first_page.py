"""A briefing that never overstates: the first page (status, key points, cards,
reliability), trend charts, and programmes and cases kept apart from the region's own
figures. The store is made up here (a county with figures of several years, running
totals, plans, parts and qualifiers)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from countybrief.briefing import charts, sections
from countybrief.briefing.data import load_region
from countybrief.briefing.figures import headline_figures
from countybrief.briefing.format import fmt_stated, fmt_when, is_stated
from countybrief.briefing.points import key_points, reliability, status_items
from countybrief.model import Extraction, RegionRef
from countybrief.store import write_store
from tests.fixtures.make_store import _doc, _fact

DEMO = RegionRef("620422", "会宁县", "甘肃省", "白银市", "county")


def _extractions() -> list[Extraction]:
    t1 = ("2014年全县贫困人口9800人，贫困发生率21.5%。2016年以来，全县累计脱贫8600人，"
          "30个贫困村全部退出。累计投入扶贫资金20多亿元。石川村脱贫1200人。")
    d1 = _doc("m1", "m1.txt", DEMO, t1, published="2019-03-02")
    s1, s2, s3, s4 = ("2014年全县贫困人口9800人，贫困发生率21.5%。", "2016年以来，全县累计脱贫8600人，30个贫困村全部退出。",
                      "累计投入扶贫资金20多亿元。", "石川村脱贫1200人。")
    f1 = [
        _fact(d1, DEMO, "poor_population", 9800, "人", 2014, s1, "9800人"),
        _fact(d1, DEMO, "poverty_incidence", 21.5, "%", 2014, s1, "21.5%"),
        _fact(d1, DEMO, "poverty_exit_population", 8600, "人", None, s2, "8600人", ["cumulative"],
              since=2016),
        _fact(d1, DEMO, "villages_exited", 30, "个", None, s2, "30个", ["cumulative"], since=2016),
        _fact(d1, DEMO, "funds_invested", 2e9, "元", None, s3, "20多亿元", ["approx", "cumulative"],
              qualifier="over"),
        # a village's figure, later and larger than none of the region's: never a card
        _fact(d1, DEMO, "poverty_exit_population", 1200, "人", 2019, s4, "1200人",
              scope="part", part="石川村"),
    ]
    t2 = ("截至2018年底，全县贫困人口3100人，贫困发生率6.2%。2018年脱贫6200人。"
          "2019年贫困人口近2万人的搬迁任务完成。2020年计划脱贫3100人。光伏扶贫投入5000万元，电商扶贫投入3000万元。")
    d2 = _doc("m2", "m2.txt", DEMO, t2, published="2019-11-20")
    s5, s6, s7, s8, s9 = ("截至2018年底，全县贫困人口3100人，贫困发生率6.2%。", "2018年脱贫6200人。",
                          "2019年贫困人口近2万人的搬迁任务完成。", "2020年计划脱贫3100人。",
                          "光伏扶贫投入5000万元，电商扶贫投入3000万元。")
    f2 = [
        _fact(d2, DEMO, "poor_population", 3100, "人", 2018, s5, "3100人", as_of="2018-12"),
        _fact(d2, DEMO, "poverty_incidence", 6.2, "%", 2018, s5, "6.2%", as_of="2018-12"),
        _fact(d2, DEMO, "poverty_exit_population", 6200, "人", 2018, s6, "6200人"),
        _fact(d2, DEMO, "relocated_population", 20000, "人", None, s7, "近2万人", ["approx"],
              qualifier="under"),
        _fact(d2, DEMO, "poverty_exit_population", 3100, "人", 2020, s8, "3100人", ["planned"]),
        _fact(d2, DEMO, "funds_invested", 5e7, "元", None, s9, "5000万元", scope="part", part="光伏扶贫"),
        _fact(d2, DEMO, "funds_invested", 3e7, "元", None, s9, "3000万元", scope="part", part="电商扶贫"),
    ]
    return [Extraction(d1, f1, [DEMO]), Extraction(d2, f2, [DEMO])]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("multi") / "extracted"
    write_store(_extractions(), out)
    return load_region("会宁县", "620422", out)


def _row(data, fact_id):
    return data.facts[data.facts["fact_id"] == fact_id].iloc[0]


def _whole_achieved(row) -> bool:
    return (row.get("scope") or "whole") != "part" and "planned" not in row["flags"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cards_only_from_whole_achieved_facts_with_their_period(demo, lang):
    cards = headline_figures(demo.facts, lang)
    assert [c.indicator for c in cards][:4] == [
        "poverty_exit_population", "poor_population", "poverty_incidence", "villages_exited"]
    for c in cards:
        row = _row(demo, c.fact_id)
        assert _whole_achieved(row), c
        assert c.year_text  # always a period text, never a bare number
    by = {c.indicator: c for c in cards}
    # the latest achieved exits of the whole county: not the village's 2019, not the 2020 plan
    assert by["poverty_exit_population"].value == 6200
    if lang == "zh":
        assert by["poor_population"].year_text == "截至2018年底"
        assert by["poor_population"].series_years == "2014 → 2018"
        assert by["poor_population"].series_values == "9,800人 → 3,100人"
        assert by["funds_invested"].text == "20余亿元"
        assert by["relocated_population"].text == "近2万人"
        assert by["relocated_population"].year_text == "年份未说明 · 报道于2019-11"
        assert by["villages_exited"].year_text == "2016年以来累计"
    else:
        assert by["relocated_population"].text == "nearly 20,000 people"
        assert by["funds_invested"].text == "over RMB\u00a02\u00a0billion"
    html = sections.headline(demo, lang)
    assert "石川村" not in html and "光伏" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_key_points_only_from_whole_achieved_stated_facts(demo, lang):
    points = key_points(demo.facts, lang)
    assert 3 <= len(points) <= 5
    for p in points:
        assert p.fact_ids
        for fid in p.fact_ids:
            row = _row(demo, fid)
            assert _whole_achieved(row) and is_stated(row), p
            assert fmt_when(row, lang) in p.text or str(int(row["year"])) in p.text
    texts = [p.text for p in points]
    if lang == "zh":
        assert texts[0] == "贫困人口由2014年的9,800人下降到2018年的3,100人。"
        assert "脱贫8,600人（2016年以来累计）。" in texts
        assert "扶贫资金投入20余亿元" not in "".join(texts)  # its years are not stated
        assert not any("石川村" in t or "3,100人（2020" in t for t in texts)
    else:
        assert texts[0] == ("Registered poor population fell from 9,800 people in 2014 "
                            "to 3,100 people in 2018.")


def test_status_and_reliability_lines(demo):
    assert [p.text for p in status_items(demo.facts)] == ["30个贫困村全部退出（2016年以来累计）"]
    assert [p.text for p in status_items(demo.facts, "en")] == [
        "All 30 poor villages exited (cumulative since 2016)"]
    line = reliability(demo.facts, len(demo.documents))
    assert line.startswith("依据2篇报道，共13个数字") and "未写明年份" in line
    html = sections.summary(demo)
    assert "要点" in html and "cb-status" in html and "cb-reliability" in html


def test_trend_chart_only_for_two_or_more_stated_years(demo):
    keys = [c.key for c in charts.trends(demo.facts)]
    # poor population and incidence: 2014 and 2018; exits: one annual year (2018) besides a
    # running total, a village's part and a plan, so no trend
    assert keys == ["trend-poor_population", "trend-poverty_incidence"]
    assert charts.trend_indicators(demo.facts.iloc[[0]]) == []
    html = sections.trends(demo)
    assert html.count("<img") == 2 and "历年变化" in html
    one_year = type(demo)(region=demo.region, facts=demo.facts.iloc[[0, 2]],
                          documents=demo.documents, origin=demo.origin)
    assert sections.trends(one_year) == ""


def test_a_plan_is_drawn_apart_on_a_trend():
    import pandas as pd

    facts = pd.DataFrame({
        "fact_id": ["a", "b", "c"], "indicator": ["poor_population"] * 3,
        "value": [9000.0, 3000.0, 0.0], "unit": ["人"] * 3, "year": pd.array([2016, 2018, 2020], dtype="Int64"),
        "since": pd.array([None] * 3, dtype="Int64"), "as_of": [None] * 3, "scope": ["whole"] * 3,
        "part": [None] * 3, "qualifier": [None] * 3, "flags": [[], [], ["planned"]],
        "quote": ["9000人", "3000人", "0人"], "sentence": [""] * 3, "doc": ["x"] * 3, "doc_id": ["x"] * 3,
    })
    chart = charts.trend_chart(facts, "poor_population")
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2016", "2018", "2020"]
    assert any("计划" in t.get_text() for t in ax.texts)
    assert charts.trend_chart(facts.iloc[[0, 2]], "poor_population") is None  # one achieved year


def test_parts_go_to_programmes_and_cases_with_their_names(demo):
    html = sections.parts(demo)
    assert "分项与典型案例" in html
    for name in ("石川村", "光伏扶贫", "电商扶贫"):
        assert name in html
    themes = sections.themes(demo)
    assert "石川村" not in themes and "光伏扶贫" not in themes and "5,000万元" not in themes
    assert "Programmes and cases" in sections.parts(demo, "en")
    whole = type(demo)(region=demo.region, facts=demo.facts[demo.facts["scope"] != "part"],
                       documents=demo.documents, origin=demo.origin)
    assert sections.parts(whole) == ""
    # two programmes' money of one period: one bar chart of the parts alone
    assert [c.key for c in charts.parts_charts(demo.facts)] == ["parts-funds_invested-0"]


def _labels(chart) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in chart.figure.axes[0].get_yticklabels()]


def test_no_chart_mixes_scope_running_totals_or_units(demo):
    from countybrief.briefing.themes import by_theme

    facts = demo.facts
    assert charts.mixes(facts.iloc[[2, 5]])  # running total beside an annual figure
    assert charts.mixes(facts[facts["indicator"] == "funds_invested"])  # whole beside parts
    assert charts.comparison(facts[facts["indicator"] == "funds_invested"], "zh", "t", "k") is None
    for theme, rows in by_theme(facts):
        for chart in charts.theme_charts(theme, rows, "zh"):
            labels = _labels(chart)
            assert len(labels) >= 2  # no chart for a single value
            assert not any(n in " ".join(labels) for n in ("石川村", "光伏", "电商"))
            cum = {"累计" in label for label in labels}
            assert len(cum) == 1, labels  # annual and running totals never share an axis
            years = {m for label in labels for m in re.findall(r"(?:19|20)\d{2}|年份未说明", label)}
            assert len(years) <= 1, labels  # one period per axis


def test_theme_chart_never_puts_two_periods_on_one_axis():
    from countybrief.briefing.themes import by_theme

    facts = pd.DataFrame([
        {"fact_id": "a", "doc_id": "d", "doc": "d.txt", "indicator": "trained_persons", "value": 152.0,
         "unit": "人", "year": 2017, "flags": [], "scope": "whole", "part": None, "quote": "152人"},
        {"fact_id": "b", "doc_id": "d", "doc": "d.txt", "indicator": "labor_transfer", "value": 19100.0,
         "unit": "人", "year": None, "flags": ["person_times"], "scope": "whole", "part": None, "quote": "1.91万人次"},
    ])
    for theme, rows in by_theme(facts):
        assert charts.theme_charts(theme, rows, "zh") == []


def test_stated_values_write_the_qualifier_in():
    assert fmt_stated(2e9, "元", "zh", "20多亿元", "over") == "20余亿元"
    assert fmt_stated(20000, "人", "zh", "近2万人", "under") == "近2万人"
    assert fmt_stated(1000, "人", "zh", "约1000人", "about") == "约1,000人"
    assert fmt_stated(10.5, "%", "zh", "10.5%以上", "over") == "10.5%以上"
    assert fmt_stated(2e9, "元", "en", "20多亿元", "over") == "over RMB\u00a02\u00a0billion"
    assert fmt_stated(1012, "人", "zh", "1012人", None) == "1,012人"
    assert re.match(r"^数字缺失$", fmt_stated(None, "元", "zh", ".39元", None))


def test_theme_chart_never_sets_different_indicators_on_one_axis():
    from countybrief.briefing.themes import by_theme

    facts = pd.DataFrame([
        {"fact_id": "a", "doc_id": "d", "doc": "d.txt", "indicator": "poor_villages", "value": 384.0,
         "unit": "个", "year": None, "flags": [], "scope": "whole", "part": None, "quote": "384个"},
        {"fact_id": "b", "doc_id": "d", "doc": "d.txt", "indicator": "villages_exited", "value": 134.0,
         "unit": "个", "year": None, "flags": [], "scope": "whole", "part": None, "quote": "134个"},
    ])
    for theme, rows in by_theme(facts):
        assert charts.theme_charts(theme, rows, "zh") == []  # villages exited are part of the poor villages
