"""The year of each figure: named in its clause or sentence, else the article's reference
year (publication year, or the year a year-in-review article looks back on). Made-up text."""

from __future__ import annotations

from .conftest import extract_text


def years(text: str) -> dict[tuple[str, float | None], int | None]:
    return {(f.indicator, f.value): f.year for f in extract_text(text).facts}


def test_relative_years_against_publication_year():
    text = ("漳县脱贫攻坚工作\n2019-06-02 来源：定西日报\n今年全县脱贫1200户。去年全县新建通村公路120公里。"
            "前年全县发展农民专业合作社80个。上年全县输转劳动力2.1万人。全县现有贫困户3000户。\n")
    assert years(text) == {("poverty_exit_households", 1200): 2019, ("roads_km", 120): 2018,
                           ("cooperatives", 80): 2017, ("labor_transfer", 21000): 2018,
                           ("poor_households", 3000): 2019}


def test_year_in_review_published_early_next_year():
    text = ("回眸漳县2018丨脱贫攻坚再上新台阶\n2019-01-08 来源：漳县新闻网\n今年以来，全县脱贫1200户。"
            "全年累计投入扶贫资金2.5亿元，与去年2.1亿元相比增长19%。\n")
    assert years(text) == {("poverty_exit_households", 1200): 2018, ("funds_invested", 250000000): 2018,
                           ("funds_invested", 210000000): 2017}


def test_review_title_with_year_and_summary_cue():
    text = "漳县2018年脱贫攻坚工作总结\n2019-02-20 来源：漳县政府网\n今年全县实现脱贫1500户。\n"
    assert years(text) == {("poverty_exit_households", 1500): 2018}


def test_not_a_review_when_published_later_in_the_year():
    text = "回眸漳县2018丨脱贫攻坚再上新台阶\n2019-07-08 来源：漳县新闻网\n今年全县实现脱贫1500户。\n"
    assert years(text) == {("poverty_exit_households", 1500): 2019}


def test_not_a_review_without_a_review_cue():
    text = "漳县2018年脱贫1万人\n2019-01-08 来源：漳县新闻网\n今年全县计划脱贫1500户。\n"
    assert years(text) == {("poverty_exit_population", 10000): 2018, ("poverty_exit_households", 1500): 2019}


def test_year_forms():
    text = ("漳县脱贫工作\n2019-03-02 来源：定西日报\n全县2017年度实现脱贫2100户。截至2018年底，全县新建通村公路320公里。"
            "2016年以来，全县累计投入扶贫资金9.5亿元。2014年至2016年，全县培训贫困劳动力1.2万人。\n")
    assert years(text) == {("poverty_exit_households", 2100): 2017, ("roads_km", 320): 2018,
                           ("funds_invested", 950000000): 2019,  # since 2016: up to the reference year
                           ("trained_persons", 12000): 2016}


def test_clause_year_wins_over_sentence_year():
    text = ("漳县脱贫工作\n2019-03-02 来源：定西日报\n2016年全县脱贫1200户，2017年脱贫1500户，"
            "全县现有贫困户800户。\n")
    assert years(text) == {("poverty_exit_households", 1200): 2016, ("poverty_exit_households", 1500): 2017,
                           ("poor_households", 800): 2017}


def test_year_with_lost_digits_is_unknown():
    text = ("漳县脱贫工作\n2019-03-02 来源：定西日报\n截至年9月底，全县脱贫1200户。"
            "年8月，全县新建通村公路120公里。全县现有贫困户800户。\n")
    assert years(text) == {("poverty_exit_households", 1200): None, ("roads_km", 120): None,
                           ("poor_households", 800): 2019}


def test_undated_article_has_no_year_unless_named():
    text = "漳县脱贫工作\n今年全县脱贫1200户。2018年全县新建通村公路120公里。\n"
    assert years(text) == {("poverty_exit_households", 1200): None, ("roads_km", 120): 2018}
