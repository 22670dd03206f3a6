"""The overview and the index compare only comparable figures (issue 12, "Overview and
index"): rankings of one indicator, whole scope, achieved, one kind and one period, with
cities apart from counties; ratios of one document, period and scope; coverage that says
"no figure found"; an index that marks periods and plans and sorts by name.

All regions, texts and figures here are made up."""

from __future__ import annotations

import re

import pytest

from countybrief.briefing.overview import Overview, period_key, rank
from countybrief.model import Extraction, RegionRef
from countybrief.render.index import name_key, write_index
from countybrief.store import open_store, write_store
from tests.fixtures.make_store import _doc, _fact

# made-up regions: two prefecture-level cities, four counties, one county named only
QINGSHAN = RegionRef("990100", "青山市", "测试省", "青山市", "prefecture")
LUSHUI = RegionRef("990200", "绿水市", "测试省", "绿水市", "prefecture")
DONGSHAN = RegionRef("990101", "东山县", "测试省", "青山市", "county")
XIHE = RegionRef("990102", "西河县", "测试省", "青山市", "county")
NANHU = RegionRef("990201", "南湖区", "测试省", "绿水市", "county")
BEILING = RegionRef("990202", "北岭县", "测试省", "绿水市", "county")
NANLING = RegionRef("990203", "南岭县", "测试省", "绿水市", "county")


def _extractions() -> list[Extraction]:
    out = []
    # 东山县: 2019 exits (people and households in one sentence), a running total, a plan,
    # a village's funds, person counts of training
    t = ("2019年全县脱贫5000人1500户。2016年至2019年累计脱贫20000人。2020年计划脱贫800人。"
         "2019年红星村投入资金1000万元。2019年培训300人。")
    d = _doc("a", "a.txt", DONGSHAN, t, published="2020-01-10")
    s1, s2 = "2019年全县脱贫5000人1500户。", "2016年至2019年累计脱贫20000人。"
    out.append(Extraction(d, [
        _fact(d, DONGSHAN, "poverty_exit_population", 5000, "人", 2019, s1, "5000人"),
        _fact(d, DONGSHAN, "poverty_exit_households", 1500, "户", 2019, s1, "1500户"),
        _fact(d, DONGSHAN, "poverty_exit_population", 20000, "人", 2019, s2, "20000人",
              ["cumulative"], since=2016),
        _fact(d, DONGSHAN, "poverty_exit_population", 800, "人", 2020, "2020年计划脱贫800人。",
              "800人", ["planned"]),
        _fact(d, DONGSHAN, "funds_invested", 1e7, "元", 2019, "2019年红星村投入资金1000万元。",
              "1000万元", scope="part", part="红星村"),
        _fact(d, DONGSHAN, "trained_persons", 300, "人", 2019, "2019年培训300人。", "300人"),
    ], [DONGSHAN]))
    # 西河县: 2019 exits, a larger running total of the same span, two relocation cohorts
    # of different periods (their quotient means nothing), training in person-times
    t = ("2019年脱贫3000人。2016年至2019年累计脱贫15000人。2006年以来搬迁近2万人。"
         "2016年以来搬迁1000户。2019年培训5000人次。")
    d = _doc("b", "b.txt", XIHE, t, published="2020-02-01")
    out.append(Extraction(d, [
        _fact(d, XIHE, "poverty_exit_population", 3000, "人", 2019, "2019年脱贫3000人。", "3000人"),
        _fact(d, XIHE, "poverty_exit_population", 15000, "人", 2019,
              "2016年至2019年累计脱贫15000人。", "15000人", ["cumulative"], since=2016),
        _fact(d, XIHE, "relocated_population", 20000, "人", None, "2006年以来搬迁近2万人。",
              "近2万人", ["approx", "cumulative"], since=2006, qualifier="under"),
        _fact(d, XIHE, "relocated_households", 1000, "户", None, "2016年以来搬迁1000户。",
              "1000户", ["cumulative"], since=2016),
        _fact(d, XIHE, "trained_persons", 5000, "人", 2019, "2019年培训5000人次。", "5000人",
              ["person_times"]),
    ], [XIHE]))
    # 南湖区: exits without a stated year, a programme's exits of 2019 (a part), poor people
    # and poor households of 2019 from two different articles
    t = "全区脱贫6000人，其中旅游扶贫脱贫9999人。2019年底贫困人口900人。"
    d = _doc("c", "c.txt", NANHU, t, published="2019-06-01")
    t2 = "2019年底全区贫困户300户。"
    d2 = _doc("c2", "c2.txt", NANHU, t2, published="2020-03-01")
    out.append(Extraction(d, [
        _fact(d, NANHU, "poverty_exit_population", 6000, "人", None, t.split("。")[0] + "。",
              "6000人"),
        _fact(d, NANHU, "poverty_exit_population", 9999, "人", 2019, t.split("。")[0] + "。",
              "9999人", scope="part", part="旅游扶贫"),
        _fact(d, NANHU, "poor_population", 900, "人", 2019, "2019年底贫困人口900人。", "900人",
              as_of="2019-12"),
    ], [NANHU]))
    out.append(Extraction(d2, [
        _fact(d2, NANHU, "poor_households", 300, "户", 2019, t2, "300户", as_of="2019-12"),
    ], [NANHU]))
    # 北岭县: only a plan of 2019 exits
    t = "2019年力争脱贫7000人。"
    d = _doc("d", "d.txt", BEILING, t, published="2019-01-05")
    out.append(Extraction(d, [
        _fact(d, BEILING, "poverty_exit_population", 7000, "人", 2019, t, "7000人", ["planned"]),
    ], [BEILING]))
    # the two cities: far larger figures of 2019, never beside their counties; 绿水市's
    # article also names 南岭县, without a figure for it
    t = "2019年全市脱贫50000人。"
    d = _doc("e", "e.txt", QINGSHAN, t, published="2020-01-20")
    out.append(Extraction(d, [
        _fact(d, QINGSHAN, "poverty_exit_population", 50000, "人", 2019, t, "50000人"),
    ], [QINGSHAN]))
    t = "2019年全市脱贫40000人，南岭县等地完成任务。"
    d = _doc("f", "f.txt", LUSHUI, t, published="2020-01-21")
    out.append(Extraction(d, [
        _fact(d, LUSHUI, "poverty_exit_population", 40000, "人", 2019, t, "40000人"),
    ], [LUSHUI, NANLING]))
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("ovstore") / "extracted"
    write_store(_extractions(), out)
    return out


@pytest.fixture(scope="module")
def zh(store):
    return Overview.load(store, None)


@pytest.fixture(scope="module")
def en(store):
    return Overview.load(store, None, lang="en")


def _names(rk):
    return [e.row.ref.name for e in rk.entries]


# -- rankings -------------------------------------------------------------------------
def test_period_keys():
    assert period_key({"year": 2019, "flags": []}) == ("year", 2019)
    # a stock at the year's end is of that year; another month is its own period
    assert period_key({"year": 2019, "as_of": "2019-12", "flags": []}) == ("year", 2019)
    assert period_key({"year": None, "as_of": "2019-09", "flags": []}) == ("as_of", "2019-09")
    assert period_key({"year": 2019, "since": 2016, "flags": ["cumulative"]}) == \
        ("cumulative", 2016, 2019)
    assert period_key({"year": None, "since": 2016, "flags": ["cumulative"]}) == \
        ("cumulative", 2016, None)
    # no stated period: comparable with nothing
    assert period_key({"year": None, "flags": []}) is None
    assert period_key({"year": None, "since": None, "flags": ["cumulative"]}) is None


def test_county_ranking_only_whole_achieved_annual_of_one_year(zh):
    rk = rank(zh.rows, "poverty_exit_population", "county")
    assert rk.period == ("year", 2019)
    # not 北岭县's plan, not 南湖区's programme (a part) or its undated figure, not the
    # running totals (20000, 15000), not the cities
    assert [(e.row.ref.name, float(e.fact["value"])) for e in rk.entries] == [
        ("东山县", 5000.0), ("西河县", 3000.0)]
    for e in rk.entries:
        assert "planned" not in e.fact["flags"] and "cumulative" not in e.fact["flags"]
        assert (e.fact["scope"] or "whole") == "whole"
    # regions left out are named with their period
    assert [e.row.ref.name for e in rk.left_out] == ["南湖区"]
    note = zh.left_out_text(rk)
    assert "南湖区：年份未说明" in note and "北岭县" not in note  # a plan is no figure


def test_cities_ranked_in_their_own_panel(zh):
    county = rank(zh.rows, "poverty_exit_population", "county")
    city = rank(zh.rows, "poverty_exit_population", "prefecture")
    assert _names(city) == ["青山市", "绿水市"]
    assert not {"青山市", "绿水市"} & set(_names(county))
    assert all(e.row.ref.level == "prefecture" for e in city.entries)
    assert all(e.row.ref.level == "county" for e in county.entries)
    html = zh.charts_html()
    assert "县级单位" in html and "地级市（数字涵盖所辖县区" in html


def test_people_never_ranked_beside_person_times(zh):
    # 东山县 trained 300 people, 西河县 5000 person-times: no common kind, no ranking
    assert rank(zh.rows, "trained_persons", "county") is None


def test_running_totals_ranked_only_with_the_same_span(store):
    o = Overview.load(store, None)
    rows = [r for r in o.rows if r.ref.name in ("东山县", "西河县")]
    for r in rows:  # leave only the running totals
        r.facts = r.facts[r.facts["flags"].map(lambda f: "cumulative" in f)].reset_index(drop=True)
    rk = rank(rows, "poverty_exit_population", "county")
    assert rk.period == ("cumulative", 2016, 2019) and rk.cumulative
    assert [float(e.fact["value"]) for e in rk.entries] == [20000.0, 15000.0]
    assert o.bar_text(rk.entries[0].fact) == "20,000人 · 2016–2019年累计"


def test_each_bar_label_carries_its_period(zh, en):
    for o, when in ((zh, "2019"), (en, "2019")):
        for rk in o.rankings():
            chart = o.ranking_chart(rk)
            ax = chart.figure.axes[0]
            labels = [t.get_text() for t in ax.texts]
            assert labels and all(when in t for t in labels), labels
            assert when in chart.title
    chart = zh.ranking_chart(rank(zh.rows, "poverty_exit_population", "county"))
    ticks = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert ticks == ["东山县", "西河县"]
    assert [t.get_text() for t in chart.figure.axes[0].texts] == ["5,000人 · 2019", "3,000人 · 2019"]
    en_chart = en.ranking_chart(rank(en.rows, "poverty_exit_population", "county"))
    assert [t.get_text() for t in en_chart.figure.axes[0].texts] == [
        "5,000 people · 2019", "3,000 people · 2019"]


def test_no_ranking_without_two_regions_of_one_period(store):
    o = Overview.load(store, None)
    rows = [r for r in o.rows if r.ref.name in ("东山县", "南湖区")]  # 2019 vs no year
    assert rank(rows, "poverty_exit_population", "county") is None
    o.rows = rows
    html = o.charts_html()
    assert "不作排名" in html and "<img" not in html


# -- ratios ---------------------------------------------------------------------------
def test_ratios_only_of_one_document_period_and_scope(zh):
    rows = {(r["ratio"], r["region"]): r for r in zh.ratio_rows()}
    r = rows[("脱贫户均人口（人/户）", "东山县")]
    assert r["value"] == "3.3" and r["year"] == "2019" and r["doc"] == "a.txt"
    assert r["parts"] == "5,000人 ÷ 1,500户"
    # 西河县's two relocation cohorts (since 2006, since 2016) and 南湖区's poor people and
    # households from two articles give no ratio
    assert not [k for k in rows if k[1] in ("西河县", "南湖区")]
    html = zh.ratios_html()
    assert "同一篇报道" in html and "a.txt" in html


# -- coverage -------------------------------------------------------------------------
def test_coverage_says_no_figure_found_and_lists_regions_named_without_figures(zh, en):
    html = zh.themes_html()
    assert "未找到数字" in html and "未提及" not in html.replace("不表示报道没有提及", "")
    assert "报道提及但未找到其数字的地区" in html and "南岭县（县级 · 绿水市）" in html
    no = [d for d in zh._source_ids()].index("f") + 1  # 南岭县's source, as numbered below
    assert f"南岭县（县级 · 绿水市） [{no}]" in html
    assert "南岭县" not in [r.ref.name for r in zh.rows]  # not a row of figures
    assert "仅被提及" in zh.header_html()
    text = en.themes_html()
    assert "no figure found" in text and "not mentioned" not in text
    assert "Nanling County (南岭县): County-level, Lushui City [" in text


def test_table_cells_give_the_period(zh):
    table = zh.table_html()
    assert "年份未说明" in table  # 南湖区's undated exits
    assert "9,999" not in table  # a programme's figure is never a region's cell
    assert "7,000" not in table  # nor a plan


# -- index ----------------------------------------------------------------------------
def _folders(out, *refs):
    for ref in refs:
        folder = out / f"{ref.adcode}-{ref.name}"
        folder.mkdir(parents=True)
        (folder / "briefing.html").write_text("x")
        (folder / "briefing.en.html").write_text("x")


def test_index_marks_periods_and_plans_and_sorts_by_name(tmp_path, store):
    _folders(tmp_path, DONGSHAN, XIHE, NANHU, BEILING, QINGSHAN)
    zh_page = write_index(tmp_path, store=open_store(store)).read_text(encoding="utf-8")
    en_page = (tmp_path / "index.en.html").read_text(encoding="utf-8")
    for page, names in ((zh_page, ["北岭县", "东山县", "南湖区", "青山市", "西河县"]),
                        (en_page, ["Beiling County", "Dongshan County", "Nanhu District",
                                   "Qingshan City", "Xihe County"])):
        body = page.split("<tbody>")[1]
        shown = re.findall(r'<td class="region"[^>]*><strong>(.*?)</strong>', body)
        assert shown == names  # by name (pinyin), not by adcode
        keys = re.findall(r'<td class="region" data-sort="([^"]*)"', body)
        assert keys == sorted(keys)  # the region column sorts by name too
        assert 'aria-sort="ascending"' in page.split("<tbody>")[0]
    body = zh_page.split("<tbody>")[1]
    rows = {re.search(r"<strong>(.*?)</strong>", r).group(1): r for r in body.split("</tr>")[:-1]}
    # 东山县: the 2019 achieved figure with its year, never its 2020 plan or running total
    assert "5,000人" in rows["东山县"] and '<span class="sub year">2019</span>' in rows["东山县"]
    assert "800人" not in rows["东山县"] and "计划" not in rows["东山县"]
    # 南湖区: its undated figure says so
    assert "6,000人" in rows["南湖区"] and "年份未说明" in rows["南湖区"]
    # 北岭县: only a plan: shown marked 计划, never sorted among results
    assert '<span class="mark plan">计划</span> 7,000人' in rows["北岭县"]
    assert 'data-sort="" data-label="脱贫人口"' in rows["北岭县"]
    assert '<span class="mark plan">planned</span> 7,000 people' in en_page
    # every edition's buttons on one line
    assert "td.links { white-space: nowrap; }" in zh_page


def test_name_key_is_pinyin_by_syllable():
    assert name_key("白城市") < name_key("白银区") < name_key("大通区")
    assert name_key("武都区") == "wu du qu"
