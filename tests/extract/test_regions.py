"""extract.regions: primary region, province consistency, figures' regions. Made-up text."""

from __future__ import annotations

import re
import time

import pytest

from countybrief.extract.gazetteer import get_gazetteer
from countybrief.extract.regions import region_for_figure, resolve_regions

_SENTENCE_END = re.compile(r"[。！？；\n]")
_REGION_SENTENCE_END = re.compile(r"[。！？\n]")


def index_of(text: str, title: str | None = None, **kw):
    title_end = text.find(title) + len(title) if title else 0
    return resolve_regions(get_gazetteer().scan(text), title_end, **kw)


def primary(text: str, title: str | None = None, **kw):
    p = index_of(text, title, **kw).primary
    return (p.name, p.adcode) if p else None


def _start_before(rx: re.Pattern[str], text: str, pos: int) -> int:
    starts = [m.end() for m in rx.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def region_of(text: str, figure: str, title: str | None = None, nth: int = 0) -> str | None:
    """The region of the ``nth`` occurrence of ``figure``, found as the pipeline looks for it."""
    index = index_of(text, title)
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(figure, pos + 1)
    r = region_for_figure(index, text, _start_before(_SENTENCE_END, text, pos),
                          _start_before(_REGION_SENTENCE_END, text, pos), pos)
    return r.name if r else None


# --- province consistency --------------------------------------------------------------

@pytest.mark.parametrize("text, adcode", [
    ("湖南省永定区召开扶贫工作会议\n永定区今年实现脱贫800户。\n", "430802"),
    ("张家界市永定区今年实现脱贫800户。\n", "430802"),
    ("福建永定区推进乡村振兴\n永定区今年实现脱贫800户。\n", "350803"),
    ("龙岩市上杭县、永定区今年共实现脱贫1500户。\n", "350803"),
])
def test_a_name_in_two_provinces_follows_the_province_the_text_names(text, adcode):
    index = index_of(text)
    assert "永定区" in {r.name for r in index.named}
    assert {r.adcode for r in index.named if r.name == "永定区"} == {adcode}


def test_a_name_in_two_provinces_without_context_stays_unresolved():
    assert primary("永定区脱贫攻坚简报\n永定区今年实现脱贫800户。\n") is None


@pytest.mark.parametrize("text, adcode", [
    ("陕西长安区召开脱贫攻坚推进会\n长安区今年减贫600人。\n", "610116"),
    ("西安市长安区今年减贫600人，群众满意度持续提升。\n", "610116"),
    ("石家庄市长安区今年减贫600人。\n", "130102"),
])
def test_a_district_named_like_a_word_needs_its_city_or_province(text, adcode):
    assert primary(text)[1] == adcode


def test_short_names_in_two_provinces_follow_the_province():
    # 山阳 is 山阳县 (商洛, 陕西) and 山阳区 (焦作, 河南)
    text = "陕西多地推进产业扶贫\n山阳大力发展食用菌产业，带动贫困户1200户。\n"
    assert primary(text) == ("山阳县", "611024")
    text = "焦作市产业扶贫综述\n焦作市各县区持续发力，山阳新建扶贫车间12个。\n"
    assert "611024" not in {r.adcode for r in index_of(text).named}


def test_a_province_short_name_is_no_city():
    text = "吉林省白城市通榆县今年实现脱贫2100户。吉林各地持续巩固脱贫成果。\n"
    assert "吉林市" not in {r.name for r in index_of(text).named}


# --- the primary region ----------------------------------------------------------------

def test_navigation_and_media_lines_name_the_primary_region():
    text = ("首页 > 新闻动态 > 平利县\n脱贫攻坚取得决定性成就\n今年我县实现脱贫1200户4300人，"
            "在安康市年度考核中位居前列。\n")
    assert primary(text, "脱贫攻坚取得决定性成就")[0] == "平利县"
    text = ("产业扶贫结硕果\n汉阴县融媒体中心\n今年以来，我县在安康市率先建成扶贫车间30个，"
            "安康市有关部门予以肯定。安康市还将推广这一做法。\n")
    assert primary(text, "产业扶贫结硕果")[0] == "汉阴县"


def test_a_region_named_only_in_a_dropped_byline_is_still_the_primary():
    text = "脱贫攻坚取得决定性成就\n今年我县实现脱贫1200户4300人。\n"
    assert primary(text) is None
    assert primary(text, bylines=["来源：岚皋县人民政府  发布时间：2019-01-10"])[0] == "岚皋县"
    index = index_of(text, bylines=["来源：岚皋县人民政府"])
    assert index.starts == []  # a byline's mention is no figure's region
    pos = text.index("1200")
    assert region_for_figure(index, text, 12, 12, pos).name == "岚皋县"


def test_the_opening_outweighs_a_region_named_in_passing():
    text = ("扎实推进东西部协作\n镇安县今年与帮扶方共建产业园区3个。镇安县投入协作资金4200万元。"
            "学习借鉴柞水县经验，柞水县、山阳县代表作交流发言，柞水县介绍了做法。\n")
    assert primary(text, "扎实推进东西部协作")[0] == "镇安县"


def test_a_prefecture_article_keeps_the_prefecture():
    title = "安康市脱贫攻坚工作综述"
    text = (f"{title}\n今年全市实现脱贫8.6万人。汉阴县新建社区工厂40家，汉阴县吸纳就业1200人；"
            "平利县发展茶园2万亩，平利县带动贫困户3000户；全市贫困发生率降至3.1%。\n")
    assert primary(text, title)[0] == "安康市"
    assert region_of(text, "3.1%", title) == "安康市"
    assert region_of(text, "1200人", title) == "汉阴县"
    assert region_of(text, "3000户", title) == "平利县"


def test_a_prefecture_article_without_a_title_region_by_its_scope_words():
    title = "脱贫攻坚成效显著"
    text = (f"{title}\n安康市今年全市实现脱贫8.6万人，全市贫困发生率降至3.1%。汉阴县、平利县"
            "等县区加快发展。全市投入扶贫资金20亿元。\n")
    assert primary(text, title)[0] == "安康市"


def test_a_county_named_with_its_prefecture_in_the_title_is_the_primary():
    title = "安康市平利县：茶产业助力脱贫"
    text = f"{title}\n近年来，平利县把茶产业作为脱贫主导产业，全县茶园面积达20万亩。\n"
    assert primary(text, title)[0] == "平利县"


def test_a_county_article_quoting_the_prefecture_keeps_the_county():
    title = "岚皋县召开脱贫攻坚推进会"
    text = (f"{title}\n会议传达了安康市脱贫攻坚推进会精神，安康市要求各县区压实责任。"
            "岚皋县今年全县脱贫3000户。\n")
    assert primary(text, title)[0] == "岚皋县"


# --- prefectures, 州, 盟 and autonomous counties -----------------------------------------

def test_autonomous_prefecture_and_county_short_forms():
    title = "甘孜州脱贫攻坚工作推进会召开"
    text = f"{title}\n会议指出，全州今年减贫5.2万人。\n"
    assert primary(text, title) == ("甘孜藏族自治州", "513300")
    assert region_of(text, "5.2万人", title) == "甘孜藏族自治州"
    text = "北川县扶贫工作综述\n北川县今年新建产业基地20个，全县减贫1800人。\n"
    assert primary(text, "北川县扶贫工作综述") == ("北川羌族自治县", "510726")
    assert region_of(text, "1800人") == "北川羌族自治县"


def test_league_scope_words_go_to_the_league_not_its_banners():
    text = "锡林郭勒盟脱贫攻坚综述\n太仆寺旗新建牧业合作社12个，全盟减贫4200人。\n"
    assert primary(text, "锡林郭勒盟脱贫攻坚综述")[0] == "锡林郭勒盟"
    assert region_of(text, "12个") == "太仆寺旗"
    assert region_of(text, "4200人") == "锡林郭勒盟"


def test_a_city_named_without_shi_in_context():
    text = "汉阴县融入安康发展大局\n汉阴县今年脱贫1200户，为安康脱贫攻坚作出贡献。\n"
    assert {r.name for r in index_of(text).named} == {"汉阴县", "安康市"}
    assert primary(text, "汉阴县融入安康发展大局")[0] == "汉阴县"


# --- figures of the counties a prefecture article lists ----------------------------------

def test_list_items_take_their_own_county():
    title = "安康市易地扶贫搬迁综述"
    text = f"{title}\n全市今年搬迁安置1.2万人，其中汉阴县1234人、平利县567人、岚皋县890人。\n"
    assert region_of(text, "1.2万人", title) == "安康市"
    assert region_of(text, "1234人", title) == "汉阴县"
    assert region_of(text, "567人", title) == "平利县"
    assert region_of(text, "890人", title) == "岚皋县"


def test_short_county_names_in_a_prefecture_article():
    title = "安康市产业扶贫观察"
    text = f"{title}\n全市新建社区工厂200家。其中汉阴新建45家，平利新建38家，全市吸纳就业8000人。\n"
    index = index_of(text, title)
    assert index.primary.name == "安康市"
    assert region_of(text, "45家", title) == "汉阴县"
    assert region_of(text, "38家", title) == "平利县"
    assert region_of(text, "8000人", title) == "安康市"


def test_qizhong_clause_names_its_county():
    title = "安康市脱贫攻坚成效显著"
    text = f"{title}\n全市贫困发生率由2015年的25.3%下降到5.1%，其中平利县降至2.4%。\n"
    assert region_of(text, "5.1%", title) == "安康市"
    assert region_of(text, "2.4%", title) == "平利县"


def test_fenbie_lists_pair_figures_with_counties_in_order():
    title = "安康市脱贫攻坚简报"
    text = f"{title}\n汉阴县、平利县贫困发生率分别降至2.1%和1.8%。\n"
    assert region_of(text, "2.1%", title) == "汉阴县"
    assert region_of(text, "1.8%", title) == "平利县"
    text = f"{title}\n汉阴县和平利县分别减贫1200户4100人、800户2600人。\n"
    assert [region_of(text, f, title) for f in ("1200户", "4100人", "800户", "2600人")] == \
        ["汉阴县", "汉阴县", "平利县", "平利县"]


def test_county_scope_words_go_to_the_county_named_last():
    title = "安康市产业扶贫综述"
    text = (f"{title}\n全市新建产业园区30个。汉阴县加快发展设施农业，全县新建大棚300个。\n"
            "平利县大力发展茶产业。全市带动贫困户2万户。\n")
    assert region_of(text, "300个", title) == "汉阴县"
    assert region_of(text, "30个", title) == "安康市"
    assert region_of(text, "2万户", title) == "安康市"


def test_county_article_scope_words_stay_with_the_county():
    title = "岚皋县脱贫攻坚综述"
    text = (f"{title}\n岚皋县学习平利县茶产业经验。\n今年全县实现脱贫3012户。\n"
            "全市脱贫攻坚推进会上，岚皋县作交流发言。\n")
    assert region_of(text, "3012户", title) == "岚皋县"


# --- renamed units ---------------------------------------------------------------------

@pytest.mark.parametrize("old, name, adcode", [
    ("长垣县", "长垣市", "410783"),  # JioNLP's change file
    ("盘县", "盘州市", "520281"),
    ("华县", "华州区", "610503"),  # data/regions_renamed.yaml
    ("遵义县", "播州区", "520304"),
])
def test_former_names_resolve_to_the_current_unit(old, name, adcode):
    text = f"{old}脱贫攻坚工作综述\n近年来，{old}累计减贫1.2万人。\n"
    assert primary(text, f"{old}脱贫攻坚工作综述") == (name, adcode)
    assert get_gazetteer().lookup(old)[0].adcode == adcode


# --- words that are no regions -----------------------------------------------------------

def test_ordinary_words_are_no_regions():
    text = ("平利县城关镇新村社区脱贫纪实\n平利县城关镇建成新村12个，老城区改造加快，"
            "新城区建设稳步推进。振兴县域经济，提高县级医院服务能力。\n")
    assert [r.name for r in index_of(text).named] == ["平利县"]


def test_one_character_county_names_inside_words():
    text = "白银区推进乡村振兴\n白银区着力振兴县域经济，提高县级医疗水平。\n"
    assert {m.surface for m in get_gazetteer().scan(text)} == {"白银区"}


# --- linear time -------------------------------------------------------------------------

def test_thousands_of_figures_on_one_long_line_stay_linear():
    text = "平利县扶贫工作\n平利县" + "，新增就业12人、合作社3个" * 40_000 + "。\n"
    index = index_of(text)
    positions = [m.start() for m in re.finditer(r"\d+", text)]
    sent_start = text.index("平利县", 3)
    t0 = time.perf_counter()
    regions = {region_for_figure(index, text, sent_start, sent_start, p) for p in positions}
    assert time.perf_counter() - t0 < 5.0
    assert {r.name for r in regions} == {"平利县"}
    assert len(text) > 1_000_000 // 2


# --- through the pipeline ----------------------------------------------------------------

def _regions_by_value(text: str) -> dict[float, str | None]:
    from .conftest import extract_text
    return {f.value: f.region for f in extract_text(text).facts}


def test_pipeline_gives_listed_counties_their_figures():
    got = _regions_by_value(
        "安康市脱贫攻坚工作综述\n2019年，安康市实现脱贫3.2万户9.8万人，全市贫困发生率由2015年的25.3%"
        "下降到2019年底的1.2%，其中平利县降至0.8%。汉阴县实施易地扶贫搬迁1500户，全市累计投入扶贫资金30亿元。\n")
    assert got[1.2] == "安康市" and got[0.8] == "平利县"
    assert got.get(1500) in (None, "汉阴县") and got.get(3e9) in (None, "安康市")


def test_pipeline_reads_fenbie_lists_and_navigation_lines():
    got = _regions_by_value("安康市脱贫攻坚简报\n2019年，汉阴县、平利县贫困发生率分别降至1.1%和0.9%。\n")
    assert (got[1.1], got[0.9]) == ("汉阴县", "平利县")
    from .conftest import extract_text
    ex = extract_text("脱贫攻坚取得决定性成就\n首页 > 新闻动态 > 石泉县\n2019年，我县实现脱贫1200户4300人。\n")
    assert ex.document.region == "石泉县" and {f.region for f in ex.facts} == {"石泉县"}


@pytest.mark.parametrize("text, name", [
    ("甘肃临夏州东乡县脱贫纪实\n东乡县今年减贫1.3万人。\n", "东乡族自治县"),  # its short form today
    ("江西抚州市东乡县脱贫纪实\n东乡县今年减贫3000人。\n", "东乡区"),  # a former name
])
def test_a_short_form_and_a_former_name_alike_follow_the_province(text, name):
    assert primary(text, text.split("\n")[0])[0] == name


def test_short_names_only_in_a_prefecture_article_named_by_its_short_name():
    title = "安康：脱贫攻坚取得决定性胜利"
    text = f"{title}\n今年全市减贫3万人，其中汉阴减贫5000人，平利减贫4000人。\n"
    assert primary(text, title)[0] == "安康市"
    assert region_of(text, "5000人", title) == "汉阴县"
    assert region_of(text, "3万人", title) == "安康市"


def test_a_short_name_of_another_province_is_no_region_even_in_the_title():
    # 武川 is a county of Inner Mongolia; the text names 甘肃 only
    assert primary("甘肃武川村脱贫纪实\n甘肃多地推进易地搬迁，武川村搬迁群众120户。\n", "甘肃武川村脱贫纪实") is None
    assert primary("武川脱贫纪实\n全县今年搬迁群众120户。\n", "武川脱贫纪实")[0] == "武川县"


def test_region_named_only_in_the_byline_is_the_articles():
    from .conftest import extract_text
    text = "脱贫攻坚取得新成效\n来源：镇安县人民政府 2020-05-06\n全县脱贫1200户。\n"
    ex = extract_text(text)
    assert ex.document.region == "镇安县"
    assert {f.region for f in ex.facts} == {"镇安县"}


def test_a_newspaper_named_after_the_city_does_not_outweigh_the_title():
    from .conftest import extract_text
    ex = extract_text("宁县脱贫攻坚工作\n2020-06-01 来源：庆阳日报\n2019年，全县脱贫9800人。\n")
    assert ex.document.region == "宁县"


def test_counties_of_a_qizhong_sentence_share_the_time_of_the_total_they_split():
    from .conftest import extract_text
    ex = extract_text("兴安盟脱贫攻坚综述\n2020-04-10 来源：兴安日报\n截至2019年底，兴安盟累计减贫13.4万人，"
                      "贫困发生率降至0.08%。其中，突泉县减贫2.6万人，扎赉特旗减贫3.1万人。\n")
    got = {(f.region, f.value): (f.year, "cumulative" in f.flags) for f in ex.facts
           if f.indicator == "poverty_exit_population"}
    assert got == {("兴安盟", 134000): (2019, True), ("突泉县", 26000): (2019, True),
                   ("扎赉特旗", 31000): (2019, True)}
