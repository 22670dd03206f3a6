"""``Briefing``: what the notebook template calls, one method per section.

    b = Briefing.load(region, adcode, data_dir, raw_dir, title=title, notes=notes, lang=lang)
    b.header()      # each returns IPython.display.HTML; the notebook shows it
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from . import sections
from .charts import Chart, briefing_charts
from .data import RegionData, load_region
from .text import check_lang, strings
from .theme import ThemeInfo, apply_theme

log = logging.getLogger("countybrief.briefing")


def _html(text: str):
    from IPython.display import HTML

    return HTML(text)


#: The region a template renders when run as is, with no region or adcode given.
SAMPLE_REGION = ("白银区", "620402")


@dataclass
class Briefing:
    """One region's briefing, ready to display section by section."""

    data: RegionData
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    lang: str = "zh"
    theme: ThemeInfo | None = None

    @classmethod
    def load(cls, region: str | None, adcode: str | None, data_dir: str | os.PathLike | None,
             raw_dir: str | os.PathLike | None = None, *, title: str | None = None,
             notes: Iterable[str] | str | None = None, lang: str = "zh") -> "Briefing":
        """Load the region's data and set the chart theme."""
        check_lang(lang)
        if isinstance(notes, str):
            notes = [notes]
        theme = apply_theme()
        noise = io.StringIO()  # libraries printing banners on import do not reach the briefing
        if not region and (adcode is None or adcode == ""):
            region, adcode = SAMPLE_REGION  # the template run as is: the bundled sample
        with contextlib.redirect_stdout(noise):
            data = load_region(region, adcode, data_dir, raw_dir)
        if noise.getvalue().strip():
            log.debug("output while loading data: %s", noise.getvalue())
        return cls(data=data, title=title, notes=list(notes or []), lang=lang, theme=theme)

    @property
    def render_warnings(self) -> list[str]:
        """Problems with rendering itself (e.g. no CJK font), in the briefing language."""
        if not self.theme:
            return []
        return [strings(self.lang)["q_font"].format(detail=w) for w in self.theme.warnings]

    @property
    def facts(self) -> "pd.DataFrame":
        """The region's figures as a new pandas DataFrame, one row per figure, with the
        columns of ``countybrief export --csv`` (``countybrief.export.FACT_COLUMNS``):

        - ``fact_id``; ``region``, ``adcode`` (str), ``province``, ``city``;
        - ``indicator`` (an id of ``data/indicators.yaml``), ``indicator_label`` (its name
          in the briefing's language), ``value`` (float in the canonical unit, NaN when the
          source lost the digits), ``unit``, ``qualifier`` (over/under/about or None);
        - ``year``, ``since`` (``Int64``, ``<NA>`` when the text states none), ``as_of``
          ("YYYY-MM"), ``scope`` (whole/part), ``part``;
        - ``planned``, ``cumulative`` (bool), ``fact_flags`` (list of every marker),
          ``corrected`` (bool), ``original`` (dict of the fields a correction replaced, or None);
        - ``quote``, ``sentence``, ``span_start``, ``span_end``, ``spans`` (list of [start, end]);
        - ``doc``, ``doc_id``, ``title``, ``outlet``, ``published``, ``path`` (the article).

        No column shadows a DataFrame attribute (the store's ``flags`` is ``fact_flags``),
        so ``facts.value``, ``facts.year`` work as columns.
        """
        from ..export.tables import facts_table

        return facts_table(self.data.facts, self.data.documents, self.lang)

    def charts_list(self) -> list[Chart]:
        """The charts the data support."""
        return briefing_charts(self.data.facts, self.lang)

    def header(self):
        """Title, region, adcode, period and sources."""
        return _html(sections.header(self.data, self.title, self.notes, self.lang))

    def summary(self):
        """Status, key points and reliability: the first page's words."""
        return _html(sections.summary(self.data, self.lang))

    def headline(self):
        """Headline figure cards."""
        return _html(sections.headline(self.data, self.lang))

    def trends(self, limit: int = 8):
        """Line charts of indicators given for two or more stated years (may be empty);
        at most ``limit`` charts."""
        return _html(sections.trends(self.data, self.lang, limit=limit))

    def parts(self, charts: bool = True):
        """Programmes and cases: figures of parts of the region (may be empty);
        ``charts=False`` keeps the table only."""
        return _html(sections.parts(self.data, self.lang, with_charts=charts))

    def charts(self):
        """All charts in one section (the template shows them by theme instead)."""
        return _html(sections.charts(self.charts_list(), self.lang))

    def themes(self, charts: bool = True, only: Iterable[str] | None = None,
               skip: Iterable[str] = (), with_trends: bool = True):
        """Figures by theme: a short table per theme, the trend line of an indicator
        given for two or more stated years, a bar chart where figures compare.

        ``charts=False``: tables only (show your own chart with ``figure``); ``only`` /
        ``skip``: theme ids (``data/briefing/themes.yaml``) to show or leave out;
        ``with_trends=False``: no trend lines (``trends()`` shows them on their own)."""
        return _html(sections.themes(self.data, self.lang, with_charts=charts, only=only,
                                     skip=skip, with_trends=with_trends))

    def measures(self, limit: int = 5, per_theme: int = 2):
        """What was done: up to ``limit`` source sentences, ``per_theme`` a theme, each
        shown once (all of them are in the appendix's facts table)."""
        return _html(sections.measures(self.data, self.lang, per_theme=per_theme, limit=limit))

    def figure(self, fig, caption: str = ""):
        """Your own matplotlib figure in the briefing's style (embedded, as its charts
        are), e.g. in place of a theme chart after ``themes(charts=False)``."""
        return _html(sections.user_figure(fig, caption, self.lang))

    def appendix(self):
        """The appendix heading: in print the evidence after it starts a new page."""
        return _html(sections.appendix(self.data, self.lang))

    def facts_table(self):
        """Every fact with its source sentence and document."""
        return _html(sections.facts_table(self.data, self.lang))

    def sources(self):
        """The source articles."""
        return _html(sections.sources(self.data, self.lang))

    def quality(self):
        """Data-quality notes in plain language."""
        return _html(sections.quality(self.data, self.lang, self.render_warnings))
