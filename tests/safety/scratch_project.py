"""A small project for the safety tests that run and stop the CLI: the hand-made store,
its parameters files and a tiny template (``cell``: extra code in it), so a region
renders in about a second; no overview template unless asked."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import yaml

from countybrief.params import generate_parameters
from countybrief.store import open_store, write_store
from tests.fixtures.make_store import sample_extractions

ROOT = Path(__file__).resolve().parents[2]

PARAMETERS = 'region = ""\nadcode = ""\nlang = "zh"\ndata_dir = None\nraw_dir = None\ntitle = ""'
HEADER = ('from IPython.display import HTML, display\n'
          'display(HTML(f"<h1 class=\\"cb-title\\">{title or region}</h1><p>{adcode}</p>"))')


def make_project(root: Path, cell: str = "", *, overview: bool = False) -> Path:
    """Write the project into ``root``; returns it."""
    write_store(sample_extractions(), root / "data" / "extracted")
    generate_parameters(open_store(root / "data" / "extracted"), root / "parameters")
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(HEADER)]
    if cell:
        nb.cells.append(nbformat.v4.new_code_cell(cell))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, root / "notebooks" / "tiny.ipynb")
    if overview:
        nbformat.write(nb, root / "notebooks" / "overview.ipynb")
    for path in (root / "parameters").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["template"] = "notebooks/tiny.ipynb"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


def slugs(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "parameters").glob("*.yaml"))


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "countybrief.cli", *args]


class Run:
    """The CLI in a process group of its own, its process tree found by an environment
    marker (every descendant inherits it: workers, kernels, node, Chromium)."""

    def __init__(self, args: list[str], log: Path, env: dict | None = None) -> None:
        self.mark = uuid.uuid4().hex
        self.log = log
        full_env = {**os.environ, "CB_TEST_MARK": self.mark, **(env or {})}
        self.proc = subprocess.Popen(cli(*args), stdout=subprocess.DEVNULL,
                                     stderr=open(log, "wb"), env=full_env,  # noqa: SIM115
                                     start_new_session=True, cwd=ROOT)

    def tree(self) -> list:
        import psutil

        found = []
        for proc in psutil.process_iter(["name"]):
            try:
                if proc.environ().get("CB_TEST_MARK") == self.mark:
                    found.append(proc)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                pass
        return found

    def wait_for(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"the run ended before {what}:\n{self.stderr()}")
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.stderr()}")

    def survivors(self, timeout: float) -> list[str]:
        """What is still running ``timeout`` s after the CLI ended (killed then)."""
        import psutil

        deadline = time.monotonic() + timeout
        left = self.tree()
        while left and time.monotonic() < deadline:
            time.sleep(0.3)
            left = [p for p in self.tree() if p.status() != psutil.STATUS_ZOMBIE]
        shown = []
        for proc in left:
            try:
                shown.append(f"{proc.pid} {proc.name()} {' '.join(proc.cmdline())[:120]}")
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        return shown

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cleanup(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.survivors(0)


def mount_tmpfs(path: Path, size: str = "4m", *, read_only: bool = False) -> bool:
    """Mount a small tmpfs at ``path`` (root only); False when it cannot be mounted."""
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if read_only else "")
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def unmount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


def fill(folder: Path) -> None:
    """Fill the filesystem of ``folder`` up to its last byte."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
        try:
            while True:
                fh.write(b"\0")
                fh.flush()
        except OSError:
            pass
