"""Create or refresh one parameters file per region that has facts; report (and with
``prune``, remove) the files of regions that have none any more."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ParametersError
from ..store import Store
from .files import (default_fields, generated_fields, read_parameters, region_slug,
                    user_edits, write_parameters)

#: regions that get a briefing: county-level units and prefecture-level cities
BRIEFING_LEVELS = ("county", "prefecture")


@dataclass
class ParamsOutcome:
    path: Path
    #: "created" | "updated" | "unchanged" | "error" | "stale" (its region has no facts:
    #: kept) | "removed" (stale, no user edits, pruned) | "kept" (stale, user edits: kept)
    status: str
    message: str = ""


def generate_parameters(store: Store, params_dir: str | Path, *,
                        prune: bool = False) -> list[ParamsOutcome]:
    """Write ``<adcode>-<name>.yaml`` for every region with facts.

    Existing files keep every user field; only the ``generated`` block is refreshed.
    A malformed existing file is reported and left untouched. Any other file of the
    folder whose region has no facts in ``store`` is ``stale``: kept (rendering skips
    it), or with ``prune`` removed when it was written by ``params`` and carries no user
    edits (``files.user_edits``), else kept and listed with its edits.
    """
    params_dir = Path(params_dir)
    outcomes: list[ParamsOutcome] = []
    regions = store.regions_with_facts()
    for _, row in regions[regions["level"].isin(BRIEFING_LEVELS)].iterrows():
        region = store.region(row["adcode"])
        path = params_dir / f"{region_slug(region.adcode, region.name)}.yaml"
        docs = store.region_documents(region.adcode)["doc"].tolist()
        generated = generated_fields(region, int(row["n_facts"]), docs)
        if path.exists():
            try:
                data = dict(read_parameters(path).data)
            except ParametersError as exc:
                outcomes.append(ParamsOutcome(path, "error", str(exc)))
                continue
            if data.get("generated") == generated:
                outcomes.append(ParamsOutcome(path, "unchanged"))
                continue
            data["generated"] = generated
            write_parameters(path, data)
            outcomes.append(ParamsOutcome(path, "updated"))
        else:
            write_parameters(path, {**default_fields(region), "generated": generated})
            outcomes.append(ParamsOutcome(path, "created"))
    done = {o.path for o in outcomes}
    with_facts = set(regions["adcode"])
    for path in sorted(params_dir.glob("*.yaml")) if params_dir.is_dir() else []:
        if path not in done:
            outcome = _stale(path, with_facts, store, prune)
            if outcome is not None:
                outcomes.append(outcome)
    return outcomes


def _stale(path: Path, with_facts: set[str], store: Store, prune: bool) -> ParamsOutcome | None:
    """The outcome of a file no region with facts wrote: None when its region has facts
    (a file of the user's own, e.g. under another name), else stale/removed/kept."""
    try:
        data = read_parameters(path).data
    except ParametersError as exc:
        return ParamsOutcome(path, "error", str(exc))
    if data["adcode"] in with_facts:
        return None
    where = store.source or store.path
    why = f"{data['region']} ({data['adcode']}) has no facts in {where}"
    if not prune:
        return ParamsOutcome(path, "stale", f"{why}; kept, skipped by render "
                                            "(`countybrief params --prune` removes it)")
    edits = user_edits(data)
    if "generated" in data and not edits:
        path.unlink()
        return ParamsOutcome(path, "removed", f"{why}; it held no edits of yours")
    kept = ", ".join(edits) if edits else "written by hand (no generated block)"
    return ParamsOutcome(path, "kept", f"{why}; kept for your edits: {kept}")
