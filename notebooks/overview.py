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
# Defaults render the bundled sample when run from notebooks/ in JupyterLab.
data_dir = "../data/extracted"
raw_dir = "../data/raw"
title = None
lang = "zh"
region = None  # unused: set by the renderer for every job
adcode = None  # unused

# %%
# Overview of all regions. Code is hidden in the exported HTML/PDF; all logic lives in
# countybrief.briefing.overview. If data_dir holds no store, raw_dir is extracted in memory.
from countybrief.briefing.overview import Overview

overview = Overview.load(data_dir, raw_dir, lang=lang, title=title)
overview.header()

# %%
overview.notes()

# %%
overview.table()

# %%
overview.charts()

# %%
overview.ratios()

# %%
overview.themes()

# %%
overview.sources()
