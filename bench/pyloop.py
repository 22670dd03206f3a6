"""The best loop a skilled user writes in one Python process (bench/render.py, anchor 2).

Per region: ``papermill.execute_notebook`` (which starts a kernel for that notebook and
shuts it down after), then nbconvert's exporters called from Python on the executed
notebook it returns — ``HTMLExporter`` and ``WebPDFExporter`` (both ``exclude_input``), each
made once and reused. WebPDFExporter drives Chromium through Playwright, a new browser per
PDF; it would download Playwright's own Chromium build, so the system Chromium stands in
for it (``executable_path`` added to Playwright's launch), as the CLI loop prints with it.

    python bench/pyloop.py TEMPLATE PARAMS_DIR DATA_DIR OUT_DIR N

Prints one JSON line: regions, start-up CPU of this process (imports, exporters), wall.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _system_chromium_for_webpdf() -> None:
    """Playwright's ``chromium.launch`` with the system Chromium (nbconvert offers no option)."""
    from playwright.async_api import BrowserType

    from countybrief.render.browser import find_chromium

    chromium, launch = find_chromium(), BrowserType.launch

    async def launch_system(self, *args, **kwargs):
        kwargs.setdefault("executable_path", chromium)
        return await launch(self, *args, **kwargs)

    BrowserType.launch = launch_system


def main() -> None:
    t0 = time.monotonic()
    template, params, data, out = (Path(a) for a in sys.argv[1:5])
    n = int(sys.argv[5])

    import papermill as pm
    import yaml
    from nbconvert import HTMLExporter, WebPDFExporter

    _system_chromium_for_webpdf()
    html_exporter = HTMLExporter(exclude_input=True)
    pdf_exporter = WebPDFExporter(exclude_input=True, disable_sandbox=True)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    startup = ru.ru_utime + ru.ru_stime

    out.mkdir(parents=True, exist_ok=True)
    files = sorted(params.glob("*.yaml"))[:n]
    for f in files:
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        nb = pm.execute_notebook(
            str(template), str(out / f"{f.stem}.ipynb"), cwd=str(template.parent),
            parameters={"region": d["region"], "adcode": d["adcode"], "data_dir": str(data),
                        "raw_dir": "/nonexistent", "title": d.get("title") or "",
                        "lang": d.get("lang", "zh"), "notes": []},
            progress_bar=False, log_output=False)
        html, _ = html_exporter.from_notebook_node(nb)
        (out / f"{f.stem}.html").write_text(html, encoding="utf-8")
        pdf, _ = pdf_exporter.from_notebook_node(nb)
        (out / f"{f.stem}.pdf").write_bytes(pdf)
        if pdf[:5] != b"%PDF-":
            raise SystemExit(f"{f.stem}: not a PDF")
    print(json.dumps({"n": len(files), "startup_cpu": startup, "wall": time.monotonic() - t0}))


if __name__ == "__main__":
    main()
