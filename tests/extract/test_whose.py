"""Whose figure it is: the region's own total or a named part. Made-up text."""

from __future__ import annotations

from .conftest import extract_text

HEAD = "漳县脱贫工作\n2019-06-02 来源：定西日报\n"


def scopes(text: str) -> dict[tuple[str, float | None], tuple[str, str | None]]:
    return {(f.indicator, f.value): (f.scope, f.part) for f in extract_text(HEAD + text + "\n").facts}


def test_region_totals_are_whole():
    got = scopes("全县脱贫2100户6300人，全县投入各类扶贫资金3.2亿元，整合涉农资金1.6亿元。")
    assert set(got.values()) == {("whole", None)}


def test_a_village_road_is_a_part():
    got = scopes("漳县新寺乡石川村修建通村道路6.5公里。")
    assert got[("roads_km", 6.5)] == ("part", "石川村")


def test_a_township_after_the_county_name():
    got = scopes("漳县四族乡投入资金860万元新建通村公路42公里。")
    assert got[("roads_km", 42)][0] == "part" and got[("funds_invested", 8600000)][0] == "part"


def test_a_company_and_its_contract_farmers():
    got = scopes("金穗农业公司带动600户贫困户种植中药材，户均增收4200元。")
    assert got[("income_increase_per_household", 4200)] == ("part", "金穗农业公司")


def test_programme_share_of_exits_is_a_part_but_own_programme_is_whole():
    got = scopes("通过旅游扶贫带动脱贫380人。光伏扶贫电站总装机容量达到12兆瓦。")
    assert got[("poverty_exit_population", 380)] == ("part", "旅游扶贫")
    assert got[("pv_capacity", 12000)] == ("whole", None)


def test_project_investment_is_a_part_of_poverty_funding():
    got = scopes("实施光伏扶贫项目，总投资1.2亿元。")
    assert got[("funds_invested", 120000000)][0] == "part"


def test_qizhong_subset_of_the_same_quantity_is_a_part():
    got = scopes("完成易地扶贫搬迁2150户7380人，其中建档立卡贫困户1420户4960人。")
    assert got[("relocated_households", 1420)] == ("part", "其中建档立卡贫困户")
    assert got[("relocated_population", 4960)][0] == "part"
    assert got[("relocated_households", 2150)] == ("whole", None)


def test_qizhong_of_another_quantity_stays_whole():
    got = scopes("全县有贫困人口5200人，其中净脱贫3100人。")
    assert got[("poverty_exit_population", 3100)] == ("whole", None)


def test_qizhong_list_and_comparison_with_last_year():
    got = scopes("全年争取项目资金1.5亿元，其中第一批扶贫资金9000万元、第二批6000万元，与去年1.2亿元相比增长25%。")
    assert got[("funds_invested", 150000000)] == ("whole", None)
    assert got[("funds_invested", 90000000)] == ("part", "第一批")
    assert got[("funds_invested", 60000000)] == ("part", "第二批")
    assert got[("funds_invested", 120000000)] == ("whole", None)


def test_generic_words_are_not_named_units():
    got = scopes("全县82个贫困村建成村级光伏电站，总装机容量8.2兆瓦。组建农民专业合作社126个。")
    assert got[("pv_capacity", 8200)] == ("whole", None)
    assert got[("cooperatives", 126)] == ("whole", None)


def test_subset_of_a_quantity_that_is_no_indicator_is_no_figure():
    got = scopes("全县互助社入社农户4553户，其中贫困户2504户。全县共有贫困村56个，其中深度贫困村18个。")
    assert ("poor_households", 2504) not in got
    assert got[("poor_villages", 18)] == ("part", "其中深度贫困村")


def test_a_series_without_years_after_one_with_years_takes_its_years():
    facts = extract_text(HEAD + "全县贫困人口从2013年底的10.3万人减少到2017年底的2.1万人，贫困发生率从25.6%降到4.9%。\n").facts
    years = {(f.indicator, f.value): f.year for f in facts}
    assert years[("poverty_incidence", 25.6)] == 2013 and years[("poverty_incidence", 4.9)] == 2017


def test_rural_poor_reduced_is_an_exit_of_the_whole():
    got = scopes("2018年，全县共减少农村贫困人口8.2万人。")
    assert got == {("poverty_exit_population", 82000): ("whole", None)}


def test_a_counted_kind_of_township_is_no_named_unit():
    got = scopes("以3个特困片区和2个藏族乡、287个建档立卡贫困村为重点实施精准培训。")
    assert got[("poor_villages", 287)] == ("whole", None)


def test_a_towns_own_total_is_a_part_of_the_county():
    got = scopes("新寺镇位于漳县东部。2018年，全镇脱贫386户1203人。全县脱贫5200户。")
    assert got[("poverty_exit_households", 386)] == ("part", "新寺镇")
    assert got[("poverty_exit_households", 5200)] == ("whole", None)


def test_programme_money_named_after_its_section():
    facts = extract_text("漳县脱贫纪实\n2017-11-17 来源：定西日报\n易地搬迁——落实精准\n该县从2006年起，累计投资20多亿元，建成9个安置小区。\n").facts
    (f,) = [f for f in facts if f.indicator == "funds_invested"]
    assert (f.scope, f.part) == ("part", "易地搬迁")


def test_project_money_named_after_the_project_it_pays_for():
    got = scopes("投入扶贫专项资金770万元，实施小型水利项目19个。")
    assert got[("funds_invested", 7700000)] == ("part", "小型水利项目")


def test_one_year_of_a_running_total_is_whole():
    got = scopes("累计实现脱贫12680户45230人，其中2019年脱贫3120户10260人。")
    assert got[("poverty_exit_households", 3120)] == ("whole", None)



def test_a_village_after_qizhong_is_named_without_it():
    got = scopes("全县建档立卡贫困户中，其中青石村脱贫20人。中坝村脱贫15人。")
    assert got[("poverty_exit_population", 20)] == ("part", "青石村")
    assert got[("poverty_exit_population", 15)] == ("part", "中坝村")
