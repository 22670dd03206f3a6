"""``countybrief facts`` and ``countybrief export``: their arguments and what they do
(``cli`` registers them and passes the project)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from .. import storage
from ..errors import CountyBriefError

FACTS_HELP = ("list a region's figures with the keys a correction needs (file, quote), "
              "or as ready-to-edit corrections.yaml entries (--yaml)")
EXPORT_HELP = "export the facts with their meaning and sources as CSV or an Excel workbook"


def add_arguments(facts: argparse.ArgumentParser, export: argparse.ArgumentParser) -> None:
    """The arguments of ``facts`` and ``export`` (their folder flags come from ``cli``)."""
    facts.add_argument("regions", nargs="*", metavar="REGION",
                       help="region names, adcodes or adcode-name slugs (default: every "
                            "figure, those of no region included)")
    facts.add_argument("--yaml", action="store_true",
                       help="print corrections.yaml entries to edit instead of the table")
    export.add_argument("regions", nargs="*", metavar="REGION",
                        help="region names, adcodes or adcode-name slugs (default: everything)")
    export.add_argument("--csv", action="store_true", help="the facts as CSV (UTF-8)")
    export.add_argument("--xlsx", action="store_true",
                        help="an Excel workbook: sheets facts, documents, regions")
    export.add_argument("-o", "--out", metavar="PATH",
                        help="file to write (default: facts.csv / facts.xlsx in the output "
                             "folder; with both formats, PATH's suffix is replaced; "
                             "- writes the CSV to standard output)")
    export.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="language of the indicator_label column (default: zh)")


def run_facts(args: argparse.Namespace, data_dir, log: Callable[[str], None]) -> int:
    """Print the listing (or the entries) of the regions named, from the store."""
    from ..store import open_store
    from . import select
    from .listing import entries_yaml, table_text
    from .tables import facts_table

    store = open_store(data_dir)
    facts, documents, _ = select(store, args.regions)
    table = facts_table(facts, documents)
    names = ", ".join(f"{r.name} ({r.adcode})" for r in (store.region(k) for k in args.regions))
    if args.yaml:
        sys.stdout.write(entries_yaml(table, heading=f"{names or 'all regions'}: {len(table)} figures"))
    else:
        sys.stdout.write(table_text(table) + "\n")
    sys.stdout.flush()
    log(f"{len(table)} figure{'s' if len(table) != 1 else ''} of {names or 'every region'} in "
        f"{store.source or store.path}; correct one in corrections.yaml (README: Correcting a figure)")
    return 0


def _targets(out: str | None, output_dir, formats: list[str]) -> dict[str, Path | str]:
    if out == "-":
        if formats != ["csv"]:
            raise CountyBriefError("-o - writes CSV to standard output: give --csv alone")
        return {"csv": "-"}
    if out is None:
        if storage.is_url(output_dir):
            raise CountyBriefError(f"the output folder {output_dir} is a URL: give -o a local file")
        return {fmt: Path(output_dir) / f"facts.{fmt}" for fmt in formats}
    path = Path(out)
    if len(formats) == 1:
        return {formats[0]: path}
    return {fmt: path.with_suffix(f".{fmt}") for fmt in formats}


def run_export(args: argparse.Namespace, data_dir, output_dir, log: Callable[[str], None]) -> int:
    """Write the CSV and/or the workbook of the regions named (by default into
    ``output_dir``, the project's output folder)."""
    from ..store import open_store
    from . import export_sheets
    from .files import csv_bytes, write_csv, write_xlsx

    formats = [f for f in ("csv", "xlsx") if getattr(args, f)]
    if not formats:
        raise CountyBriefError("give --csv, --xlsx or both")
    targets = _targets(args.out, output_dir, formats)
    sheets = export_sheets(open_store(data_dir), args.regions, lang=args.lang)
    for fmt, target in targets.items():
        if target == "-":
            sys.stdout.buffer.write(csv_bytes(sheets["facts"]))
            sys.stdout.flush()
            continue
        if Path(target).is_dir():
            raise CountyBriefError(f"{target}: is a folder; give -o a file name")
        if fmt == "csv":
            write_csv(sheets["facts"], target)
        else:
            write_xlsx(sheets, target)
        log(f"wrote {target}: {len(sheets['facts'])} facts"
            + (f", {len(sheets['documents'])} documents, {len(sheets['regions'])} regions"
               if fmt == "xlsx" else ""))
    return 0
