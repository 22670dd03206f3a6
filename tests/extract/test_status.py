"""Plans, targets and expectations versus results. Made-up text."""

from __future__ import annotations

from .conftest import extract_text

HEAD = "漳县脱贫工作\n2019-06-02 来源：定西日报\n"


def planned(text: str) -> dict[tuple[str, float | None], bool]:
    return {(f.indicator, f.value): "planned" in f.flags for f in extract_text(HEAD + text + "\n").facts}


def test_plan_cues_before_the_figure():
    got = planned("确保2019年再减贫1800户。力争全年新建通村公路120公里。全县计划投入扶贫资金2.6亿元。")
    assert all(got.values()) and len(got) == 3


def test_plan_cue_after_the_figure():
    got = planned("剩余19个贫困村将全部退出。")
    assert got == {("villages_exited", 19): True}


def test_plan_opening_sentence():
    got = planned("按照计划，2019年全县减贫1.2万人，出列贫困村30个。")
    assert set(got.values()) == {True}


def test_future_year_is_a_plan():
    got = planned("到2020年，全县贫困发生率降至2%以下。")
    assert got == {("poverty_incidence", 2): True}


def test_results_are_not_plans():
    got = planned("全县争取上级资金2200万元，全年脱贫1500户，将近300户贫困户实现稳定增收。")
    assert got[("funds_invested", 22000000)] is False
    assert got[("poverty_exit_households", 1500)] is False


def test_planned_stays_a_plan_not_a_running_total():
    facts = extract_text(HEAD + "确保剩余贫困人口全部脱贫、剩余12个贫困村全部退出。\n").facts
    v = next(f for f in facts if f.indicator == "villages_exited")
    assert "planned" in v.flags and "cumulative" not in v.flags


def test_a_plan_governs_the_clauses_after_it_until_a_result():
    got = planned("2019年，全县计划实现3500人脱贫，12个贫困村出列。省里下达扶贫贷款计划2亿元，全县共发放扶贫贷款2.1亿元。")
    assert got[("poverty_exit_population", 3500)] and got[("villages_exited", 12)]
    assert got[("poverty_loans", 200000000)] and not got[("poverty_loans", 210000000)]
