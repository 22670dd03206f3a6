"""English edition: outlet names in English, counts and amounts written as English reads."""

from __future__ import annotations

import re

import pytest

from countybrief.briefing.names import outlet_name
from countybrief.briefing.text import strings


@pytest.mark.parametrize("outlet, english", [
    # established English names (data/briefing/outlets.yaml)
    ("人民网", "People's Daily Online"),
    ("新华网", "Xinhua"),
    ("人民日报", "People's Daily"),
    ("中国新闻网", "China News Service"),
    # romanised by the kind of outlet
    ("吉林日报", "Jilin Daily"),
    ("河源晚报", "Heyuan Evening News"),
    ("海阳电视台", "Haiyang TV"),
    ("海阳广播电视台", "Haiyang Radio and Television"),
    ("海阳新闻网", "Haiyang News"),
    ("海阳网", "Haiyang Online"),
    ("山阳县人民政府网", "Shanyang County Government website"),
    ("海阳市政府网", "Haiyang Municipal Government website"),
    ("甘肃省人民政府", "Gansu Provincial Government"),
    ("陕西日报", "Shaanxi Daily"),
    ("内蒙古自治区人民政府", "Inner Mongolia Autonomous Region Government"),
    ("每日甘肃网", "Meiri Gansu Online"),
    ("中国吉林网", "China Jilin Online"),
    # compound names: each part named
    ("西e网—海阳新闻网", "Xi e Online — Haiyang News"),
    ("人民网-甘肃频道", "People's Daily Online — Gansu channel"),
    # already in Latin letters, or nothing
    ("Xinhua", "Xinhua"),
    ("", ""),
    (None, ""),
    (float("nan"), ""),
])
def test_outlet_names_in_english(outlet, english):
    assert outlet_name(outlet, "en") == english


def test_outlet_names_stay_chinese_in_the_chinese_edition():
    assert outlet_name("吉林日报", "zh") == "吉林日报"
    assert outlet_name("  人民网 ", "zh") == "人民网"


def test_english_outlet_is_ascii_letters_for_any_chinese_name():
    for name in ("某某日报", "某某县融媒体中心", "某某发布", "某某县扶贫办", "某某周刊"):
        english = outlet_name(name, "en")
        assert english and not re.search(r"[\u3400-\u9fff]", english), (name, english)


def _formatted(template: str, n: int) -> str:
    fields = set(re.findall(r"\{(\w+)", template))
    return template.format(**{f: n if f in ("n", "facts", "docs", "k", "total", "n_masked",
                                             "n_restored", "n_pref", "n_county") else "X"
                              for f in fields})


def _english_strings():
    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, f"{key}[{i}]")
        elif isinstance(value, str):
            yield key, value
    return list(walk(strings("en")))


#: Counted nouns that must never follow the number 1 in their plural form.
_PLURAL_AFTER_ONE = re.compile(
    r"\b1 (figures|articles|sources|indicators|regions|households|villages|passages|"
    r"characters|people|years)\b")


def test_no_english_string_reads_1_with_a_plural_noun():
    """Every English string with a count reads right for n = 1 ("1 figures" never)."""
    bad = []
    for key, template in _english_strings():
        if "{" not in template:
            continue
        if key.startswith("status_villages_all") or key.startswith("ov_ranked_top") \
                or key.startswith("ov_rank_title_top"):
            continue  # "All {n} poor villages", "top {k} of {n} regions": n is never 1
        try:
            text = _formatted(template, 1)
        except (KeyError, IndexError, ValueError):
            continue
        if _PLURAL_AFTER_ONE.search(text) or "(s)" in text:
            bad.append((key, text))
    assert not bad, bad


def test_money_strings_format_to_one_unbroken_amount():
    from countybrief.briefing.format import fmt_money

    for yuan in (1.5e9, 2.3e7, 4500):
        text = fmt_money(yuan, "en")
        assert text.startswith("RMB\u00a0") and " " not in text
