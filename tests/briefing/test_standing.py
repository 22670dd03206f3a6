"""The status line's county exit (脱贫摘帽), read from the articles' own sentences."""

from __future__ import annotations

import pandas as pd

from countybrief.briefing.standing import exits, region_exit


def test_an_achieved_exit_with_its_year():
    [e] = exits("2019年4月，省政府批准镇宁县退出贫困县序列。", "镇宁县")
    assert e.year == 2019
    [e] = exits("2018年，全县顺利实现脱贫摘帽，贫困发生率降至1.1%。", "镇宁县", own_article=True)
    assert e.year == 2018


def test_plans_prospects_and_checks_are_no_exit():
    for text in ("全县计划2020年实现脱贫摘帽。", "力争2019年脱贫摘帽。", "该县将于2020年摘帽退出。",
                 "贫困县退出7项指标均已达到，可实现全县整体脱贫。", "全县确保如期脱贫摘帽。",
                 "迎接贫困县退出专项评估检查。"):
        assert exits(text, "镇宁县", own_article=True) == [], text


def test_the_sentence_must_be_about_the_region():
    text = "2019年，邻近的关岭县脱贫摘帽。"
    assert exits(text, "镇宁县", own_article=False) == []
    # 全县 means the article's region only in an article about it
    assert exits("2019年全县脱贫摘帽。", "镇宁县", own_article=False) == []


def test_a_lost_year_is_left_unstated():
    [e] = exits("年8月，通过省级评估，实现整县脱贫摘帽。", "镇宁县", own_article=True)
    assert e.year is None


def test_region_exit_takes_the_latest_stated_year():
    docs = pd.DataFrame([
        {"doc_id": "a", "adcode": "520423", "text": "全县实现脱贫摘帽。"},
        {"doc_id": "b", "adcode": None, "text": "2020年3月，镇宁县退出贫困县序列。"},
    ])
    e = region_exit(docs, "镇宁县", "520423")
    assert (e.year, e.doc_id) == (2020, "b")
    assert region_exit(docs.iloc[:0], "镇宁县", "520423") is None


def test_the_region_by_its_short_name_but_never_a_bare_stem():
    from countybrief.briefing.standing import region_names

    names = region_names("镇宁布依族苗族自治县", "520423")
    assert "镇宁县" in names and "镇宁" not in names
    [e] = exits("2019年4月，省政府批准镇宁县退出贫困县序列。", names)
    assert e.year == 2019
    assert exits("2018年白银市脱贫摘帽。", region_names("白银区", "620402")) == []
