"""Region names for the English edition: pinyin with the administrative suffix translated.

``英文名`` rules follow common official usage: the place name in pinyin written as one word
(``Baiyin``), an apostrophe before a syllable starting with a vowel (``Xi'an``), and the
suffix as an English word (``Baiyin District``). Province-level names with a conventional
English form (陕西 Shaanxi, 内蒙古 Inner Mongolia...) come from a small table.

Outlets (``outlet_name``) keep their established English name where one exists
(``data/briefing/outlets.yaml``: 人民网 People's Daily Online, 新华网 Xinhua) and are
otherwise romanised by rule from their kind: 吉林日报 Jilin Daily, 白银新闻网 Baiyin News,
白银市人民政府网 Baiyin Municipal Government website, X电视台 X TV, X晚报 X Evening News.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from ..model import RegionRef
from .text import data_path

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


@lru_cache(maxsize=1)
def _outlets() -> dict[str, Any]:
    """The outlet names and romanisation rules (``data/briefing/outlets.yaml``)."""
    return yaml.safe_load(data_path("outlets.yaml").read_text(encoding="utf-8"))


#: Province-level short names whose English is not their pinyin.
_PROVINCE_EN = {"陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet",
                "香港": "Hong Kong", "澳门": "Macao"}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
#: What separates the parts of a compound outlet name (西e网—白银新闻网, 人民网-甘肃频道).
_PARTS = re.compile(r"\s*(?:[—–―]+|-{1,2}|[·|｜/／、])\s*")


def _romanise_words(text: str) -> str:
    """A stem in English letters: common words translated (``words``), each other run of
    Chinese characters as one pinyin word, letters and digits kept (``中国吉林`` -> ``China
    Jilin``, ``西e`` -> ``Xi e``)."""
    conf = _outlets()
    words = dict(conf.get("words", {}))
    for place in conf.get("places", []):  # a province inside a stem: its own word
        words.setdefault(place, _PROVINCE_EN.get(place) or pinyin(place))
    out: list[str] = []
    pos = 0
    for m in _HAN.finditer(text):
        out.extend(text[pos:m.start()].split())
        run, i, start = m.group(), 0, 0
        while i < len(run):
            hit = next((w for w in sorted(words, key=len, reverse=True) if run.startswith(w, i)), None)
            if hit is None:
                i += 1
                continue
            if start < i:
                out.append(pinyin(run[start:i]))
            out.append(words[hit])
            i = start = i + len(hit)
        if start < len(run):
            out.append(pinyin(run[start:]))
        pos = m.end()
    out.extend(text[pos:].split())
    return " ".join(w for w in out if w)


def _stem_name(stem: str, gov: bool) -> str:
    """A stem that is a region name in English (``白银市`` -> ``Baiyin City``, for a
    government ``Baiyin Municipal``); any other stem romanised."""
    if gov:
        for suffix, word in sorted(_outlets().get("gov_suffixes", {}).items(),
                                   key=lambda kv: len(kv[0]), reverse=True):
            if stem.endswith(suffix) and len(stem) > len(suffix):
                base = stem[: -len(suffix)]
                if stem in SPECIAL:  # 内蒙古自治区 -> Inner Mongolia Autonomous Region
                    english, own = SPECIAL[stem], dict(SUFFIXES).get(suffix, "")
                    base_en = (english[: -len(own) - 1] if own and english.endswith(" " + own)
                               else english.rsplit(" ", 1)[0])
                    return f"{base_en} {word}"
                return f"{_romanise_words(base)} {word}"
    elif stem in SPECIAL or (_HAN.fullmatch(stem) and any(
            stem.endswith(s) and len(stem) > len(s) for s, _w in SUFFIXES)):
        return english_name(stem)
    return _romanise_words(stem)


@lru_cache(maxsize=1024)
def _outlet_part(name: str) -> str:
    conf = _outlets()
    known = conf.get("known", {})
    if name in known:
        return known[name]
    if not _HAN.search(name):
        return name
    for rule in sorted(conf.get("suffixes", []), key=lambda r: len(r["zh"]), reverse=True):
        suffix = rule["zh"]
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            inner = known.get(stem) or _stem_name(stem, bool(rule.get("gov")))
            return rule["en"].format(x=inner)
    return _romanise_words(name)


def outlet_name(outlet: Any, lang: str = "zh") -> str:
    """An outlet's name in a briefing language: as written in Chinese; in English its
    established name (``人民网`` -> ``People's Daily Online``), else romanised by the kind
    of outlet (``吉林日报`` -> ``Jilin Daily``, ``X晚报`` -> ``X Evening News``, ``X电视台``
    -> ``X TV``, ``X政府网`` -> ``X Government website``). Parts of a compound name
    (``西e网—白银新闻网``) are named one by one."""
    if outlet is None or outlet != outlet:  # None, NaN
        return ""
    text = " ".join(str(outlet).split())
    if lang != "en" or not text:
        return text
    if text in _outlets().get("known", {}):
        return _outlet_part(text)
    parts = [p for p in _PARTS.split(text) if p]
    return " — ".join(_outlet_part(p) for p in parts)
