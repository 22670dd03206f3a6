"""Regenerate the vendored gazetteer in ``lib/countybrief/data/gazetteer/`` from JioNLP.

countybrief reads two of JioNLP's data files (Apache-2.0, https://github.com/dongrixinyu/JioNLP):

- ``china_location.txt``: every province, prefecture and county-level unit with its
  adcode and short names (and below them towns and villages without codes). Only the lines
  the gazetteer reads are kept — depth 0 to 2 with an adcode, about 3 400 lines, 100 KB
  of the 12 MB file — in file order, with a header naming the source;
- ``china_location_change.txt``: renamings of county-level units and prefectures, kept
  whole, with the same header.

Run it in a scratch environment with the JioNLP version to take, then review the diff:

    python3 -m venv /tmp/jio && /tmp/jio/bin/pip install jionlp
    /tmp/jio/bin/python scripts/vendor_gazetteer.py      # or: --check (exit 1 on a difference)

It finds JioNLP's files without importing it (``find_spec``), reading the zipped copy of
the gazetteer JioNLP ships when it has not unzipped it yet.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "lib" / "countybrief" / "data" / "gazetteer"
#: the lines ``countybrief.extract.gazetteer`` reads (the same expression)
LINE = re.compile(r"^(\t{0,2})([^\t\n]+)\t(\d{6})\t([^\t\n]*)$", re.M)


def jionlp_file(name: str) -> str:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("jionlp is not installed here (pip install jionlp in a scratch venv)")
    folder = Path(list(spec.submodule_search_locations)[0]) / "dictionary"
    path = folder / name
    if path.exists():
        return path.read_text(encoding="utf-8")
    with zipfile.ZipFile(path.with_suffix(".zip")) as zf:
        return zf.read(name).decode("utf-8")


def header(name: str, version: str, what: str) -> str:
    return (f"# {name} of JioNLP {version} (jionlp/dictionary/{name}), Apache License 2.0: see "
            f"LICENSE and NOTICE beside this file. {what} Regenerate with scripts/vendor_gazetteer.py.\n")


def generate() -> dict[str, str]:
    version = importlib.metadata.version("jionlp")
    location = jionlp_file("china_location.txt").replace("\r\n", "\n")
    lines = [m.group(0) for m in LINE.finditer(location)]
    change = jionlp_file("china_location_change.txt").replace("\r\n", "\n")
    return {
        "china_location.txt": header("china_location.txt", version,
                                     "Modified: only the lines with an adcode (provinces, prefectures, "
                                     "county-level units) are kept, in their order.")
                              + "\n".join(lines) + "\n",
        "china_location_change.txt": header("china_location_change.txt", version,
                                            "Unmodified but for this line and line endings.")
                                     + change.rstrip("\n") + "\n",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare only; exit 1 when a file differs")
    args = ap.parse_args()
    files = generate()
    differ = []
    for name, text in files.items():
        path = OUT / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        differ.append(name)
        if not args.check:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "differ" if args.check else "written"
    print(f"{', '.join(differ) or 'nothing'} {verb} in {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
