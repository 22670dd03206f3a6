"""How the evidence shows an analyst's correction (``corrections.yaml``): a marker
"corrected by the analyst" / "分析员已更正" with the figure's original reading, from the
store's ``corrected`` and ``original`` columns."""

from __future__ import annotations

from typing import Any

from ..store.frames import original_of
from .figures import indicator_name
from .format import fmt_value, fmt_when, is_missing
from .text import strings


def original_reading(fact: Any, lang: str = "zh") -> str:
    """What the figure read as extracted, for the fields the correction changed:
    ``8,300人，2018`` / ``8,300 people, 2018``; "" when nothing is recorded."""
    s = strings(lang)
    orig = original_of(fact.get("original")) or {}
    if not orig:
        return ""
    was = {k: fact.get(k) for k in ("value", "unit", "year", "since", "as_of", "flags", "scope",
                                     "part", "qualifier", "indicator", "region")}
    was.update(orig)
    flags_now, flags_was = set(fact.get("flags") or ()), set(was.get("flags") or ())
    parts = []
    if "indicator" in orig:
        parts.append(indicator_name(orig["indicator"], lang))
    if {"value", "unit", "qualifier"} & set(orig):
        value = fmt_value(was["value"], was["unit"], lang)
        if "qualifier" in orig:
            value += s["corrected_qualifier"][was["qualifier"] or "none"]
        parts.append(value)
    if {"year", "since", "as_of"} & set(orig) or ("cumulative" in flags_now) != ("cumulative" in flags_was):
        parts.append(fmt_when(was, lang))
    if {"scope", "part"} & set(orig):
        part = was.get("part")
        parts.append(s["part"].format(part=part) if was.get("scope") == "part" and not is_missing(part) and part
                     else s["corrected_whole"])
    if ("planned" in flags_now) != ("planned" in flags_was):
        parts.append(s["flags"]["planned"] if "planned" in flags_was else s["corrected_achieved"])
    if "region" in orig or "adcode" in orig:
        parts.append(orig.get("region") or s["corrected_no_region"])
    return s["corrected_sep"].join(parts)


def corrected_marker(fact: Any, lang: str = "zh") -> list[dict[str, str]]:
    """``[{"key": "corrected", "label": ...}]`` for a corrected fact (the label names the
    original reading), else ``[]``: a marker for the facts table's flags cell."""
    corrected = fact.get("corrected")
    if is_missing(corrected) or not corrected:
        return []
    s = strings(lang)
    reading = original_reading(fact, lang)
    label = s["corrected"] + (s["corrected_was"].format(reading=reading) if reading else "")
    return [{"key": "corrected", "label": label}]
