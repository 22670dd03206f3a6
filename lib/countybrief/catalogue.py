"""The indicator catalogue (``data/indicators.yaml``): ids, names, canonical units."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    unit: str
    note: str = ""
    examples: tuple[str, ...] = field(default_factory=tuple)

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _data_text(name: str) -> str:
    return resources.files("countybrief").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_catalogue() -> dict[str, Indicator]:
    """All indicators by id, in catalogue order."""
    entries = yaml.safe_load(_data_text("indicators.yaml"))
    return {
        e["id"]: Indicator(
            id=e["id"], zh=e["zh"], en=e["en"], unit=e["unit"],
            note=e.get("note", ""), examples=tuple(e.get("examples", ())),
        )
        for e in entries
    }


def indicator(indicator_id: str) -> Indicator:
    """Look up one indicator; ``KeyError`` names the unknown id."""
    try:
        return load_catalogue()[indicator_id]
    except KeyError:
        raise KeyError(f"unknown indicator id {indicator_id!r}; see data/indicators.yaml") from None
