import math

import pytest

from countybrief.briefing.format import (flag_labels, fmt_money, fmt_number, fmt_period,
                                          fmt_value, fmt_year, money_scale)


@pytest.mark.parametrize("value, text", [
    (1012, "1,012"), (38623.0, "38,623"), (1.32, "1.32"), (1.3, "1.3"), (0, "0"),
    (1234567.891, "1,234,567.89"), (None, "—"), (math.nan, "—"), (-2500, "-2,500"),
])
def test_fmt_number(value, text):
    assert fmt_number(value) == text


@pytest.mark.parametrize("yuan, zh, en", [
    (2e9, "20亿元", "RMB 2 billion"),
    (5.3e8, "5.3亿元", "RMB 530 million"),
    (1176768000, "11.77亿元", "RMB 1.18 billion"),
    (1.5e7, "1,500万元", "RMB 15 million"),
    (15487e3, "1,548.7万元", "RMB 15.49 million"),
    (15000, "1.5万元", "RMB 15,000"),
    (3000, "3,000元", "RMB 3,000"),
    (1.2e13, "120,000亿元", "RMB 12,000 billion"),
])
def test_fmt_money(yuan, zh, en):
    assert fmt_money(yuan, "zh") == zh
    # English amounts never break over two lines: "RMB 1.5 billion" with no-break spaces
    assert fmt_money(yuan, "en") == en.replace(" ", "\u00a0")
    assert " " not in fmt_money(yuan, "en")


def test_english_amount_stays_on_one_line_in_its_phrases():
    from countybrief.briefing.format import fmt_stated

    assert fmt_money(1.5e9, "en") == "RMB\u00a01.5\u00a0billion"
    assert fmt_value(1.5e9, "元", "en") == "RMB\u00a01.5\u00a0billion"
    assert fmt_stated(2e9, "元", "en", "20多亿元", "over") == "over RMB\u00a02\u00a0billion"


@pytest.mark.parametrize("n, noun, text", [
    (1, "figure", "1 figure"), (2, "figure", "2 figures"), (0, "figure", "0 figures"),
    (1, "source", "1 source"), (3, "article", "3 articles"), (1.0, "article", "1 article"),
    (2, "county", "2 counties"), (1012, "household", "1,012 households"),
    (2, "person", "2 people"), (2, "box", "2 boxes"), (2, "day", "2 days"),
])
def test_fmt_count_english_plurals(n, noun, text):
    from countybrief.briefing.format import fmt_count

    assert fmt_count(n, noun) == text


def test_percent_keeps_the_precision_of_its_source():
    assert fmt_value(1.3, "%", "zh", "1.30%") == "1.30%"
    assert fmt_value(1.32, "%", "en", "降至1.32%") == "1.32%"
    assert fmt_value(5.0, "%", "zh", "5%") == "5%"
    assert fmt_value(1.3, "%") == "1.3%"


def test_fmt_value_units_and_missing():
    assert fmt_value(1012, "人") == "1,012人"
    assert fmt_value(1012, "人", "en") == "1,012 people"
    assert fmt_value(306, "户", "en") == "306 households"
    assert fmt_value(1.32, "%") == "1.32%"
    assert fmt_value(12, "个", "en") == "12"
    assert fmt_value(20600, "千瓦") == "20,600千瓦"
    assert fmt_value(5.3e8, "元") == "5.3亿元"
    assert fmt_value(None, "元") == "数字缺失"
    assert fmt_value(math.nan, "人", "en") == "digits lost"


def test_money_scale_picks_common_unit():
    assert money_scale([2e9, 5.3e8]) == (1e8, "亿元")
    assert money_scale([2e5, 3e4]) == (1e4, "万元")
    assert money_scale([math.nan, 300]) == (1.0, "元")
    assert money_scale([5.3e8], "en") == (1e6, "RMB million")


def test_years_and_periods():
    assert fmt_year(2017) == "2017"
    assert fmt_year(None) == "年份不详"
    assert fmt_period([2018, 2016, None, 2017]) == "2016–2018"
    assert fmt_period([2017, 2017]) == "2017"
    assert fmt_period([], "en") == "unknown"


def test_flag_labels():
    assert flag_labels(["conflict", "approx"]) == ["约数", "数据冲突"]
    assert flag_labels(["planned"], "en") == ["planned"]
    assert flag_labels([]) == []
