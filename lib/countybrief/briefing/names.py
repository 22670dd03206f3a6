"""Region names for the English edition: pinyin with the administrative suffix translated.

``英文名`` rules follow common official usage: the place name in pinyin written as one word
(``Baiyin``), an apostrophe before a syllable starting with a vowel (``Xi'an``), and the
suffix as an English word (``Baiyin District``). Province-level names with a conventional
English form (陕西 Shaanxi, 内蒙古 Inner Mongolia...) come from a small table.
"""

from __future__ import annotations

from functools import lru_cache

from ..model import RegionRef

#: Administrative suffixes, longest first, and their English words.
SUFFIXES = (
    ("特别行政区", "SAR"), ("自治区", "Autonomous Region"), ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("林区", "Forestry District"),
    ("新区", "New Area"), ("地区", "Prefecture"), ("省", "Province"), ("市", "City"),
    ("区", "District"), ("县", "County"), ("旗", "Banner"), ("盟", "League"),
)

#: Names whose English form is not plain pinyin.
SPECIAL = {
    "陕西省": "Shaanxi Province", "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "西藏自治区": "Tibet Autonomous Region", "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
    "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
    "香港特别行政区": "Hong Kong SAR", "澳门特别行政区": "Macao SAR",
    "北京市": "Beijing Municipality", "天津市": "Tianjin Municipality",
    "上海市": "Shanghai Municipality", "重庆市": "Chongqing Municipality",
}

#: Characters read differently in place names than pypinyin's default (武都 Wudu, 六安 Lu'an).
PLACE_READINGS = {"都": "du"}


@lru_cache(maxsize=4096)
def pinyin(text: str) -> str:
    """``白银`` -> ``Baiyin``, ``西安`` -> ``Xi'an``; characters without pinyin kept."""
    if not text:
        return ""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    for i, ch in enumerate(text[: len(syllables)]):
        if ch in PLACE_READINGS and len(syllables) == len(text):
            syllables[i] = PLACE_READINGS[ch]
    out = ""
    for i, syl in enumerate(syllables):
        syl = syl.replace("ü", "u").replace("v", "u") if syl.isascii() else syl
        if i and syl[:1] in ("a", "e", "o"):
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def english_name(name: str) -> str:
    """``白银区`` -> ``Baiyin District``, ``陕西省`` -> ``Shaanxi Province``."""
    if not name:
        return ""
    if name in SPECIAL:
        return SPECIAL[name]
    for suffix, word in SUFFIXES:
        stem = name[: -len(suffix)]
        if name.endswith(suffix) and len(stem) >= 1:
            return f"{pinyin(stem)} {word}"
    return pinyin(name)


def bilingual(name: str) -> str:
    """``Baiyin District (白银区)``: English edition's way of naming a region."""
    return f"{english_name(name)} ({name})" if name else ""


def region_name(ref: RegionRef, lang: str = "zh") -> str:
    """The region's short name in a briefing language (English: pinyin only)."""
    return english_name(ref.name) if lang == "en" else ref.name


def full_name(ref: RegionRef, lang: str = "zh") -> str:
    """``甘肃省 · 白银市 · 白银区`` / ``Gansu Province · Baiyin City · Baiyin District``."""
    if lang != "en":
        return ref.full_name
    return " · ".join(english_name(p) for p in ref.full_name.split(" · "))
