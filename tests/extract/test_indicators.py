"""Each catalogue indicator from small made-up sentences (not taken from the samples)."""

from __future__ import annotations

import pytest

from countybrief.catalogue import load_catalogue

from .conftest import extract_text

TITLE = "渭源县脱贫攻坚工作综述\n"

CASES = [
    # (sentence, indicator, value, extra flags expected)
    ("今年渭源县实现脱贫2180户8765人。", "poverty_exit_households", 2180, set()),
    ("今年渭源县实现脱贫2180户8765人。", "poverty_exit_population", 8765, set()),
    ("全县1.2万人达到稳定脱贫标准。", "poverty_exit_population", 12000, set()),
    ("渭源县现有建档立卡贫困户4321户。", "poor_households", 4321, set()),
    ("全县现有贫困人口1.56万人。", "poor_population", 15600, set()),
    ("全县贫困发生率由12.5%下降到3.2%。", "poverty_incidence", 3.2, set()),
    ("全县共有45个建档立卡贫困村。", "poor_villages", 45, set()),
    ("去年全县38个贫困村顺利退出。", "villages_exited", 38, set()),
    ("全年累计投入财政专项扶贫资金2.35亿元。", "funds_invested", 235000000, set()),
    ("县上整合涉农资金8600万元用于基础设施建设。", "funds_invested", 86000000, set()),
    ("全县累计发放精准扶贫小额信贷3.2亿元。", "poverty_loans", 320000000, set()),
    ("为6500户贫困户发放扶贫贷款3.1亿元。", "poverty_loans", 310000000, set()),
    ("全县累计向1200户贫困户的扶贫小额信贷已全部发放到位。", "loan_households", 1200, set()),
    ("全县实施易地扶贫搬迁1500户6200人。", "relocated_households", 1500, set()),
    ("全县实施易地扶贫搬迁1500户6200人。", "relocated_population", 6200, set()),
    ("举办各类技能培训班80期，培训贫困劳动力3400人次。", "trained_persons", 3400, {"person_times"}),
    ("全年输转城乡富余劳动力4.5万人。", "labor_transfer", 45000, set()),
    ("全年实现劳务收入9.8亿元。", "labor_income", 980000000, set()),
    ("全县电商销售额达到3.5亿元。", "ecommerce_sales", 350000000, set()),
    ("全年网络销售农产品1.2亿元。", "ecommerce_sales", 120000000, set()),
    ("全县发展农民专业合作社320家。", "cooperatives", 320, set()),
    ("新成立58个农民专业合作社。", "cooperatives", 58, set()),
    ("资助建档立卡贫困家庭学生1.3万名。", "students_aided", 13000, set()),
    ("全年完成农村危房改造2100户。", "housing_renovated", 2100, set()),
    ("建成村级光伏扶贫电站45座，总装机容量20.6MW。", "pv_capacity", 20600, set()),
    ("全县光伏扶贫电站装机规模达3万千瓦。", "pv_capacity", 30000, set()),
    ("农村居民人均可支配收入达到8650元。", "income_per_capita", 8650, set()),
    ("贫困人口人均纯收入达到4200元。", "income_per_capita", 4200, set()),
    ("入股贫困户户均增收1800元。", "income_increase_per_household", 1800, set()),
    ("参与种植的贫困户每户年增收3000余元。", "income_increase_per_household", 3000, {"approx"}),
    ("新建通村硬化路126.5公里。", "roads_km", 126.5, set()),
    ("全年新改建农村公路320公里。", "roads_km", 320, set()),
    ("全县互助资金总规模达到1.2亿元。", "mutual_aid_funds", 120000000, set()),
    ("全县计划投资5亿元建设产业园。", "funds_invested", 500000000, {"planned"}),
    ("力争明年脱贫3000人。", "poverty_exit_population", 3000, {"planned"}),
]


@pytest.mark.parametrize("sentence,indicator,value,flags", CASES, ids=[c[0][:14] + "/" + c[1] for c in CASES])
def test_indicator_from_made_up_sentence(sentence, indicator, value, flags):
    facts = extract_text(TITLE + sentence + "\n").facts
    hits = [f for f in facts if f.indicator == indicator]
    assert hits, f"no {indicator} in {[(f.indicator, f.value) for f in facts]}"
    matching = [f for f in hits if f.value == pytest.approx(value, rel=1e-6)]
    assert matching, [(f.indicator, f.value) for f in hits]
    f = matching[0]
    assert flags <= set(f.flags)
    assert f.region == "渭源县" and f.adcode == "621123"
    assert f.unit == load_catalogue()[indicator].unit


def test_every_indicator_is_covered():
    assert {c[1] for c in CASES} == set(load_catalogue())


@pytest.mark.parametrize("sentence", [
    "全县涉农贷款余额达到76亿元。",  # a bank balance, not poverty loans
    "为3名贫困大学生办理了助学贷款186万元。",  # student loans
    "户均贷款4.5万元。",  # a per-household figure
    "全县有幼儿园71所，卫生室120个。",  # no catalogue indicator
    "带动贫困户874户发展庭院经济。",  # households reached, not the registered count
    "新增贫困人口2000人。",  # additions, not the stock
    "全县架设输电线路12公里。",  # power lines are not roads
    "村级光伏电站平均装机300千瓦。",  # an average, not a total
    "从中筛选了100个贫困村开展试点。",  # a subset
    "遴选了15家农民专业合作社、家庭农场和龙头企业。",  # a mixed list
    "新打机井12眼，敷设管网15公里。",
])
def test_figures_that_fit_no_indicator_are_not_emitted(sentence):
    facts = extract_text(TITLE + sentence + "\n").facts
    assert facts == [], [(f.indicator, f.value, f.quote) for f in facts]


def test_pairs_yield_one_fact_each():
    facts = extract_text(TITLE + "全县共审批发放精准扶贫专项贷款5120户2.56亿元。\n").facts
    got = {(f.indicator, f.value) for f in facts}
    assert got == {("loan_households", 5120), ("poverty_loans", 256000000)}


def test_list_continuation_inherits_the_indicator():
    facts = extract_text(TITLE + "全年争取各类扶贫资金3.2亿元，其中中央资金1.5亿元、省级1.1亿元，与上年2.9亿元相比增长10%。\n").facts
    assert sorted(f.value for f in facts if f.indicator == "funds_invested") == [110000000, 150000000, 290000000, 320000000]


def test_bracketed_breakdowns_are_parts_of_their_total():
    facts = extract_text(TITLE + "全年共培训2400人(其中贫困劳动力1800人)。\n").facts
    assert [(f.indicator, f.value, f.scope) for f in facts] == [
        ("trained_persons", 2400, "whole"), ("trained_persons", 1800, "part")]
    assert facts[1].part == "其中贫困劳动力"


def test_bracketed_parts_that_cannot_be_parts_are_dropped():
    # the parts add up to a ten-thousandth of the total: a unit lost in scraping
    facts = extract_text(TITLE + "全年实现电商销售2.6亿元(线上销售1.5万元，线下销售1.1万元)。\n").facts
    assert [(f.indicator, f.value) for f in facts] == [("ecommerce_sales", 260000000)]


@pytest.mark.parametrize("sentence,indicator,value", [
    ("全县43个拟脱贫村中，已验收31个。", "villages_exited", 43),
    ("今年全县260户计划搬迁。", "relocated_households", 260),
    ("全县确定17个计划退出贫困村。", "villages_exited", 17),
    ("全镇950人拟脱贫。", "poverty_exit_population", 950),
])
def test_plan_cue_right_after_the_figure(sentence, indicator, value):
    facts = [f for f in extract_text(TITLE + sentence + "\n").facts if f.indicator == indicator]
    assert [(f.value, "planned" in f.flags) for f in facts] == [(value, True)]


def test_achieved_figure_next_to_a_plan_is_not_planned():
    facts = {f.value: f for f in extract_text(TITLE + "今年全县260户计划搬迁，已搬迁180户。\n").facts}
    assert "planned" in facts[260].flags and "planned" not in facts[180].flags


def test_rule_probes_cover_their_cues(sample_extractions):
    """Every cue match contains a match of its rule's probe (the per-article pre-test)."""
    import re as _re

    from countybrief.extract.indicators import _ANCHOR, load_patterns

    texts = [ex.document.text for _, ex in sample_extractions.values()] + [c[0] for c in CASES]
    for rule in load_patterns().rules.values():
        for cue in rule.before + rule.after:
            rx = _re.compile(_ANCHOR.sub("", cue.rx.pattern))
            for t in texts:
                for m in rx.finditer(t):
                    if m.group(0):
                        assert rule.probe.search(m.group(0)), (rule.id, cue.rx.pattern, m.group(0))
