# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Parameters (papermill injects the real ones after this cell).
# Defaults render the bundled sample when run from notebooks/ in JupyterLab. Give the region
# (papermill: -p region 大通区), its adcode (-p adcode 340402: an int is fine), or both of
# the same region; None for both renders the sample's 白银区.
#
# Adapting this template: each cell below shows one section; delete, reorder or add cells.
# Markdown cells you add are shown in the HTML and PDF; code cells never are.
#   briefing.themes(charts=False)                 theme tables without the charts
#   briefing.themes(with_trends=False)            no trend lines in the themes (then add
#   briefing.trends(limit=8)                      them in one section of their own)
#   briefing.themes(only=["funds"], skip=[...])   theme ids of data/briefing/themes.yaml
#   briefing.figure(fig, caption="...")           your own matplotlib figure, in place of a chart
#   briefing.parts(charts=False)                  programmes and cases, table only
#   briefing.measures(limit=5, per_theme=2)       how many source sentences to quote
#   briefing.facts                                the region's facts as a pandas DataFrame
# Everything before briefing.appendix() is the main briefing (two A4 pages for up to ~25
# figures); in print the appendix (every figure, sources, data quality) starts a new page.
region = None
adcode = None
data_dir = "../data/extracted"
raw_dir = "../data/raw"
title = None
notes = []
lang = "zh"

# %%
# County briefing template. Code is hidden in the exported HTML/PDF; all logic lives in
# countybrief.briefing. If data_dir holds no store, raw_dir is extracted in memory.
from countybrief.briefing import Briefing

briefing = Briefing.load(region, adcode, data_dir, raw_dir, title=title, notes=notes, lang=lang)
briefing.header()

# %%
briefing.summary()

# %%
briefing.headline()

# %%
briefing.themes()

# %%
briefing.parts()

# %%
briefing.measures()

# %%
briefing.appendix()

# %%
briefing.facts_table()

# %%
briefing.sources()

# %%
briefing.quality()
