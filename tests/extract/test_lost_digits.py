"""Figures whose digits the source lost without a decimal remnant (made-up sentences)."""

from __future__ import annotations

import pytest

from countybrief.extract.numbers import find_figures, find_lost_figures

from .conftest import extract_text

TITLE = "漳县脱贫攻坚纪实\n"


def facts_of(sentence: str):
    return extract_text(TITLE + sentence + "\n").facts


def test_scope_word_then_two_measure_words():
    facts = {f.indicator: f for f in facts_of("截至去年底，全县户名建档立卡贫困人口全部脱贫。")}
    for ind in ("poverty_exit_households", "poverty_exit_population"):
        assert facts[ind].value is None and "digits_missing" in facts[ind].flags
        assert facts[ind].region == "漳县"


def test_loan_households_without_digits():
    for sentence in ("今年向全县户建档立卡贫困户发放贷款。", "分两批向全县户建档立卡贫困户，发放精准扶贫贷款。"):
        facts = [f for f in facts_of(sentence) if f.indicator == "loan_households"]
        assert len(facts) == 1 and facts[0].value is None and "digits_missing" in facts[0].flags, sentence


def test_lost_digits_are_found_but_need_an_indicator_cue():
    text = "落实资金，扶持户贫困户发展小庭院经济。"
    lost = find_lost_figures(text)
    assert [(f.text, f.unit_class, f.digits_missing, f.value) for f in lost] == [("户", "households", True, None)]
    assert facts_of(text) == []  # "扶持…发展" fits no catalogue indicator


def test_year_and_amount_both_lost_give_one_null_fact():
    facts = [f for f in facts_of("农民人均可支配收入由年的元增加到年的.52元。") if f.indicator == "income_per_capita"]
    assert len(facts) == 1 and facts[0].value is None and facts[0].quote == ".52元"
    facts = [f for f in facts_of("农民人均纯收入由年的元增加到年的元。") if f.indicator == "income_per_capita"]
    assert len(facts) == 1 and facts[0].value is None and "digits_missing" in facts[0].flags


def test_lost_percent_and_money_after_a_verb():
    facts = {f.indicator: f for f in facts_of("全县贫困发生率下降到%，全年累计投入扶贫资金万元。")}
    assert facts["poverty_incidence"].value is None and "digits_missing" in facts["poverty_incidence"].flags
    assert facts["funds_invested"].value is None and facts["funds_invested"].unit == "元"


@pytest.mark.parametrize("sentence", [
    "全县贫困户全部实现脱贫。",
    "全县农户人均纯收入增长明显。",
    "全县人口中贫困户占比下降，实现户户通。",
    "为个人建档立卡，确保不漏一户。",
    "全区户籍人口脱贫攻坚任务繁重。",
    "公示贫困户名单，落实一户一策。",
    "帮扶户满意度达到较高水平，脱贫户人均收入稳步增长。",
    "元旦期间，全县走访慰问贫困户。",
    "引导多户贫困户发展产业实现脱贫。",  # 多户: "many households", not a lost number
    "全市人民齐心协力打赢脱贫攻坚战。",
    "户均增收明显，人均收入达到新水平。",
    "实现人人有事做、户户有收入，贫困人口全部脱贫。",
])
def test_words_made_of_measure_characters_are_not_lost_figures(sentence):
    assert not [f for f in find_figures(sentence) if f.digits_missing], sentence
    assert not [f for f in facts_of(sentence) if "digits_missing" in f.flags]


def test_a_lost_figure_never_gets_a_value():
    for f in facts_of("全县户名贫困人口实现脱贫，累计发放扶贫贷款万元，资助户贫困户学生。"):
        if "digits_missing" in f.flags:
            assert f.value is None
