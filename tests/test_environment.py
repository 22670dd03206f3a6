"""The install: environment.yml (conda route) declares what scripts/setup.sh installs
(pyproject's dependencies with the test and dask extras); the runtime set is lean (Dask,
JupyterLab and test tools are extras); ``--scheduler`` without Dask says how to get it,
and a local run never imports Dask."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from countybrief.cli import main

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CONDA_ONLY = {"python", "pip"}
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(spec: str) -> str:
    return re.sub(r"\s+", "", spec).lower().replace("_", "-")


def _setup_extras() -> list[str]:
    m = re.search(r'EXTRAS="\$\{COUNTYBRIEF_EXTRAS:-([a-z,]+)\}"', (ROOT / "scripts" / "setup.sh").read_text())
    assert m, "scripts/setup.sh names its default extras in EXTRAS"
    return m.group(1).split(",")


def test_setup_installs_the_extras_the_tests_need():
    assert sorted(_setup_extras()) == ["dask", "test"]
    assert '-e ".[$EXTRAS]"' in (ROOT / "scripts" / "setup.sh").read_text()


def test_environment_matches_pyproject():
    specs = PROJECT["dependencies"] + [s for extra in _setup_extras()
                                       for s in PROJECT["optional-dependencies"][extra]]
    wanted = {_name(s): _spec(s) for s in specs}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    declared = {}
    for dep in env["dependencies"]:
        for spec in (dep["pip"] if isinstance(dep, dict) else [dep]):
            if spec.startswith("-e") or _name(spec) in CONDA_ONLY:
                continue
            declared[_name(spec)] = _spec(spec)
    assert declared == wanted


def test_runtime_dependencies_are_lean():
    runtime = {_name(s) for s in PROJECT["dependencies"]}
    extras = PROJECT["optional-dependencies"]
    assert not runtime & {"dask", "distributed", "jionlp", "jupytext", "pytest", "pypdf",
                          "pyftpdlib"}
    assert "jupyter" in runtime  # the design card: the templates open in Jupyter
    assert {_name(s) for s in extras["dask"]} == {"dask", "distributed"}
    assert {"pytest", "pypdf", "pyftpdlib", "jupytext"} <= {_name(s) for s in extras["test"]}


@pytest.fixture
def no_dask(monkeypatch):
    """Dask as if not installed: importing it fails as a missing module does."""
    for name in list(sys.modules):
        if name.split(".")[0] in ("dask", "distributed"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import raises ImportError
    monkeypatch.setitem(sys.modules, "dask", None)


def _says_how_to_get_dask(err: str) -> None:
    assert "error: --scheduler runs on a Dask cluster, but Dask is not installed" in err, err
    assert "pip install 'countybrief[dask]'" in err and "Traceback" not in err


def test_extract_scheduler_without_dask_says_how_to_get_it(no_dask, tmp_path, capsys):
    code = main(["extract", str(RAW), "--data", str(tmp_path / "data"),
                 "--scheduler", "tcp://127.0.0.1:9"])
    assert code != 0
    _says_how_to_get_dask(capsys.readouterr().err)
    assert not (tmp_path / "data").exists()


def test_render_scheduler_without_dask_says_how_to_get_it(no_dask, tmp_path, capsys):
    folders = ["--data", str(tmp_path / "data"), "--params", str(tmp_path / "params")]
    assert main(["extract", str(RAW), *folders[:2]]) == 0
    assert main(["params", *folders]) == 0
    capsys.readouterr()
    code = main(["render", "--all", *folders, "--output", str(tmp_path / "out"),
                 "--formats", "html", "--scheduler", "tcp://127.0.0.1:9"])
    assert code != 0
    _says_how_to_get_dask(capsys.readouterr().err)
    assert not list((tmp_path / "out").glob("*/briefing.html"))


def test_local_extract_never_imports_dask(tmp_path):
    code = ("import sys\n"
            "from countybrief.cli import main\n"
            f"rc = main(['extract', {str(RAW)!r}, '--data', {str(tmp_path / 'data')!r}])\n"
            "print(rc, sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"
