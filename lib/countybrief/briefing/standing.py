"""A region's standing as its sources state it: the county's exit from the list of poor
counties (脱贫摘帽) with its year, read from the sentences of its articles. Cues are data:
``data/briefing/standing.yaml``. Nothing is inferred from figures here (``points`` does
that for "all poor people out of poverty")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from .text import data_path

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CLAUSE = "，,；;：:"


@dataclass(frozen=True)
class Exit:
    """A sentence that says the region left the list of poor counties."""

    year: int | None
    sentence: str
    doc_id: str


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    return yaml.safe_load(data_path("standing.yaml").read_text(encoding="utf-8"))


def _names_region(sentence: str, names: tuple[str, ...], own_article: bool) -> bool:
    if any(n and n in sentence for n in names):
        return True
    return own_article and any(w in sentence for w in _cues()["self"])


def region_names(name: str, adcode: str | None) -> tuple[str, ...]:
    """The names a sentence may call the region by (``镇宁县`` for 镇宁布依族苗族自治县)."""
    from ..extract.gazetteer import get_gazetteer

    # short names without their level ("白银" of 白银区) would also match 白银市
    names = [name, *(n for n in (get_gazetteer().names_of(adcode) if adcode else [])
                     if n[-1] in "县区市旗盟州")]
    return tuple(dict.fromkeys(n for n in names if n))


def _exit_at(sentence: str) -> int:
    """Where the sentence states an achieved exit (the cue's start), or -1."""
    for cue in _cues()["exit"]:
        i = sentence.find(cue)
        if i < 0:
            continue
        clause_start = max(sentence.rfind(ch, 0, i) for ch in _CLAUSE) + 1
        if not any(w in sentence[clause_start:i] for w in _cues()["not_done"]):
            return i
    return -1


def exits(text: str, name: str | tuple[str, ...], doc_id: str = "",
          own_article: bool = False) -> list[Exit]:
    """Sentences of ``text`` saying that the region called ``name`` (or any of several
    names) exited (``own_article``: the article is about the region, so 全县/我县 mean
    it), with the last year stated before the cue in the sentence (None when none)."""
    names = (name,) if isinstance(name, str) else tuple(name)
    out = []
    for m in _SENTENCE.finditer(text or ""):
        sentence = m.group().strip()
        i = _exit_at(sentence)
        if i < 0 or not _names_region(sentence, names, own_article):
            continue
        years = [int(y) for y in _YEAR.findall(sentence[:i])]
        out.append(Exit(years[-1] if years else None, sentence, doc_id))
    return out


def region_exit(documents, name: str, adcode: str) -> Exit | None:
    """The region's exit as its documents state it: the one with the latest stated year
    (a sentence without a year only when none states one); None when no article says so."""
    found: list[Exit] = []
    names = region_names(name, adcode)
    for d in documents.to_dict("records"):
        found += exits(str(d.get("text") or ""), names, str(d.get("doc_id") or ""),
                       own_article=d.get("adcode") == adcode)
    if not found:
        return None
    return max(found, key=lambda e: (e.year is not None, e.year or 0))
