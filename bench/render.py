"""Render benchmark: `countybrief render` against the hand-written per-county loop.

    .venv/bin/python bench/render.py 50            # the figures of the README
    .venv/bin/python bench/render.py 10 --quick    # a smoke run

Everything runs on a SYNTHETIC corpus (``bench/synthetic``: N county-level units of the
real gazetteer, made-up figures in the sample articles' sentence shapes) in a temporary
folder, with the real template ``notebooks/county_briefing.ipynb`` and the parameters
files ``countybrief params`` writes for it. Figures printed (CPU = user + system of the
whole process tree: the larger of ``getrusage(RUSAGE_CHILDREN)`` around each child process
and the per-process CPU times of the tree sampled every 0.1 s, see ``TreeSampler``):

1. ``countybrief render --all -j K`` of N regions, HTML + PDF: CPU s per briefing, wall.
2. The loop a user writes by hand, per region: ``papermill`` CLI, ``jupyter nbconvert
   --to html --no-input``, then ``chromium --headless --print-to-pdf`` on that HTML
   (nbconvert's webpdf would download its own Chromium; the system one stands in for it).
   Run on the first ``--loop-n`` regions of the same N (per-briefing figures).
3. Ratio of (2) to (1), CPU per briefing.
3a. The best loop a skilled user writes in ONE Python process (``bench/pyloop.py``):
   ``papermill.execute_notebook`` (a kernel per notebook) and nbconvert's ``HTMLExporter``
   and ``WebPDFExporter`` called from Python (made once; the system Chromium stands in for
   Playwright's own build), on the same first ``--loop-n`` regions, and its ratio to (1).
4. Wall time of ``-j 1`` vs ``-j K`` on ``--scale-n`` regions (``--force``).
5. No-change re-run of ``--noop-n`` regions (rendered first, HTML only), then one
   article changed: how many regions are rendered again.
6. Peak memory (PSS and RSS summed over the process tree, sampled every 0.25 s) of rendering
   ``--mem-small`` and ``--mem-large`` regions (``--mem-formats``, default HTML only), ``-j K``.

After (3), the same render and loops on the issue's anchor, a trivial one-chart template
(``bench/trivial_template.ipynb``: imports pandas/matplotlib/seaborn, one bar chart), with
their own ratios; ``--skip trivial`` leaves it out, ``--skip pyloop`` the Python loop.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from bench.synthetic.corpus import make_store  # noqa: E402


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


class TreeSampler:
    """Samples a process and its descendants in a thread: peak of the summed RSS, and the
    CPU time (user + system) last seen for every process of the tree.

    ``getrusage(RUSAGE_CHILDREN)`` only counts descendants that were waited for all the
    way up: worker processes forked by multiprocessing's forkserver (and their kernels)
    are children of the forkserver, which the CLI does not wait for at exit, so their CPU
    never reaches it. The sampled sum sees them (it misses at most the last sampling
    interval of each process); ``run`` reports the larger of the two.
    """

    def __init__(self, pid: int, interval: float = 0.1, pss: bool = False) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.pss = pss  # also the peak of the summed PSS (shared pages counted once)
        self.peak = 0
        self.peak_pss = 0
        self.cpu: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = total_pss = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    with p.oneshot():
                        if self.pss:
                            full = p.memory_full_info()
                            total += full.rss
                            total_pss += full.pss
                        else:
                            total += p.memory_info().rss
                        t = p.cpu_times()
                        self.cpu[(p.pid, p.create_time())] = t.user + t.system
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, total_pss)
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak

    @property
    def cpu_total(self) -> float:
        return sum(self.cpu.values())

def run(cmd: list[str], *, rss: bool = False, check: bool = True, env=None) -> dict:
    c0, t0 = children_cpu(), time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = TreeSampler(proc.pid, interval=0.25 if rss else 0.1, pss=rss)
    out, err = proc.communicate()
    peak = sampler.stop()
    waited = children_cpu() - c0
    res = {"wall": time.monotonic() - t0, "cpu": max(waited, sampler.cpu_total),
           "cpu_waited": waited, "cpu_sampled": sampler.cpu_total, "rc": proc.returncode,
           "stderr": err, "stdout": out, "rss": peak if rss else 0,
           "pss": sampler.peak_pss if rss else 0}
    if check and proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    return res


def project(work: Path, n: int, *, changed: str | None = None) -> dict:
    data, params = work / "extracted", work / "parameters"
    regions = make_store(n, data, changed=changed)
    if not params.exists():
        run([str(BIN / "countybrief"), "params", "--root", str(ROOT), "--data", str(data),
             "--params", str(params)])
    return {"data": data, "params": params, "output": work / "output", "regions": regions}


def render(p: dict, *extra: str, rss: bool = False, check: bool = False) -> dict:
    # one edition (the loops render the parameters' lang, zh), not the project's languages
    cmd = [str(BIN / "countybrief"), "render", "--all", "--root", str(ROOT), "--data", str(p["data"]),
           "--params", str(p["params"]), "--output", str(p["output"]), "--lang", "zh", *extra]
    return run(cmd, rss=rss, check=check)


def counts(res: dict) -> str:
    lines = [ln for ln in res["stderr"].splitlines() if "rendered," in ln and "unchanged" in ln]
    return lines[-1].strip() if lines else res["stderr"][-500:]


TRIVIAL = "bench/trivial_template.ipynb"


def trivial_project(p: dict, work: Path) -> dict:
    """The same regions and parameters with the issue's anchor template (one chart)."""
    params = work / "parameters-trivial"
    params.mkdir(exist_ok=True)
    for f in sorted(p["params"].glob("*.yaml")):
        text = f.read_text(encoding="utf-8").replace("template: notebooks/county_briefing.ipynb",
                                                     f"template: {TRIVIAL}")
        (params / f.name).write_text(text, encoding="utf-8")
    return {**p, "params": params, "output": work / "output-trivial"}


def hand_loop(p: dict, n: int, work: Path, template: Path | None = None) -> dict:
    """The loop of the issue, per region: papermill CLI, nbconvert CLI, Chromium CLI."""
    import yaml

    from countybrief.render.browser import find_chromium

    chromium = find_chromium()
    template = template or ROOT / "notebooks" / "county_briefing.ipynb"
    out = work / f"loop-{template.stem}"
    out.mkdir()
    total_cpu = total_wall = 0.0
    files = sorted(p["params"].glob("*.yaml"))[:n]
    for f in files:
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        nb, html, pdf = out / f"{f.stem}.ipynb", out / f"{f.stem}.html", out / f"{f.stem}.pdf"
        steps = [
            [str(BIN / "papermill"), str(template), str(nb), "--cwd", str(template.parent),
             "-r", "region", d["region"], "-r", "adcode", d["adcode"],
             "-r", "data_dir", str(p["data"]), "-r", "raw_dir", "/nonexistent",
             "-r", "title", d.get("title") or "", "-r", "lang", d.get("lang", "zh"),
             "-y", "notes: []", "--no-progress-bar"],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb),
             "--output", str(html)],
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.as_uri()],
        ]
        for cmd in steps:
            r = run(cmd)
            total_cpu += r["cpu"]
            total_wall += r["wall"]
    return {"n": len(files), "cpu": total_cpu, "wall": total_wall}


def python_loop(p: dict, n: int, work: Path, template: Path | None = None) -> dict:
    """Anchor 2: papermill and nbconvert called from one Python process (``bench/pyloop.py``)."""
    import json

    template = template or ROOT / "notebooks" / "county_briefing.ipynb"
    out = work / f"pyloop-{template.stem}"
    r = run([sys.executable, str(ROOT / "bench" / "pyloop.py"), str(template), str(p["params"]),
             str(p["data"]), str(out), str(n)])
    info = json.loads(r["stdout"].strip().splitlines()[-1])
    return {"n": info["n"], "cpu": r["cpu"], "wall": r["wall"], "startup": info["startup_cpu"]}


def report_loops(label: str, ours: float, loop: dict | None, pyloop: dict | None, n: int) -> None:
    """The loops' per-briefing figures and both ratios to countybrief's CPU per briefing."""
    if pyloop is not None:
        theirs_py = pyloop["cpu"] / pyloop["n"]
        print(f"[{label}pyloop] papermill.execute_notebook + nbconvert HTMLExporter/WebPDFExporter in "
              f"one Python process, {pyloop['n']} of the {n} regions: {theirs_py:.2f} CPU s/briefing "
              f"(its start-up, {pyloop['startup']:.1f} CPU s once, included), "
              f"{pyloop['wall'] / pyloop['n']:.2f} wall s/briefing", flush=True)
    ratios = []
    if loop is not None:
        ratios.append(f"CLI loop {loop['cpu'] / loop['n'] / ours:.1f}x")
    if pyloop is not None:
        ratios.append(f"Python loop {pyloop['cpu'] / pyloop['n'] / ours:.1f}x")
    if ratios:
        print(f"[{label}ratios] CPU per briefing / countybrief render's ({ours:.2f}): "
              + ", ".join(ratios), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=50)
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--loop-n", type=int, default=5)
    ap.add_argument("--scale-n", type=int, default=12)
    ap.add_argument("--noop-n", type=int, default=100)
    ap.add_argument("--mem-small", type=int, default=50)
    ap.add_argument("--mem-large", type=int, default=500)
    ap.add_argument("--mem-formats", default="html", help="formats of the memory runs (html or html,pdf)")
    ap.add_argument("--skip", default="",
                    help="comma list of parts to skip: loop,pyloop,trivial,scale,noop,mem")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    work = Path(tempfile.mkdtemp(prefix="countybrief-bench-SYNTHETIC-"))
    print(f"SYNTHETIC corpus in {work}; machine: {platform.node()} {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}", flush=True)
    try:
        # 1. countybrief render, N regions, HTML + PDF
        p = project(work / f"n{args.n}", args.n)
        r = render(p, "-j", str(args.j))
        ours = r["cpu"] / args.n
        print(f"[render] N={args.n} -j {args.j}: {counts(r)}; wall {r['wall']:.1f} s, "
              f"CPU {r['cpu']:.1f} s (sampled tree {r['cpu_sampled']:.1f}, waited-for "
              f"{r['cpu_waited']:.1f}) = {ours:.2f} CPU s/briefing, "
              f"{r['wall'] / args.n:.2f} wall s/briefing", flush=True)

        # 2-3. the hand-written loop on a subset of the same regions
        if "loop" not in skip:
            loop = hand_loop(p, args.loop_n, work)
            theirs = loop["cpu"] / loop["n"]
            print(f"[loop]   papermill + nbconvert + chromium CLIs, {loop['n']} of the {args.n} regions: "
                  f"{theirs:.2f} CPU s/briefing, {loop['wall'] / loop['n']:.2f} wall s/briefing",
                  flush=True)
            print(f"[ratio]  CPU per briefing, loop / countybrief render: {theirs / ours:.1f}x "
                  f"(full briefing template; target >= 8x)", flush=True)
        pyloop = python_loop(p, args.loop_n, work) if "pyloop" not in skip else None
        report_loops("", ours, loop if "loop" not in skip else None, pyloop, args.n)

        # 3b. the same comparison on the anchor: a trivial one-chart template
        if "trivial" not in skip:
            t = trivial_project(p, work)
            r = render(t, "-j", str(args.j))
            ours_t = r["cpu"] / args.n
            print(f"[trivial render] {TRIVIAL}, N={args.n} -j {args.j}: {counts(r)}; wall "
                  f"{r['wall']:.1f} s, CPU {r['cpu']:.1f} s = {ours_t:.2f} CPU s/briefing", flush=True)
            if "loop" not in skip:
                loop_t = hand_loop(t, args.loop_n, work, ROOT / TRIVIAL)
                theirs_t = loop_t["cpu"] / loop_t["n"]
                print(f"[trivial loop]   {loop_t['n']} of the {args.n} regions: {theirs_t:.2f} CPU "
                      f"s/briefing, {loop_t['wall'] / loop_t['n']:.2f} wall s/briefing", flush=True)
                print(f"[trivial ratio]  CPU per briefing, loop / countybrief render: "
                      f"{theirs_t / ours_t:.1f}x (one-chart template of the issue's anchor)",
                      flush=True)
            pyloop_t = python_loop(t, args.loop_n, work, ROOT / TRIVIAL) if "pyloop" not in skip else None
            report_loops("trivial ", ours_t, loop_t if "loop" not in skip else None, pyloop_t, args.n)

        # 4. scaling with -j
        if "scale" not in skip and args.j > 1:
            walls = {}
            for j in (1, args.j):
                r = render(p if args.scale_n >= args.n else project(work / "scale", args.scale_n),
                           "-j", str(j), "--force")
                walls[j] = r["wall"]
            print(f"[scale]  {args.scale_n if args.scale_n < args.n else args.n} regions --force: "
                  f"-j 1 {walls[1]:.1f} s, -j {args.j} {walls[args.j]:.1f} s "
                  f"(speed-up {walls[1] / walls[args.j]:.2f}x)", flush=True)

        # 5. no-change re-run and one changed article
        if "noop" not in skip:
            q = project(work / f"noop{args.noop_n}", args.noop_n)
            render(q, "-j", str(args.j), "--formats", "html")
            r = render(q, "-j", str(args.j), "--formats", "html")
            print(f"[noop]   {args.noop_n} regions, nothing changed: wall {r['wall']:.2f} s, "
                  f"CPU {r['cpu']:.2f} s; {counts(r)} (target < 2 s)", flush=True)
            changed = q["regions"][len(q["regions"]) // 2].adcode
            make_store(args.noop_n, q["data"], changed=changed)
            r = render(q, "-j", str(args.j), "--formats", "html")
            print(f"[change] one article of {changed} changed: wall {r['wall']:.1f} s; {counts(r)}",
                  flush=True)

        # 6. memory
        if "mem" not in skip:
            peaks = {}
            for n in (args.mem_small, args.mem_large):
                m = project(work / f"mem{n}", n)
                r = render(m, "-j", str(args.j), "--formats", args.mem_formats, rss=True)
                peaks[n] = r
                print(f"[memory] {n} regions, {args.mem_formats}, -j {args.j}: peak of the process tree "
                      f"PSS {r['pss'] / 2**20:.0f} MiB, RSS {r['rss'] / 2**20:.0f} MiB (shared pages "
                      f"counted in every process); wall {r['wall']:.0f} s; {counts(r)}", flush=True)
                shutil.rmtree(m["output"], ignore_errors=True)
            small, large = peaks[args.mem_small], peaks[args.mem_large]
            print(f"[memory] ratio {args.mem_large} / {args.mem_small}: PSS {large['pss'] / small['pss']:.2f}, "
                  f"RSS {large['rss'] / small['rss']:.2f} (target <= 1.5)", flush=True)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
