"""Region names: an index over JioNLP's national gazetteer, built once and cached.

The index reads ``jionlp/dictionary/china_location.txt`` directly (provinces, prefectures,
county-level units with adcodes and short names) without importing JioNLP, and compiles
every name into one trie-shaped regular expression, so a document is scanned in a single
``finditer`` pass. ``recognize_location`` is far too slow to run per document.

Besides the file's names it knows the short forms news use as names ("甘孜州" for 甘孜藏族
自治州, "北川县" for 北川羌族自治县) and former names of renamed units (JioNLP's
``china_location_change.txt`` and ``data/regions_renamed.yaml``), each resolving to the
current unit.
"""

from __future__ import annotations

import bisect
import importlib.util
import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import yaml

from ..catalogue import _data_text
from ..model import RegionRef

_LINE = re.compile(r"^(\t{0,2})([^\t\n]+)\t(\d{6})\t([^\t\n]*)$", re.M)

#: Short names that are ordinary words (or parts of many words); never matched alone.
STOP_ALIASES = frozenset(
    "新城 古城 城关 城中 城东 城西 城南 城北 东城 西城 南城 北城 城区 郊区 矿区 新区 东区 西区 南区 北区 "
    "中区 市中 市北 市南 开发区 经开区 高新区 新华 和平 长安 安宁 永和 东方 河口 江城 向阳 红旗 "
    "新兴 宝山 白山 龙华 平安 康乐 和田 永定 清河 华龙 龙门 铁东 铁西 海港 城厢 城阳 中山 建华 "
    "湘江 桥东 桥西 新市 仁和 长寿 安居 鼓楼 台山 东山 西山 南山 北山 青山 金山 凤凰 普陀 "
    "大同 太平 吉利 民和 共和 新民 富民 利民 兴隆 兴安 临江 双桥 五华 红塔 高新 合作 互助 同心 新建 "
    "同德 会同 和政 惠农 河西 河东 工业园 产业园 团结 友谊 光明 大方 建设 前进 胜利 解放 老城 新村".split()
)


@dataclass(frozen=True)
class Mention:
    """A place name found in a text."""

    start: int
    end: int
    surface: str
    candidates: tuple[RegionRef, ...]
    full: bool  # the official full name (with 省/市/区/县/旗...), not a short form


class Mentions(list):
    """The mentions of one text, in text order; ``text`` is the text scanned."""

    text: str = ""


#: A one-character county name ("兴县", "高县") is a word fragment before these (振兴县域, 提高县级).
_FRAGMENT_AFTER = frozenset("域级")
#: Autonomous units named by short name + level ("北川县", "甘孜州", "鄂伦春旗").
_AUTONOMOUS_SUFFIX = (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"))


def _location_file() -> str:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jionlp is not installed: the gazetteer needs jionlp's china_location.txt")
    return os.path.join(list(spec.submodule_search_locations)[0], "dictionary", "china_location.txt")


def _read_location_text(name: str = "china_location.txt") -> str:
    """jionlp ships the gazetteer zipped and unzips it on its own first use; read the
    unzipped copy when present, else straight from the zip (site-packages stays untouched)."""
    path = os.path.join(os.path.dirname(_location_file()), name)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    zipped = os.path.splitext(path)[0] + ".zip"
    if not os.path.exists(zipped):
        return ""
    with zipfile.ZipFile(zipped) as zf:
        return zf.read(os.path.basename(path)).decode("utf-8")


def _renamings(change_text: str) -> list[tuple[str, str, str, str]]:
    """``(old name, new name, new province, new city)`` of county-level and prefecture
    renamings in JioNLP's change file (``date, approval, province, short, [city, short,
    [county, short]] => province, [city, [county]]``)."""
    out = []
    for line in change_text.splitlines():
        if "=>" not in line:
            continue
        before, after = line.split("=>", 1)
        old = before.split("\t")[2:]
        new = after.strip().split("\t")
        if len(old) < 4 or len(old) != 2 * len(new):
            continue
        old_name, new_name = old[-2].strip(), new[-1].strip()
        if old_name and old_name != new_name:
            out.append((old_name, new_name, new[0].strip(), new[1].strip() if len(new) > 1 else new[0].strip()))
    return out


def _trie_regex(words: Iterable[str]) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


class Gazetteer:
    """Provinces, prefectures and county-level units, with their short names."""

    def __init__(self, rows: Iterable[tuple[int, str, str, str]],
                 renamed: Iterable[tuple[str, str]] = ()) -> None:
        """``rows``: (depth, name, adcode, short names) in file order; ``renamed``:
        (former name, adcode of the current unit)."""
        self.by_code: dict[str, RegionRef] = {}
        self.full: dict[str, list[RegionRef]] = {}
        self.alias: dict[str, list[RegionRef]] = {}
        self.province_aliases: set[str] = set()
        autonomous: dict[str, list[RegionRef]] = {}
        province = city = None
        for depth, name, code, alias in rows:
            if depth == 0:
                province, city = name, None
                ref = RegionRef(code, name, name, None, "province")
                self.province_aliases.update(a for a in alias.split("/") if len(a) >= 2)
            elif depth == 1:
                if code[:2] + "0000" == code:  # municipality: the city is the province
                    city = province
                    continue
                city = name
                ref = RegionRef(code, name, province, name, "prefecture")
            else:
                ref = RegionRef(code, name, province, city or province, "county")
            if code in self.by_code:
                continue
            self.by_code[code] = ref
            self.full.setdefault(name, []).append(ref)
            for a in alias.split("/"):
                a = a.strip()
                if len(a) < 2 or a == name or a.endswith("区") or code[4] == "7":
                    continue  # x7x codes: development zones, no usable short name
                if a not in STOP_ALIASES:
                    self.alias.setdefault(a, []).append(ref)
                for long_suffix, short_suffix in _AUTONOMOUS_SUFFIX:
                    if name.endswith(long_suffix):  # "互助县" even though 互助 alone is a word
                        autonomous.setdefault(a + short_suffix, []).append(ref)
        self._add_short_forms(autonomous, renamed)
        # A short name equal to another unit's full name is that unit's full name.
        for name in list(self.alias):
            if name in self.full:
                del self.alias[name]
        for name in STOP_ALIASES:
            self.full.pop(name, None)
        for name in [n for n in self.full if "直辖" in n]:
            del self.full[name]
        # district names that are also ordinary words ("新城区", "和平区"): trusted only in context
        self.weak = frozenset(n for n in self.full if n.endswith("区") and n[:-1] in STOP_ALIASES)
        self._full_lengths = sorted({len(n) for n in self.full}, reverse=True)
        self._suffix = re.compile("[" + "".join(sorted({re.escape(n[-1]) for n in self.full})) + "]")
        self._aliases_by_city: dict[str, set[str]] = {}
        self._province_short: set[str] = set()
        for a, refs in self.alias.items():
            for r in refs:
                self._aliases_by_city.setdefault(r.city or r.province, set()).add(a)
                if r.level == "province":
                    self._province_short.add(a)
                elif r.level == "prefecture":  # "汉中、安康两市" in a text naming 陕西省
                    self._aliases_by_city.setdefault(r.province, set()).add(a)
        self._all_aliases: re.Pattern[str] | None = None

    def _add_short_forms(self, autonomous: dict[str, list[RegionRef]], renamed: Iterable[tuple[str, str]]) -> None:
        """Autonomous units by short name + level, and former names, as full names of
        the current unit (never shadowing a name the gazetteer gives another unit)."""
        extra = autonomous
        for old, code in renamed:
            ref = self.by_code.get(code)
            if ref is not None:
                extra.setdefault(old, []).append(ref)
        for name, refs in extra.items():
            if name not in self.full and name not in STOP_ALIASES:
                # a unit whose short name this is ("东乡县" of 东乡族自治县) stays a candidate
                self.full[name] = list(dict.fromkeys(self.alias.get(name, []) + refs))

    def _scan_full(self, text: str) -> list[Mention]:
        # Full names end in one of a few characters (县区市旗州省盟...): look back from each.
        found: list[Mention] = []
        full = self.full
        for m in self._suffix.finditer(text):
            end = m.end()
            for n in self._full_lengths:
                start = end - n
                if start < 0:
                    continue
                s = text[start:end]
                if s in full:
                    if n == 2 and text[end:end + 1] in _FRAGMENT_AFTER:
                        break
                    found.append(Mention(start, end, s, tuple(full[s]), s not in self.weak))
                    break
        found.sort(key=lambda x: (x.start, -x.end))
        out: list[Mention] = []
        for x in found:
            if out and x.start < out[-1].end:
                continue
            out.append(x)
        return out

    def _alias_pattern(self, cities: frozenset[str]) -> re.Pattern[str] | None:
        if cities is None:
            if self._all_aliases is None:
                self._all_aliases = re.compile(_trie_regex(self.alias))
            return self._all_aliases
        return _alias_regex(self, cities)

    def scan(self, text: str) -> Mentions:
        """Place names in ``text``: every full name, province short names, and the short
        names of regions in the prefectures (and of the prefectures in the provinces)
        those full names belong to; all short names when there is no full name."""
        full = self._scan_full(text)
        cities = frozenset(c.city or c.province for m in full for c in m.candidates)
        out = Mentions(full)
        out.text = text
        pattern = self._alias_pattern(cities if full else None)
        if pattern is None:
            return out
        # full mentions are sorted and do not overlap: bisect for the one before m's end
        starts = [m.start for m in full]
        for m in pattern.finditer(text):
            i = bisect.bisect_left(starts, m.end()) - 1
            if i >= 0 and full[i].end > m.start():
                continue
            out.append(Mention(m.start(), m.end(), m.group(0), tuple(self.alias[m.group(0)]), False))
        out.sort(key=lambda x: x.start)
        return out

    def lookup(self, name_or_code: str) -> list[RegionRef]:
        """Regions called ``name_or_code``: an adcode, a full name or a short name."""
        key = name_or_code.strip()
        if key in self.by_code:
            return [self.by_code[key]]
        return list(self.full.get(key) or self.alias.get(key) or [])


@lru_cache(maxsize=4096)
def _alias_regex(gaz: Gazetteer, cities: frozenset[str]) -> re.Pattern[str] | None:
    names = set(gaz._province_short)
    for c in cities:
        names |= gaz._aliases_by_city.get(c, set())
    return re.compile(_trie_regex(names)) if names else None


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The national gazetteer, loaded on first use (well under a second)."""
    data = _read_location_text()
    rows = [(len(m.group(1)), m.group(2).strip(), m.group(3), m.group(4).strip()) for m in _LINE.finditer(data)]
    return Gazetteer(rows, _renamed(rows))


def _renamed(rows: list[tuple[int, str, str, str]]) -> list[tuple[str, str]]:
    """(former name, current adcode) from JioNLP's change file and ``regions_renamed.yaml``."""
    where: dict[tuple[str, str, str], str] = {}
    province = city = ""
    for depth, name, code, _ in rows:
        if depth == 0:
            province = city = name
        elif depth == 1:
            city = name
        else:
            where.setdefault((province, city, name), code)
        if depth < 2:
            where.setdefault((province, name, name), code)
    out = []
    for old, new, province, city in _renamings(_read_location_text("china_location_change.txt")):
        code = where.get((province, city, new))
        if code:
            out.append((old, code))
    for entry in yaml.safe_load(_data_text("regions_renamed.yaml")) or []:
        out.append((str(entry["old"]), str(entry["adcode"])))
    return out
