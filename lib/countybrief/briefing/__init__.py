"""Helpers imported by the briefing notebook template (``notebooks/county_briefing.ipynb``).

The notebook stays thin: data loading (``data``), number formatting (``format``), the
visual theme (``theme``), charts (``charts``) and HTML sections (``sections``) live here.
"""

from .data import RegionData, load_region
from .format import fmt_money, fmt_number, fmt_value
from .report import Briefing
from .theme import apply_theme

__all__ = ["Briefing", "RegionData", "apply_theme", "fmt_money", "fmt_number", "fmt_value",
           "load_region"]
