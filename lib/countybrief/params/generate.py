"""Create or refresh one parameters file per region that has facts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ParametersError
from ..store import Store
from .files import (default_fields, generated_fields, read_parameters, region_slug,
                    write_parameters)

#: regions that get a briefing: county-level units and prefecture-level cities
BRIEFING_LEVELS = ("county", "prefecture")


@dataclass
class ParamsOutcome:
    path: Path
    status: str  # "created" | "updated" | "unchanged" | "error"
    message: str = ""


def generate_parameters(store: Store, params_dir: str | Path) -> list[ParamsOutcome]:
    """Write ``<adcode>-<name>.yaml`` for every region with facts.

    Existing files keep every user field; only the ``generated`` block is refreshed.
    A malformed existing file is reported and left untouched.
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
    return outcomes
