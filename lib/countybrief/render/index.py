"""``output/index.html``: one sortable, self-contained table of all briefings."""

from __future__ import annotations

import datetime as _dt
import json
import os
from importlib import resources as _resources
from pathlib import Path
from typing import Any, Iterable

import jinja2

from ..briefing.figures import best_fact
from ..briefing.format import fmt_value
from ..store import Store, open_store
from .execute import RenderResult, output_names, write_atomic

INDEX_TEMPLATES = _resources.files("countybrief.render").joinpath("templates", "index")

#: Headline columns of the index: (indicator id, zh header, en header).
COLUMNS = (
    ("poverty_exit_population", "脱贫人口", "People lifted out of poverty"),
    ("poverty_incidence", "贫困发生率", "Poverty incidence"),
    ("funds_invested", "扶贫资金投入", "Funds invested"),
)
LEVELS = {"province": "省级", "prefecture": "地级", "county": "县级"}


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


def _row(folder: Path, results: list[RenderResult], stores: _StoreCache, output_dir: Path,
         lang: str) -> dict[str, Any] | None:
    params = _notebook_parameters(folder)
    job = results[0].job if results else None
    if job is not None:
        params = {**params, **job.parameters, "region": job.region, "adcode": job.adcode}
    links = []
    for out_lang in ("zh", "en"):
        names = output_names(out_lang)
        for kind in ("html", "pdf"):
            path = folder / names[kind]
            if path.is_file():
                label = kind.upper() + ("" if out_lang == "zh" else f" ({out_lang})")
                links.append({"href": path.relative_to(output_dir).as_posix(), "label": label})
    errors = [f"{r.lang}: {r.error}" for r in results if not r.ok]
    if not links and not errors and not params:
        return None
    slug = folder.name
    code, _, name = slug.partition("-")
    region = str(params.get("region") or name or slug)
    adcode = str(params.get("adcode") or (code if code.isdigit() else ""))
    row: dict[str, Any] = {"slug": slug, "name": region, "full_name": region, "adcode": adcode,
                           "level": "", "figures": [], "n_facts": None, "n_sources": None,
                           "links": links, "errors": errors}
    store = stores.get(params.get("data_dir"))
    if store is not None:
        try:
            ref = store.region(adcode or region)
            facts = store.region_facts(ref.adcode)
            row.update(name=ref.name, full_name=ref.full_name,
                       level=LEVELS.get(ref.level, ref.level) if lang == "zh" else ref.level,
                       n_facts=len(facts), n_sources=len(store.region_documents(ref.adcode)))
            for ind, _zh, _en in COLUMNS:
                fact = best_fact(facts, ind)
                row["figures"].append(
                    {"text": fmt_value(fact["value"], fact["unit"], lang), "sort": float(fact["value"])}
                    if fact is not None else {"text": "—", "sort": ""})
        except Exception:  # a region missing from the store: keep the row, figures blank
            row["figures"] = []
    if not row["figures"]:
        row["figures"] = [{"text": "—", "sort": ""} for _ in COLUMNS]
    return row


def write_index(output_dir: str | os.PathLike, results: Iterable[RenderResult] | None = None, *,
                store: Store | None = None, lang: str = "zh") -> Path:
    """Write ``output_dir/index.html`` listing every briefing folder in ``output_dir``.

    Each ``<slug>/`` folder with briefing outputs gets a row: region full name, adcode,
    level and headline figures (from ``store``, else the store at the ``data_dir``
    recorded in the executed notebook), counts of facts and sources, and links to the
    HTML and PDF files present. ``results`` of the last run add its errors.
    """
    out = Path(output_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    by_slug: dict[str, list[RenderResult]] = {}
    for r in results or ():
        by_slug.setdefault(r.job.slug, []).append(r)
    stores = _StoreCache(store)
    folders = {p.name: p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")}
    for slug in by_slug:
        folders.setdefault(slug, out / slug)
    rows = [row for slug, folder in sorted(folders.items())
            if (row := _row(folder, by_slug.get(slug, []), stores, out, lang)) is not None]
    html = _environment().get_template("index.html.j2").render(
        rows=rows, columns=[zh if lang == "zh" else en for _i, zh, en in COLUMNS],
        generated=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"), lang=lang,
        n_failed=sum(1 for r in rows if r["errors"]),
    )
    return write_atomic(out / "index.html", html)
