"""The fixed strings and content settings of a briefing (``data/briefing/text.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGS = ("zh", "en")


def data_path(name: str):
    """A file under ``countybrief/data/briefing/``."""
    return resources.files("countybrief").joinpath("data", "briefing", name)


@lru_cache(maxsize=None)
def _settings() -> dict[str, Any]:
    return yaml.safe_load(data_path("text.yaml").read_text(encoding="utf-8"))


def check_lang(lang: str) -> str:
    """``lang`` if it is a supported briefing language, else ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"unsupported briefing language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def strings(lang: str = "zh") -> dict[str, Any]:
    """All fixed strings of one language."""
    return _settings()[check_lang(lang)]


def setting(name: str) -> Any:
    """A language-independent content setting (``headline``, ``pairs``, ``themes``)."""
    return _settings()[name]
