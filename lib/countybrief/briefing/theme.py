"""The one visual theme of the briefings: seaborn style, palette and a CJK font.

Settings live in ``data/briefing/theme.yaml``. ``apply_theme()`` registers the Noto Sans
CJK font files by path (``matplotlib.font_manager.addfont``) and warns clearly when no
CJK font is found, in which case charts still render but Chinese may show as boxes.
"""

from __future__ import annotations

import glob
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from .text import data_path


class FontWarning(UserWarning):
    """No CJK font is available for charts."""


@dataclass
class ThemeInfo:
    """What ``apply_theme`` did: the CJK font family in use and any warnings."""

    font: str | None
    font_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def load_theme() -> dict[str, Any]:
    """The theme settings (``theme.yaml``)."""
    return yaml.safe_load(data_path("theme.yaml").read_text(encoding="utf-8"))


def palette() -> list[str]:
    """The briefing colours, accent first."""
    return list(load_theme()["palette"])


def register_fonts(files: list[str] | None = None) -> list[str]:
    """Add the theme's font files (globs allowed) to matplotlib; returns those added."""
    from matplotlib import font_manager

    patterns = files if files is not None else load_theme()["fonts"]["files"]
    added: list[str] = []
    for pattern in patterns:
        for path in sorted(glob.glob(pattern)):
            if path in added:
                continue
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
            added.append(path)
    return added


def cjk_font(families: list[str] | None = None) -> str | None:
    """The first configured CJK family matplotlib knows, or None."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    wanted = families if families is not None else load_theme()["fonts"]["families"]
    for family in wanted:
        if family in known and family != "DejaVu Sans":
            return family
    return None


_APPLIED: list[ThemeInfo] = []


def ensure_theme() -> ThemeInfo:
    """The theme in force, applying it first if nothing has yet (charts drawn outside a
    notebook get the same fonts and colours)."""
    return _APPLIED[-1] if _APPLIED else apply_theme()


def apply_theme(font_files: list[str] | None = None) -> ThemeInfo:
    """Set the seaborn theme, palette, rc settings and fonts for all later charts."""
    import matplotlib
    import seaborn as sns

    theme = load_theme()
    added = register_fonts(font_files)
    font = cjk_font()
    info = ThemeInfo(font=font, font_files=added)
    families = [f for f in theme["fonts"]["families"] if f == font or f == "DejaVu Sans"]
    if font is None:
        tried = ", ".join(theme["fonts"]["files"] if font_files is None else font_files)
        message = (f"no CJK font found (looked for {', '.join(theme['fonts']['families'][:-1])} "
                   f"in {tried}); Chinese text in charts may show as empty boxes. "
                   "Install it with `apt-get install fonts-noto-cjk`.")
        info.warnings.append(message)
        warnings.warn(message, FontWarning, stacklevel=2)
        families = ["DejaVu Sans"]
    rc = dict(theme.get("rc", {}))
    rc.update({"font.family": "sans-serif", "font.sans-serif": families})
    sns.set_theme(style=theme["seaborn"]["style"], context=theme["seaborn"]["context"],
                  font_scale=theme["seaborn"]["font_scale"], palette=theme["palette"], rc=rc)
    matplotlib.rcParams.update(rc)
    _APPLIED[:] = [info]
    return info
