"""ingest.normalise: every kind of noise, and the offset map back into the raw text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from countybrief.ingest import normalise, read_article
from countybrief.model import RawArticle

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def art(text: str, media_type: str = "text/plain") -> RawArticle:
    return RawArticle(path="mem.txt", name="mem.txt", text=text, encoding="utf-8", media_type=media_type)


def norm(text: str):
    return normalise(art(text))


def check_origin(raw: str, n) -> None:
    assert len(n.text) == len(n.origin)
    assert all(0 <= o < len(raw) for o in n.origin)
    assert n.origin == sorted(n.origin)


def test_traditional_to_simplified_and_pinyin():
    raw = "某縣(xiàn)堅持精準(zhǔn)扶貧，全【quán】縣脫貧（tuō）1200戶。\n"
    n = norm(raw)
    assert n.text.strip() == "某县坚持精准扶贫，全县脱贫1200户。"
    check_origin(raw, n)


def test_pinyin_removal_keeps_real_brackets():
    raw = "据悉(记者 朱庆磊)，全县带动贫困人口21万人(次)，建设项目(一期)，单位(MW)。\n"
    n = norm(raw)
    assert "(记者 朱庆磊)" in n.text
    assert "21万人(次)" in n.text
    assert "(一期)" in n.text and "(MW)" in n.text


def test_toneless_pinyin_needs_a_valid_syllable():
    n = norm("门(men)口，面积(km)。\n")
    assert "门口" in n.text and "(km)" in n.text


def test_doubled_punctuation_keeps_the_stronger_mark():
    n = norm("某县现有贫困户300户,,贫困人口900人,,今年计划出列100户,、300人,。下一步,;继续。\n")
    assert n.text.strip() == "某县现有贫困户300户，贫困人口900人，今年计划出列100户、300人。下一步；继续。"


def test_ascii_commas_fullwidth_digits_and_spaces_in_numbers():
    raw = "全县投入资金２９７４ 万元,其中12,380元用于培训,增长3. 5%,约 200人。时间 2019-01-05 10:05:16\n"
    n = norm(raw)
    assert "投入资金2974万元，其中12380元用于培训，" in n.text
    assert "增长3.5%，约200人" in n.text
    assert "2019-01-05 10:05:16" in n.text
    check_origin(raw, n)
    i = n.text.index("2974")
    assert raw[n.origin[i]] == "２"


def test_lost_digits_survive():
    raw = "人均可支配收入由年的元增加到年的.39元；建设农村道路条.03公里；全区户名建档立卡贫困人口全部脱贫。\n"
    n = norm(raw)
    for piece in ["由年的元增加到年的.39元", "建设农村道路条.03公里", "全区户名建档立卡贫困人口"]:
        assert piece in n.text


def test_masked_characters_restored_only_from_the_dictionary():
    raw = "坚持以*建引领，发挥*委作用，把脱贫作为最大*治任务，落实**“一把手”责任，落实各项*策。\n"
    n = norm(raw)
    assert "以党建引领" in n.text and "党委作用" in n.text and "最大政治任务" in n.text
    assert "**“一把手”" in n.text and "各项*策" in n.text
    restored = {r["restored"] for r in n.restorations}
    assert restored == {"党", "政"}
    for r in n.restorations:
        assert raw[r["offset"]] == "*"
    assert len(n.masked) == 2
    for m in n.masked:
        assert raw[m["offset"]] == "*"


def test_boilerplate_lines_dropped_and_metadata_captured():
    raw = "\n".join([
        "欢迎访问某某新闻网！",
        "首页 新闻 政务 视频 专题 图片",
        "热线：0931-1234567",
        "邮箱：news@example.com",
        "某县易地搬迁工作纪实",
        "2019-03-02 08:00:00  来源：某某日报  |  编辑：张三",
        "图片说明标题",
        "  今年以来(记者 李四 王五)，某县搬迁贫困户300户。",
        "图片说明标题",
        "某县易地搬迁工作纪实",
        "责任编辑：赵六",
        "版权声明：",
        "①凡注明来源为本网的作品，版权均属本网所有。",
        "②转载请注明出处。",
    ]) + "\n"
    n = norm(raw)
    assert n.text == "某县易地搬迁工作纪实\n今年以来(记者 李四 王五)，某县搬迁贫困户300户。\n"
    assert n.metadata == {"title": "某县易地搬迁工作纪实", "published": "2019-03-02", "outlet": "某某日报",
                          "editor": "张三", "author": "李四 王五"}
    reasons = {r["reason"] for r in n.removed_lines}
    assert reasons == {"chrome", "navigation", "metadata", "repeated", "disclaimer"}
    for r in n.removed_lines:
        assert raw[r["offset"]] == r["line"][0] or r["line"][0] in "，；：！？"


def test_html_article_offsets_point_into_html_source():
    raw = "<html><body><p>某縣今年投入資金<b>3200</b>萬元。</p><script>x=1</script></body></html>"
    n = normalise(art(raw, "text/html"))
    assert n.text.strip() == "某县今年投入资金3200万元。"
    i = n.text.index("3200")
    assert raw[n.origin[i]:n.origin[i + 3] + 1] == "3200"


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.name)
def test_samples_offsets_map_back(path):
    a = read_article(path)
    n = normalise(a)
    check_origin(a.text, n)
    for i, ch in enumerate(n.text):
        if ch.isdigit():
            assert a.text[n.origin[i]] == ch


def test_fullwidth_digits_dates_and_letters_nfkc():
    raw = "青山县２０１９年３月至２０２０－０６－３０脱贫１９２０户，增长３．５％，ＧＤＰ达到１２３４万元。\n"
    n = norm(raw)
    assert n.text.strip() == "青山县2019年3月至2020-06-30脱贫1920户，增长3.5%，GDP达到1234万元。"
    check_origin(raw, n)
    for i, ch in enumerate(n.text.strip()):
        assert raw[n.origin[i]] == ch or unicodedata.normalize("NFKC", raw[n.origin[i]]) == ch \
            or raw[n.origin[i]] == "．"  # 3．5 -> 3.5


def test_chinese_fullwidth_punctuation_kept():
    raw = "全县（含开发区）共投入：１２００万元；同比增长？真好！约３～５年\n"
    assert norm(raw).text.strip() == "全县（含开发区）共投入：1200万元；同比增长？真好！约3～5年"


def test_compatibility_forms_that_expand_keep_a_valid_map():
    raw = "产业帮扶︙脱贫１２户｡⼈口﹐合计３０户︰完成。\n"  # ︙ -> ..., ︰ -> .., ⼈ (Kangxi) -> 人
    n = norm(raw)
    check_origin(raw, n)
    assert "12户" in n.text and "30户" in n.text and "人口" in n.text and "︙" not in n.text
    dots = n.text.index("...")
    assert {n.origin[dots], n.origin[dots + 1], n.origin[dots + 2]} == {raw.index("︙")}


@pytest.mark.parametrize("byline, outlet", [
    ("发布日期：2019-06-20　来源：青山县扶贫局　【打印】【关闭】", "青山县扶贫局"),  # with page chrome on it
    ("发布时间：2019-06-20 11:05:38　信息来源：青山县融媒体中心　阅读次数：1532", "青山县融媒体中心"),
    ("时间：2019-06-20 来源：青山县扶贫办 点击：3021次", "青山县扶贫办"),
    ("来源：青山县扶贫办【字体：大 中 小】 2019-06-20", "青山县扶贫办"),
])
def test_byline_read_from_lines_with_page_chrome(byline, outlet):
    raw = f"青山县脱贫攻坚工作综述\n{byline}\n今年全县脱贫1200户。\n"
    n = norm(raw)
    assert n.text == "青山县脱贫攻坚工作综述\n今年全县脱贫1200户。\n"
    assert n.metadata == {"title": "青山县脱贫攻坚工作综述", "published": "2019-06-20", "outlet": outlet}
