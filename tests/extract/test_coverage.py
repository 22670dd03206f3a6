"""Structures real articles use, for the catalogue's indicators. Made-up text."""

from __future__ import annotations

from .conftest import extract_text

HEAD = "漳县脱贫工作\n2019-06-02 来源：定西日报\n"


def got(text: str) -> set[tuple[str, float | None]]:
    return {(f.indicator, f.value) for f in extract_text(HEAD + text + "\n").facts}


def test_noun_before_a_households_people_pair():
    assert got("全县贫困人口4521户15830人。") == {("poor_households", 4521), ("poor_population", 15830)}
    assert got("剩余贫困户312户806人。") == {("poor_households", 312), ("poor_population", 806)}


def test_connector_between_cue_and_figure():
    assert got("全县贫困村有43个，贫困人口为18230人。") == {("poor_villages", 43), ("poor_population", 18230)}


def test_zero_rate():
    assert got("全县贫困发生率下降为0。") == {("poverty_incidence", 0)}
    assert got("全县贫困发生率降至零。") == {("poverty_incidence", 0)}


def test_people_first_order():
    assert got("全县易地扶贫搬迁3260人905户。") == {("relocated_population", 3260), ("relocated_households", 905)}


def test_reducing_the_poor_population_is_an_exit():
    assert got("全县减少贫困人口2210户7650人。") == {("poverty_exit_households", 2210),
                                              ("poverty_exit_population", 7650)}


def test_kilometres_written_as_qianmi_and_person_times_in_brackets():
    facts = extract_text(HEAD + "全县新建通村公路56千米，培训贫困劳动力2.1万人(次)。\n").facts
    by = {f.indicator: f for f in facts}
    assert by["roads_km"].value == 56 and by["trained_persons"].value == 21000
    assert "person_times" in by["trained_persons"].flags


def test_beneficiaries_after_a_loan_figure():
    assert got("全年发放扶贫小额贷款2.3亿元，惠及贫困户4860户。") == {
        ("poverty_loans", 230000000), ("loan_households", 4860)}


def test_full_width_digits_and_chinese_numerals():
    assert ("poverty_exit_households", 1920) in got("全县脱贫１９２０户。")
    assert ("poverty_exit_households", 3000) in got("全县脱贫三千余户。")


def test_qualifiers():
    facts = extract_text(HEAD + "全县投入扶贫资金20余亿元，搬迁近2万人，培训约1500人。\n").facts
    q = {f.indicator: f.qualifier for f in facts}
    assert q == {"funds_invested": "over", "relocated_population": "under", "trained_persons": "about"}


def test_repeated_figure_is_one_fact_with_every_span():
    ex = extract_text("漳县：46个贫困村全部退出\n2019-06-02 来源：定西日报\n截至2018年底，全县46个贫困村全部退出。\n")
    (fact,) = [f for f in ex.facts if f.indicator == "villages_exited"]
    assert len(fact.spans) == 2 and fact.year == 2018


def test_identified_registered_poor():
    assert got("全县共识别建档立卡贫困户1.2万户4.1万人。") == {("poor_households", 12000), ("poor_population", 41000)}


def test_beneficiaries_are_not_the_registered_poor():
    assert not {i for i, _ in got("产业项目带动全县贫困户3000户增收。")} & {"poor_households", "poor_population"}


def test_remaining_not_yet_lifted_and_reduced_by():
    assert got("全县剩余未脱贫人口356户821人。") == {("poor_households", 356), ("poor_population", 821)}
    assert got("2019年全县贫困人口减少了2.1万人。") == {("poverty_exit_population", 21000)}


def test_named_loan_products():
    assert got("全县发放“特惠贷”39.7亿元，惠及贫困户8.1万户。") == {
        ("poverty_loans", 3970000000), ("loan_households", 81000)}


def test_rural_poor_population_series():
    assert got("全县农村贫困人口由2013年底的3.2万人减少到2019年底的1200人。") == {
        ("poor_population", 32000), ("poor_population", 1200)}
