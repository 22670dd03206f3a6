"""``output/index.html``: one sortable, self-contained table of all briefings."""

from __future__ import annotations

import datetime as _dt
import os
from importlib import resources as _resources
from pathlib import Path
from typing import Any, Iterable

import jinja2

from ..briefing.figures import best_fact
from ..briefing.format import fmt_value
from ..store import Store, open_store
from .execute import RenderResult, write_atomic

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


def _stores(results: Iterable[RenderResult], store: Store | None) -> dict[str, Store | None]:
    found: dict[str, Store | None] = {}
    for r in results:
        data_dir = str(r.job.parameters.get("data_dir") or "")
        if data_dir in found:
            continue
        try:
            found[data_dir] = store or open_store(data_dir)
        except Exception:  # no store (e.g. built from raw in memory): figures left blank
            found[data_dir] = None
    return found


def _row(slug: str, results: list[RenderResult], store: Store | None, output_dir: Path,
         lang: str) -> dict[str, Any]:
    job = results[0].job
    row: dict[str, Any] = {"slug": slug, "name": job.region, "full_name": job.region,
                           "adcode": job.adcode, "level": "", "figures": [], "n_facts": None,
                           "n_sources": None, "links": [], "errors": []}
    if store is not None:
        try:
            ref = store.region(job.adcode or job.region)
            facts = store.region_facts(ref.adcode)
            row.update(full_name=ref.full_name, level=LEVELS.get(ref.level, ref.level),
                       n_facts=len(facts), n_sources=len(store.region_documents(ref.adcode)))
            for ind, _zh, _en in COLUMNS:
                fact = best_fact(facts, ind)
                row["figures"].append(
                    {"text": fmt_value(fact["value"], fact["unit"], lang), "sort": float(fact["value"])}
                    if fact is not None else {"text": "—", "sort": ""})
        except Exception:
            pass
    if not row["figures"]:
        row["figures"] = [{"text": "—", "sort": ""} for _ in COLUMNS]
    for r in sorted(results, key=lambda x: x.lang != "zh"):
        for kind in ("html", "pdf"):
            path = getattr(r, kind)
            if path and Path(path).exists():
                label = kind.upper() + ("" if r.lang == "zh" else f" ({r.lang})")
                row["links"].append({"href": Path(path).relative_to(output_dir).as_posix(),
                                     "label": label})
        if not r.ok:
            row["errors"].append(f"{r.lang}: {r.error}")
    return row


def write_index(output_dir: str | os.PathLike, results: Iterable[RenderResult], *,
                store: Store | None = None, lang: str = "zh") -> Path:
    """Write ``output_dir/index.html`` listing every briefing in ``results``.

    Region names, levels and headline figures come from ``store`` or, if not given, from
    the store at each job's ``data_dir``; links point at the HTML and PDF files that
    exist (the previous good ones when a job failed).
    """
    out = Path(output_dir).resolve()
    results = list(results)
    stores = _stores(results, store)
    by_slug: dict[str, list[RenderResult]] = {}
    for r in results:
        by_slug.setdefault(r.job.slug, []).append(r)
    rows = [
        _row(slug, rs, stores.get(str(rs[0].job.parameters.get("data_dir") or "")), out, lang)
        for slug, rs in sorted(by_slug.items())
    ]
    html = _environment().get_template("index.html.j2").render(
        rows=rows, columns=[zh if lang == "zh" else en for _i, zh, en in COLUMNS],
        generated=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"), lang=lang,
        n_failed=sum(1 for r in rows if r["errors"]),
    )
    return write_atomic(out / "index.html", html)
