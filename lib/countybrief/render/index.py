"""``output/index.html`` (Chinese) and ``output/index.en.html`` (English): one sortable,
self-contained table of all briefings with their headline figures, links to every HTML
and PDF edition present, and to the overview across regions. Each page links to the
other language's page."""

from __future__ import annotations

import datetime as _dt
import json
import os
from importlib import resources as _resources
from pathlib import Path
from typing import Any, Iterable

import jinja2

from ..briefing.figures import best_fact, has_flag, indicator_name
from ..briefing.format import fmt_stated, fmt_when
from ..briefing.names import PLACE_READINGS, english_name, full_name
from ..briefing.text import strings
from ..storage import is_url
from ..store import Store, open_store
from .execute import RenderResult, output_names, write_atomic

INDEX_TEMPLATES = _resources.files("countybrief.render").joinpath("templates", "index")

#: Headline columns of the index (indicator ids; headers are the catalogue names).
COLUMNS = ("poverty_exit_population", "poverty_exit_households", "poverty_incidence",
           "funds_invested", "poverty_loans")
LEVELS = {"zh": {"province": "省级", "prefecture": "地级市", "county": "县级"},
          "en": {"province": "Province", "prefecture": "Prefecture-level city",
                 "county": "County-level"}}
#: Short column headers (the catalogue names are long for a table header).
HEADERS = {
    "zh": {"poverty_exit_population": "脱贫人口", "poverty_exit_households": "脱贫户数",
           "poverty_incidence": "贫困发生率", "funds_invested": "扶贫资金",
           "poverty_loans": "扶贫贷款"},
    "en": {"poverty_exit_population": "People lifted out", "poverty_exit_households":
           "Households lifted out", "poverty_incidence": "Poverty incidence",
           "funds_invested": "Funds", "poverty_loans": "Loans"},
}
#: Index file of each language; each links to the other.
INDEX_NAMES = {"zh": "index.html", "en": "index.en.html"}
OVERVIEW_NAMES = {"zh": "overview", "en": "overview.en"}


def name_key(name: str) -> str:
    """Sort key of a region name, the same in both languages: its pinyin syllable by
    syllable (``白银区`` -> ``bai yin qu``), the order of a Chinese list of places (and of
    their English names, which are that pinyin)."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    return " ".join(PLACE_READINGS.get(ch, syl) if len(syllables) == len(name) else syl
                    for ch, syl in zip(name, syllables)) if syllables else name


def _planned(facts: Any, indicator: str) -> Any:
    """The latest planned figure of the region's whole for ``indicator`` (a target shown,
    marked, where the sources give no achieved figure), or None."""
    rows = facts[(facts["indicator"] == indicator) & facts["value"].notna()]
    if "scope" in rows:
        rows = rows[rows["scope"].fillna("whole") != "part"]
    rows = rows[has_flag(rows, "planned")]
    if rows.empty:
        return None
    years = rows["year"].astype("Float64").fillna(-1)
    return rows.loc[years.idxmax()]


def figure_cell(facts: Any, indicator: str, lang: str) -> dict[str, Any]:
    """One headline figure of the index: the region's latest achieved figure of its whole
    (``best_fact``, never a plan or a part) as stated, with its period (``fmt_when``) and
    markers; where there is none but a plan, the plan, marked 计划/plan and not sortable."""
    s = strings(lang)
    fact = best_fact(facts, indicator)
    planned = False
    if fact is None:
        fact = _planned(facts, indicator)
        planned = fact is not None
    if fact is None:
        return {"text": "—", "year": "", "sort": "", "marks": [], "planned": False,
                "plan_label": ""}
    flags = set(fact["flags"] or ())
    planned = planned or "planned" in flags
    return {"text": fmt_stated(fact["value"], fact["unit"], lang, fact.get("quote"),
                               fact.get("qualifier")),
            "year": fmt_when(fact, lang), "planned": planned, "plan_label": s["flags"]["planned"],
            "marks": [s["flags"][k] for k in ("person_times", "conflict") if k in flags],
            "sort": "" if planned else float(fact["value"])}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(INDEX_TEMPLATES)),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def _notebook_parameters(folder: Path) -> dict[str, Any]:
    """Papermill parameters recorded in the folder's executed (or failed) notebook."""
    for lang in ("zh", "en"):
        names = output_names(lang)
        for key in ("notebook", "failed"):
            path = folder / names[key]
            if path.is_file():
                try:
                    nb = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                params = nb.get("metadata", {}).get("papermill", {}).get("parameters") or {}
                if params:
                    return dict(params)
    return {}


class _StoreCache:
    def __init__(self, store: Store | None) -> None:
        self.store = store
        self._stores: dict[str, Store | None] = {}

    def get(self, data_dir: Any) -> Store | None:
        if self.store is not None:
            return self.store
        key = str(data_dir or "")
        if key not in self._stores:
            try:
                self._stores[key] = open_store(key) if key else None
            except Exception:  # no store (e.g. data built from raw in memory): figures blank
                self._stores[key] = None
        return self._stores[key]


def _links(folder: Path, output_dir: Path, lang: str) -> list[dict[str, str]]:
    """Links to the editions present: this page's language first."""
    other = "en" if lang == "zh" else "zh"
    tag = {"zh": "中文", "en": "English"}  # a language by its own name, as the page switch
    links = []
    for out_lang in (lang, other):
        names = output_names(out_lang)
        for kind in ("html", "pdf"):
            path = folder / names[kind]
            if path.is_file():
                label = kind.upper() if out_lang == lang else f"{tag[out_lang]} {kind.upper()}"
                links.append({"href": path.relative_to(output_dir).as_posix(), "label": label,
                              "lang": out_lang})
    return links


def _row(folder: Path, results: list[RenderResult], stores: _StoreCache, output_dir: Path,
         lang: str) -> dict[str, Any] | None:
    params = _notebook_parameters(folder)
    job = results[0].job if results else None
    if job is not None:
        params = {**params, **job.parameters, "region": job.region, "adcode": job.adcode}
    links = _links(folder, output_dir, lang)
    errors = [f"{r.lang}: {r.error}" for r in results if not r.ok]
    if not links and not errors and not params:
        return None
    slug = folder.name
    code, _, name = slug.partition("-")
    region = str(params.get("region") or name or slug)
    adcode = str(params.get("adcode") or (code if code.isdigit() else ""))
    row: dict[str, Any] = {"slug": slug, "name": region, "name_zh": "", "full_name": region,
                           "name_key": name_key(region),
                           "parents": "", "adcode": adcode, "level": "", "level_sort": "", "figures": [],
                           "n_facts": None, "n_sources": None, "links": links,
                           "errors": errors}
    if lang == "en":
        row.update(name=english_name(region), name_zh=region, full_name=english_name(region))
    store = stores.get(params.get("data_dir"))
    if store is not None:
        try:
            ref = store.region(adcode or region)
            facts = store.region_facts(ref.adcode)
            row.update(name=english_name(ref.name) if lang == "en" else ref.name,
                       name_zh=ref.name if lang == "en" else "", name_key=name_key(ref.name),
                       full_name=full_name(ref, lang),
                       parents=" · ".join(full_name(ref, lang).split(" · ")[:-1]),
                       level=LEVELS[lang].get(ref.level, ref.level),
                       level_sort={"province": "0", "prefecture": "1"}.get(ref.level, "2"),
                       n_facts=len(facts), n_sources=len(store.region_documents(ref.adcode)))
            row["figures"] = [figure_cell(facts, ind, lang) for ind in COLUMNS]
        except Exception:  # a region missing from the store: keep the row, figures blank
            row["figures"] = []
    if not row["figures"]:
        row["figures"] = [{"text": "—", "year": "", "sort": "", "marks": [], "planned": False,
                           "plan_label": ""} for _ in COLUMNS]
    return row


def _overview_links(out: Path, lang: str) -> list[dict[str, str]]:
    other = "en" if lang == "zh" else "zh"
    tag = {"zh": "中文", "en": "English"}  # a language by its own name, as the page switch
    links = []
    for out_lang in (lang, other):
        for kind in ("html", "pdf"):
            name = f"{OVERVIEW_NAMES[out_lang]}.{kind}"
            if (out / name).is_file():
                label = kind.upper() if out_lang == lang else f"{tag[out_lang]} {kind.upper()}"
                links.append({"href": name, "label": label, "lang": out_lang})
    return links


def write_index(output_dir: str | os.PathLike, results: Iterable[RenderResult] | None = None, *,
                store: Store | None = None, lang: str = "zh") -> Path:
    """Write ``output_dir/index.html`` (Chinese) and ``index.en.html`` (English), each
    listing every briefing folder in ``output_dir``; returns the page of ``lang``.

    Each ``<slug>/`` folder with briefing outputs gets a row: region name (in English
    with its Chinese name), adcode, level and headline figures (from ``store``, else the
    store at the ``data_dir`` recorded in the executed notebook), counts of facts and
    sources, and links to the HTML and PDF editions present. ``results`` of the last run
    add its errors. The overview (``overview.html``/``.pdf``) is linked when present.
    ``output_dir`` may be an fsspec URL (``remote.write_index_url``).
    """
    if is_url(output_dir):
        from .remote import write_index_url

        return write_index_url(str(output_dir), results, store=store, lang=lang)
    out = Path(output_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    results = list(results or ())
    by_slug: dict[str, list[RenderResult]] = {}
    for r in results:
        by_slug.setdefault(r.job.slug, []).append(r)
    stores = _StoreCache(store)
    folders = {p.name: p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")}
    for slug in by_slug:
        if not slug.startswith("."):
            folders.setdefault(slug, out / slug)
    generated = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    written: dict[str, Path] = {}
    for page_lang, filename in INDEX_NAMES.items():
        rows = [row for slug, folder in sorted(folders.items())
                if (row := _row(folder, by_slug.get(slug, []), stores, out, page_lang)) is not None]
        rows.sort(key=lambda r: (r["name_key"], r["adcode"], r["slug"]))  # by name, as the page says
        other = "en" if page_lang == "zh" else "zh"
        html = _environment().get_template("index.html.j2").render(
            rows=rows,
            columns=[HEADERS[page_lang].get(i) or indicator_name(i, page_lang) for i in COLUMNS],
            generated=generated, lang=page_lang, n_failed=sum(1 for r in rows if r["errors"]),
            overview=_overview_links(out, page_lang),
            other={"href": INDEX_NAMES[other], "label": "English" if other == "en" else "中文"},
        )
        written[page_lang] = write_atomic(out / filename, html)
    return written.get(lang, written["zh"])
