"""The project file (issue 13 #1): `init`, finding and checking countybrief.yaml, flags
over its settings, and a store never replaced by another corpus's data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from countybrief.cli import main
from countybrief.errors import ProjectFileError
from countybrief.pipeline import Project
from countybrief.project import CONFIG_NAME, find_config, init_project, load_project, read_config

ROOT = Path(__file__).resolve().parents[1]

#: made-up articles, one region each
ARTICLE_A = ("西峰区扶贫工作简报\n发布时间：2019-12-20\n"
             "2019年西峰区减少贫困人口2345人，贫困发生率下降到0.87%。\n")
ARTICLE_B = ("武都区脱贫攻坚进展\n发布时间：2019-11-02\n"
             "2019年武都区实现4100户15800人脱贫，贫困发生率降至1.6%。\n")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- init ---------------------------------------------------------------------------

def test_init_creates_a_project(tmp_path, capsys):
    root = tmp_path / "mine"
    assert main(["init", str(root)]) == 0
    err = capsys.readouterr().err
    assert (root / CONFIG_NAME).is_file()
    assert all((root / d).is_dir() for d in ("articles", "parameters", "output"))
    assert not any((root / "parameters").iterdir()) and not any((root / "output").iterdir())
    assert f"created   {root / CONFIG_NAME}" in err and "countybrief build" in err
    text = (root / CONFIG_NAME).read_text(encoding="utf-8")
    assert text.startswith("# countybrief project")
    cfg = read_config(root / CONFIG_NAME)
    assert cfg.corpus == (root / "articles",)
    assert cfg.data == root / "data" / "extracted" and cfg.output == root / "output"
    assert cfg.parameters == root / "parameters"
    assert cfg.languages == ("zh", "en") and cfg.formats == ("html", "pdf")
    assert cfg.jobs is None and cfg.template is None


def test_init_refuses_an_existing_project_file(tmp_path, capsys):
    _write(tmp_path / CONFIG_NAME, "languages: [zh]\n")
    assert main(["init", str(tmp_path)]) == 2
    assert f"{tmp_path / CONFIG_NAME}: already exists" in capsys.readouterr().err
    assert (tmp_path / CONFIG_NAME).read_text(encoding="utf-8") == "languages: [zh]\n"
    (tmp_path / CONFIG_NAME).write_text("", encoding="utf-8")  # an empty one is filled in
    assert init_project(tmp_path)[0] == tmp_path / CONFIG_NAME
    assert "corpus:" in (tmp_path / CONFIG_NAME).read_text(encoding="utf-8")


def test_init_keeps_existing_articles(tmp_path):
    kept = _write(tmp_path / "articles" / "a.txt", ARTICLE_A)
    init_project(tmp_path)
    assert kept.read_text(encoding="utf-8") == ARTICLE_A


# --- finding and reading --------------------------------------------------------------

def test_nearest_project_file_at_or_above_the_folder(tmp_path):
    _write(tmp_path / CONFIG_NAME, "corpus: [texts]\noutput: out\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / CONFIG_NAME
    cfg = load_project(cwd=deep)
    assert cfg.root == tmp_path and cfg.corpus == (tmp_path / "texts",)
    assert cfg.output == tmp_path / "out"
    # --root names the project folder itself; without a file there, the defaults
    bare = load_project(root=deep)
    assert bare.path is None and bare.root == deep and bare.corpus == (deep / "data" / "raw",)


def test_the_repository_is_the_sample_project():
    cfg = load_project(root=ROOT)
    assert cfg.path == ROOT / CONFIG_NAME
    assert cfg.corpus == (ROOT / "data" / "raw",) and cfg.data == ROOT / "data" / "extracted"
    assert cfg.parameters == ROOT / "parameters" and cfg.output == ROOT / "output"
    assert cfg.template == ROOT / "notebooks" / "county_briefing.ipynb"
    assert cfg.languages == ("zh", "en") and cfg.formats == ("html", "pdf")


@pytest.mark.parametrize("text, words", [
    ("langauges: [zh]\n", "unknown key 'langauges' (did you mean 'languages'?)"),
    ("jobs: two\n", "'jobs' must be a whole number of 1 or more, or null, not str 'two'"),
    ("jobs: 0\n", "'jobs' must be a whole number"),
    ("jobs: true\n", "'jobs' must be a whole number"),
    ("corpus: 3\n", "'corpus' must be a list of article files or folders, not int 3"),
    ("corpus: []\n", "'corpus' must be a list"),
    ("languages: [zh, fr]\n", "'languages': unknown language 'fr' (choose from zh, en"),
    ("formats: html,docx\n", "'formats': unknown format 'docx'"),
    ("output: [a]\n", "'output' must be a output folder or URL"),
    ("parameters: s3://bucket/p\n", "'parameters' must be a local folder"),
    ("- corpus\n", "expected a mapping"),
    ("base: &b {x: 1}\nother: *b\n", "anchors and aliases are not allowed"),
    ("corpus: [unclosed\n", "malformed YAML at line"),
])
def test_bad_project_file_names_file_and_key(tmp_path, capsys, text, words):
    config = _write(tmp_path / CONFIG_NAME, text)
    with pytest.raises(ProjectFileError) as exc:
        read_config(config)
    assert str(exc.value).startswith(f"{config}: ") and words in str(exc.value)
    # every command says it, exit 2, no traceback
    assert main(["params", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"error: {config}: " in err and words in err and "Traceback" not in err


def test_empty_project_file_means_the_defaults(tmp_path):
    cfg = read_config(_write(tmp_path / CONFIG_NAME, "# nothing set\n"))
    assert cfg.corpus == (tmp_path / "data" / "raw",) and cfg.output == tmp_path / "output"


def test_flags_override_the_project_file(tmp_path):
    _write(tmp_path / CONFIG_NAME, "data: d\nparameters: p\noutput: o\nformats: [html]\n"
                                   "languages: [en]\njobs: 3\n")
    project = Project.load(tmp_path)
    assert (project.data_dir, project.params_dir, project.output_dir) == (
        tmp_path / "d", tmp_path / "p", tmp_path / "o")
    assert project.formats == ("html",) and project.languages == ("en",) and project.jobs == 3
    other = Project.load(tmp_path, data=tmp_path / "x", params=tmp_path / "y",
                         output="s3://bucket/out")
    assert (other.data_dir, other.params_dir, other.output_dir) == (
        tmp_path / "x", tmp_path / "y", "s3://bucket/out")


def test_project_settings_reach_render(tmp_path, monkeypatch):
    """languages, formats and jobs of countybrief.yaml are what render gets; flags win."""
    import countybrief.cli as cli

    _write(tmp_path / CONFIG_NAME, "formats: [html]\nlanguages: [en]\njobs: 3\n")
    seen = {}
    monkeypatch.setattr(cli, "render_project", lambda project, regions, **kw: seen.update(kw) or 0)
    assert main(["render", "--all", "--root", str(tmp_path)]) == 0
    assert seen["langs"] == ("en",) and seen["formats"] == ("html",) and seen["workers"] == 3
    assert main(["render", "--all", "--root", str(tmp_path), "--lang", "zh", "--formats",
                 "pdf,html", "-j", "1"]) == 0
    assert seen["langs"] == ["zh"] and seen["formats"] == ("pdf", "html") and seen["workers"] == 1


def test_project_template_missing_is_named(tmp_path, capsys):
    config = _write(tmp_path / CONFIG_NAME, "template: notebooks/mine.ipynb\n")
    _write(tmp_path / "parameters" / "620402-白银区.yaml", "region: 白银区\nadcode: '620402'\n")
    assert main(["render", "--all", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"error: {config}: 'template': {tmp_path / 'notebooks' / 'mine.ipynb'} does not exist" in err


def test_commands_run_below_the_project_folder_use_it(tmp_path):
    """`countybrief extract` in a subfolder of a project writes the project's store."""
    init_project(tmp_path)
    _write(tmp_path / "articles" / "a.txt", ARTICLE_A)
    sub = tmp_path / "articles"
    proc = subprocess.run([sys.executable, "-m", "countybrief.cli", "extract"], cwd=sub,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "data" / "extracted" / "manifest.json").read_text())
    assert manifest["corpus"] == ["articles"]


# --- one corpus, one store ------------------------------------------------------------

def test_a_store_is_not_replaced_by_another_corpus(tmp_path, capsys):
    init_project(tmp_path)
    _write(tmp_path / "articles" / "a.txt", ARTICLE_A)
    other = _write(tmp_path / "elsewhere" / "b.txt", ARTICLE_B)
    store = tmp_path / "data" / "extracted"
    assert main(["extract", "--root", str(tmp_path)]) == 0
    before = (store / "facts.parquet").read_bytes()
    assert json.loads((store / "manifest.json").read_text())["corpus"] == ["articles"]
    capsys.readouterr()

    for command in ("extract", "build"):
        assert main([command, str(other.parent), "--root", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert f"error: {store / 'manifest.json'}: this store was built from articles, " \
               f"not from elsewhere" in err
        assert "countybrief init DIR" in err and "--replace" in err
        assert (store / "facts.parquet").read_bytes() == before

    # the same corpus again, named or not, is no change of corpus
    assert main(["extract", str(tmp_path / "articles"), "--root", str(tmp_path)]) == 0
    # --replace says it is meant; then the bare command is the one refused
    assert main(["extract", str(other.parent), "--root", str(tmp_path), "--replace"]) == 0
    assert json.loads((store / "manifest.json").read_text())["corpus"] == ["elsewhere"]
    capsys.readouterr()
    assert main(["extract", "--root", str(tmp_path)]) == 2
    assert "built from elsewhere, not from articles" in capsys.readouterr().err


def test_corpus_recorded_relative_to_the_project_survives_a_move(tmp_path):
    init_project(tmp_path / "p")
    _write(tmp_path / "p" / "articles" / "a.txt", ARTICLE_A)
    assert main(["extract", "--root", str(tmp_path / "p")]) == 0
    shutil.move(tmp_path / "p", tmp_path / "moved")
    assert main(["extract", "--root", str(tmp_path / "moved")]) == 0


def test_jsonl_never_checks_or_writes_the_store(tmp_path, capsys):
    init_project(tmp_path)
    _write(tmp_path / "articles" / "a.txt", ARTICLE_A)
    other = _write(tmp_path / "elsewhere" / "b.txt", ARTICLE_B)
    assert main(["extract", "--root", str(tmp_path)]) == 0
    assert main(["extract", str(other), "--root", str(tmp_path), "--jsonl"]) == 0
    assert "武都区" in capsys.readouterr().out


def test_an_empty_corpus_never_replaces_a_store(tmp_path, capsys):
    init_project(tmp_path)
    article = _write(tmp_path / "articles" / "a.txt", ARTICLE_A)
    assert main(["extract", "--root", str(tmp_path)]) == 0
    store = tmp_path / "data" / "extracted"
    before = (store / "facts.parquet").read_bytes()
    article.unlink()
    capsys.readouterr()
    assert main(["build", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"error: no articles (.txt, .html, .htm, .md) in {tmp_path / 'articles'}" in err
    assert "build stopped" in err and "parameters files" not in err
    assert (store / "facts.parquet").read_bytes() == before
