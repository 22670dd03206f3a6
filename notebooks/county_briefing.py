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
briefing.trends()

# %%
briefing.themes()

# %%
briefing.parts()

# %%
briefing.measures()

# %%
briefing.facts_table()

# %%
briefing.sources()

# %%
briefing.quality()
