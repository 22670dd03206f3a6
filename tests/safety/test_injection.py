"""Nothing injected: article text and parameter values reach briefings as inert text, and
briefings load nothing from the network. Checked in a real headless Chromium."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from countybrief.cli import main
from countybrief.render.browser import CHROMIUM_ARGS, find_chromium

ROOT = Path(__file__).resolve().parents[2]

HOSTILE_ARTICLE = """白银区扶贫<script>window.__pwned='title'</script>工作纪实
发布时间：2017-11-17 来源：<img src=x onerror="window.__pwned='source'">测试网
2017年白银区<script>window.__pwned='body'</script>精准脱贫306户1012人，贫困发生率降至1.32%。
<a href="javascript:window.__pwned='link'">点此</a>累计投资20多亿元<img src=x onerror="window.__pwned='img'">。
详见<a href="https://evil.example/x.js">链接</a><iframe src="https://evil.example/"></iframe>。
"""

HOSTILE_TITLE = '"; import os; os.system("touch PWNED") #'
HOSTILE_NOTES = ["line one\nline two", "back\\slash \"quoted\" 'single'", "'''; open('PWNED2','w') #"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["extract", "--root", str(root)]) == 0, err.getvalue()
        assert main(["params", "--root", str(root)]) == 0, err.getvalue()
        pfile = root / "parameters" / "620402-白银区.yaml"
        data = yaml.safe_load(pfile.read_text(encoding="utf-8"))
        data["title"] = HOSTILE_TITLE
        data["notes"] = HOSTILE_NOTES
        pfile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        code = main(["render", "--all", "--root", str(root)])
    assert code == 0, err.getvalue()
    return root


def test_parameter_values_are_plain_literals(project):
    nb = json.loads((project / "output" / "620402-白银区" / "briefing.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    tree = ast.parse("".join(cell["source"]))
    values = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign), ast.dump(node)  # nothing but assignments
        values[node.targets[0].id] = ast.literal_eval(node.value)
    assert values["title"] == HOSTILE_TITLE
    assert values["notes"] == HOSTILE_NOTES
    assert not list(project.rglob("PWNED*"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
    yield b
    b.close()
    pw.stop()


def _load_offline(browser, path: Path):
    """Open a file with the network cut off; return the page and the requests it tried."""
    context = browser.new_context(offline=True, java_script_enabled=True)
    page = context.new_page()
    tried: list[str] = []

    def route(r):
        if not r.request.url.startswith(("file://", "data:")):
            tried.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    return context, page, tried, dialogs


@pytest.mark.parametrize("rel", ["620402-白银区/briefing.html", "index.html"])
def test_article_markup_is_inert_in_the_dom(project, browser, rel):
    context, page, tried, dialogs = _load_offline(browser, project / "output" / rel)
    try:
        assert page.evaluate("window.__pwned === undefined")
        assert dialogs == []
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], iframe').length") == 0
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0
        assert page.evaluate(
            "[...document.querySelectorAll('script')].filter(s => s.textContent.includes('pwned')).length") == 0
        assert page.evaluate(
            "[...document.querySelectorAll('a[href]')].filter(a => a.href.includes('evil')).length") == 0
        # the text is shown, as text
        assert "精准脱贫" in page.inner_text("body") or rel == "index.html"
    finally:
        context.close()


@pytest.mark.parametrize("rel", ["620402-白银区/briefing.html", "index.html"])
def test_briefings_load_nothing_from_the_network(project, browser, rel):
    context, page, tried, _ = _load_offline(browser, project / "output" / rel)
    context.close()
    assert tried == []
    html = (project / "output" / rel).read_text(encoding="utf-8")
    for needle in ("cdn.", "require.js", "mathjax", "fonts.googleapis"):
        assert needle not in html.lower()


@pytest.mark.parametrize("region", ["../../x", "/etc/passwd", "x\x00y", "好" * 300, "620402/../../.."])
def test_region_arguments_cannot_leave_output(project, region, capsys):
    before = sorted(p.name for p in project.iterdir())
    assert main(["render", region, "--root", str(project)]) != 0
    assert sorted(p.name for p in project.iterdir()) == before
    assert not (project.parent / "x").exists()
