"""extract.gazetteer and extract.regions: names, short names, disambiguation."""

from __future__ import annotations

import time

import pytest

from countybrief.extract.gazetteer import get_gazetteer
from countybrief.extract.regions import UnknownRegionError

from .conftest import extract_text


def test_loads_fast_and_knows_all_levels():
    get_gazetteer.cache_clear()
    t0 = time.perf_counter()
    g = get_gazetteer()
    assert time.perf_counter() - t0 < 2.0
    assert g.lookup("620402")[0].name == "白银区"
    assert g.lookup("白城市")[0].level == "prefecture"
    assert g.lookup("甘肃省")[0].level == "province"
    ref = g.lookup("通榆县")[0]
    assert (ref.adcode, ref.province, ref.city, ref.level) == ("220822", "吉林省", "白城市", "county")


def test_full_names_found_with_longest_match():
    g = get_gazetteer()
    surfaces = [m.surface for m in g.scan("陇南市武都区和甘肃省白银市白银区")]
    assert surfaces == ["陇南市", "武都区", "甘肃省", "白银市", "白银区"]


def test_datong_district_resolves_by_context():
    ex = extract_text("大通区脱贫工作\n淮南市大通区现有贫困户561户。大通工业园区建成光伏电站。\n")
    assert ex.document.adcode == "340402"
    assert ex.regions[0].province == "安徽省" and ex.regions[0].city == "淮南市"


def test_short_names_only_in_context():
    # 武川 is a county of Inner Mongolia; in a Gansu article it is a place name, not a region.
    ex = extract_text("白银区精准扶贫纪实\n白银区建成武川、强湾等移民小区，安置农户2000人。\n")
    assert [r.name for r in ex.regions] == ["白银区"]
    # 通榆 is 通榆县 inside an article about 白城市 (same prefecture).
    ex = extract_text("白城市产业扶贫\n白城市大力发展庭院经济。通榆天意公司带动贫困户户均增收3000元。\n")
    assert {r.name for r in ex.regions} == {"白城市", "通榆县"}
    f = [f for f in ex.facts if f.indicator == "income_increase_per_household"][0]
    assert f.region == "通榆县" and f.city == "白城市" and f.province == "吉林省"


def test_region_override():
    ex = extract_text("我县今年脱贫1200户。\n", region_override="华州区")
    assert ex.document.region == "华州区" and ex.facts[0].region == "华州区"
    ex = extract_text("我县今年脱贫1200户。\n", region_override="610503")
    assert ex.document.region == "华州区"
    with pytest.raises(ValueError) as e:
        extract_text("我县今年脱贫1200户。\n", region_override="不存在县")
    assert "不存在县" in str(e.value)
    assert isinstance(e.value, UnknownRegionError)


def test_unnamed_region_is_unresolved():
    ex = extract_text("我县扎实推进脱贫攻坚\n今年我县实现脱贫1200户4300人。\n")
    assert ex.document.region is None and ex.regions == []
    assert {f.region for f in ex.facts} == {None}
    assert all("region_unresolved" in f.flags for f in ex.facts)
    assert "region_unresolved" in ex.document.issues


def test_attribution_to_the_clause_or_sentence_region():
    text = ("定西市扶贫工作综述\n定西市今年投入扶贫资金12亿元。渭源县实施易地扶贫搬迁1500户，"
            "临洮县新建农村公路80公里；全市贫困发生率降至2.1%。\n")
    facts = {f.indicator: f for f in extract_text(text).facts}
    assert facts["funds_invested"].region == "定西市"
    assert facts["relocated_households"].region == "渭源县"
    assert facts["roads_km"].region == "临洮县"
    assert facts["poverty_incidence"].region == "定西市"  # 全市: the city, not 临洮县


def test_scope_words_follow_the_last_region_of_their_kind():
    text = "定西市扶贫工作综述\n临洮县今年加大投入，全县新建农村公路80公里。\n"
    assert extract_text(text).facts[0].region == "临洮县"


@pytest.mark.parametrize("short, name", [
    ("甘孜州", "甘孜藏族自治州"), ("黔东南州", "黔东南苗族侗族自治州"), ("北川县", "北川羌族自治县"),
    ("互助县", "互助土族自治县"),  # 互助 alone is a word, 互助县 is the county
    ("鄂伦春旗", "鄂伦春自治旗"), ("长垣县", "长垣市"), ("华县", "华州区"),
])
def test_short_forms_and_former_names_are_full_names(short, name):
    g = get_gazetteer()
    assert [r.name for r in g.lookup(short)] == [name]
    assert [(m.surface, m.full) for m in g.scan(f"{short}今年减贫1000人")] == [(short, True)]


def test_province_short_names_are_always_scanned():
    g = get_gazetteer()
    surfaces = [m.surface for m in g.scan("陕西汉阴县今年减贫1000人")]
    assert surfaces == ["陕西", "汉阴县"]
    assert not get_gazetteer().lookup("互助")  # a word: no short name
