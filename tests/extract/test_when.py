"""When a figure is for: the year the text states, running totals, stocks at a date, annual
reviews. Made-up text."""

from __future__ import annotations

from .conftest import extract_text

HEAD = "漳县脱贫工作\n2019-06-02 来源：定西日报\n"


def meaning(text: str) -> dict[tuple[str, float | None], tuple]:
    return {(f.indicator, f.value): (f.year, "cumulative" in f.flags, f.since, f.as_of)
            for f in extract_text(text).facts}


def years(text: str) -> dict[tuple[str, float | None], int | None]:
    return {k: v[0] for k, v in meaning(text).items()}


def test_relative_years_against_the_stated_publication_date():
    text = HEAD + ("今年全县脱贫1200户。去年全县新建通村公路120公里。前年全县发展农民专业合作社80个。"
                   "上年全县输转劳动力2.1万人。\n")
    assert years(text) == {("poverty_exit_households", 1200): 2019, ("roads_km", 120): 2018,
                           ("cooperatives", 80): 2017, ("labor_transfer", 21000): 2018}


def test_no_year_stated_is_no_year_never_the_publication_year():
    text = HEAD + "全县现有贫困户3000户。全县累计发放扶贫小额贷款2.4亿元。\n"
    assert years(text) == {("poor_households", 3000): None, ("poverty_loans", 240000000): None}


def test_undated_page_relative_year_is_unknown():
    text = "漳县脱贫工作\n今年全县脱贫1200户。2018年全县新建通村公路120公里。\n"
    assert years(text) == {("poverty_exit_households", 1200): None, ("roads_km", 120): 2018}


def test_comparison_with_last_year_is_not_the_figure_year():
    text = HEAD + "2018年全县脱贫1500户，比上年增加300户，贫困发生率降至2.1%。\n"
    assert years(text)[("poverty_incidence", 2.1)] == 2018


def test_year_forms_and_running_totals():
    text = HEAD + ("全县2017年度实现脱贫2100户。截至2018年底，全县累计新建通村公路320公里。"
                   "2016年以来，全县累计投入扶贫资金9.5亿元。2014年至2016年，全县培训贫困劳动力1.2万人。"
                   "十三五期间，全县完成易地扶贫搬迁3200户。\n")
    m = meaning(text)
    assert m[("poverty_exit_households", 2100)] == (2017, False, None, None)
    assert m[("roads_km", 320)] == (2018, True, None, "2018-12")
    assert m[("funds_invested", 950000000)] == (None, True, 2016, None)
    assert m[("trained_persons", 12000)] == (2016, True, 2014, None)
    assert m[("relocated_households", 3200)] == (None, True, 2016, None)


def test_span_of_years_counts_back_from_the_stated_end():
    m = meaning(HEAD + "截至2018年底，三年来全县累计改造农村危房2600户。两年改造危房900户。\n")
    assert m[("housing_renovated", 2600)] == (2018, True, 2016, "2018-12")
    assert m[("housing_renovated", 900)] == (None, True, None, None)


def test_stock_at_a_date_is_no_running_total():
    m = meaning(HEAD + "截至2019年9月底，全县剩余贫困人口312户806人，贫困发生率降至0.8%。\n")
    assert m[("poor_households", 312)] == (2019, False, None, "2019-09")
    assert m[("poverty_incidence", 0.8)] == (2019, False, None, "2019-09")


def test_series_gives_both_ends_each_with_its_year():
    text = HEAD + ("全县贫困发生率由2014年的21.4%下降到2018年底的1.9%，"
                   "建档立卡贫困人口由2014年的6021户20317人减少到2018年底的705户1622人。\n")
    assert years(text) == {("poverty_incidence", 21.4): 2014, ("poverty_incidence", 1.9): 2018,
                           ("poor_households", 6021): 2014, ("poor_population", 20317): 2014,
                           ("poor_households", 705): 2018, ("poor_population", 1622): 2018}


def test_series_end_without_a_year_takes_the_year_stated_before():
    text = HEAD + "全县贫困户由2014年的3120户减少到2018年底的410户，贫困发生率由2014年的12.6%降至0.7%。\n"
    assert years(text)[("poverty_incidence", 0.7)] == 2018


def test_year_with_lost_digits_is_unknown():
    text = HEAD + "截至年9月底，全县脱贫1200户。年8月，全县新建通村公路120公里。\n"
    assert years(text) == {("poverty_exit_households", 1200): None, ("roads_km", 120): None}


def test_annual_review_published_early_next_year_covers_the_year():
    text = ("回眸漳县2018丨脱贫攻坚再上新台阶\n2019-01-08 来源：漳县新闻网\n今年以来，全县脱贫1200户。"
            "全年投入扶贫资金2.5亿元，与去年2.1亿元相比增长19%。全县新建通村公路86公里。"
            "目前全县有贫困村48个。\n")
    assert years(text) == {("poverty_exit_households", 1200): 2018, ("funds_invested", 250000000): 2018,
                           ("funds_invested", 210000000): 2017, ("roads_km", 86): 2018,
                           ("poor_villages", 48): None}


def test_review_opening_with_the_year():
    text = ("漳县：苦干实干奔小康\n2018-12-20 来源：定西日报\n漳县是六盘山片区县。2018年，全县脱贫2100户。\n"
            "全县完成易地扶贫搬迁1200户。\n")
    assert years(text)[("relocated_households", 1200)] == 2018


def test_not_a_review_when_published_later():
    text = "回眸漳县2018丨脱贫攻坚再上新台阶\n2019-07-08 来源：漳县新闻网\n今年全县实现脱贫1500户。全县新建通村公路86公里。\n"
    assert years(text) == {("poverty_exit_households", 1500): 2019, ("roads_km", 86): None}


def test_paragraph_opening_frame_holds_for_its_sentences():
    text = HEAD + "坚持为民情怀。精准扶贫实施以来，全县聚焦短板。完成危房改造1485户，修建通村道路23.3公里。\n"
    m = meaning(text)
    assert m[("housing_renovated", 1485)][1] and m[("roads_km", 23.3)][1]


def test_heading_frames_its_section():
    text = HEAD + "五年攻坚 成效显著\n全县易地扶贫搬迁6215户。\n下一步工作\n"
    assert meaning(text)[("relocated_households", 6215)][1]


def test_running_total_of_villages_exited():
    m = meaning(HEAD + "截至2018年底，全县46个贫困村全部退出。\n")
    assert m[("villages_exited", 46)] == (2018, True, None, "2018-12")


def test_series_of_a_households_people_pair_gives_four_facts():
    got = years(HEAD + "全县建档立卡贫困人口由4521户15830人减少到806户1912人。\n")
    assert got == {("poor_households", 4521): None, ("poor_population", 15830): None,
                   ("poor_households", 806): None, ("poor_population", 1912): None}


def test_first_character_pre_test_finds_every_time_word():
    import re

    from countybrief.extract.when import load_time_cues

    from .conftest import RAW

    fast = load_time_cues().events
    full = re.compile(fast.pattern.split(")", 1)[1])  # the same pattern without its pre-test
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    texts.append("截至2019年9月底，十三五期间，五年来，两年改造，去年以来，目前，自开展以来，近三年，今年度，"
                 "2014—2019年，从2006年起，脱贫攻坚战打响以来，先后，历年，连续三年，如今，年8月，由年的")
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in full.finditer(text)]


def test_year_end_review_published_in_january_looks_back():
    text = "漳县脱贫攻坚工作成效显著\n2019-01-06 来源：漳县新闻网\n今年以来，全县脱贫1200户，新建通村公路86公里。\n"
    assert years(text) == {("poverty_exit_households", 1200): 2018, ("roads_km", 86): 2018}


def test_same_period_takes_the_year_stated_before():
    text = HEAD + "截至2018年底，全县贫困发生率降至1.2%。同期，全市贫困发生率降至0.9%。\n"
    assert years(text)[("poverty_incidence", 0.9)] == 2018


def test_running_total_takes_the_start_year_named_earlier_in_its_paragraph():
    m = meaning(HEAD + "该县从2006年起，着力解决搬迁问题。累计投资20多亿元，安置农户近2万人。\n")
    assert m[("relocated_population", 20000)] == (None, True, 2006, None)


def test_the_same_number_of_two_years_is_two_facts():
    from .conftest import extract_text

    facts = extract_text("镇宁县扶贫工作\n2017年，全县脱贫300人。2018年，全县脱贫300人。\n").facts
    years = sorted(f.year for f in facts if f.indicator == "poverty_exit_population")
    assert years == [2017, 2018]
