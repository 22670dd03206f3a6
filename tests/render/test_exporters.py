import re
import subprocess

import nbformat
import papermill
import pytest
from nbconvert.exporters import get_exporter

from countybrief.errors import RenderError
from countybrief.render.browser import BrowserPool, find_chromium
from countybrief.render.exporters import BriefingHTMLExporter, BriefingPDFExporter

from .conftest import needs_chromium, needs_poppler

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _execute(src, out, store_dir, cwd):
    """The template ``src`` run by papermill for 白银区 on the test store."""
    papermill.execute_notebook(
        str(src), str(out), kernel_name="python3", cwd=str(cwd),
        progress_bar=False, parameters={"region": "白银区", "adcode": "620402",
                                        "data_dir": str(store_dir), "raw_dir": "/nonexistent"},
    )
    return nbformat.read(out, as_version=4)


@pytest.fixture(scope="module")
def executed(store_dir, template, tmp_path_factory):
    return _execute(template, tmp_path_factory.mktemp("exec") / "briefing.ipynb", store_dir,
                    template.parent)


def test_template_is_stored_clean(template):
    nb = nbformat.read(template, as_version=4)
    assert "parameters" in nb.cells[0].metadata.get("tags", [])
    assert all(c.get("outputs", []) == [] and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")


def test_entry_points_registered():
    assert get_exporter("briefing_html") is BriefingHTMLExporter
    assert get_exporter("briefing_pdf") is BriefingPDFExporter


def test_html_has_outputs_only_and_loads_nothing(executed):
    html, resources = BriefingHTMLExporter().from_notebook_node(executed)
    assert "白银区 脱贫攻坚简报" in html and "甘肃省 · 白银市 · 白银区" in html
    assert "<title>白银区 脱贫攻坚简报</title>" in html and 'lang="zh"' in html
    assert "from countybrief" not in html and "Briefing.load" not in html
    assert "In&nbsp;[" not in html and "In [" not in html
    assert not re.search(r"class=\"[^\"]*jp-(InputPrompt|InputArea|OutputPrompt)", html)
    assert not EXTERNAL.findall(html), EXTERNAL.findall(html)
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert "<script" not in html
    assert "data:image/svg+xml" not in html  # charts, where figures compare, as inline SVG
    assert "1,012人" in html and "数据质量" in html


def test_missing_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("COUNTYBRIEF_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(RenderError, match="apt-get install chromium"):
        find_chromium()
    monkeypatch.delenv("COUNTYBRIEF_CHROMIUM")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RenderError, match="apt-get install chromium"):
        find_chromium()


@needs_chromium
@needs_poppler
def test_pdf_is_a4_with_real_embedded_chinese_text(executed, tmp_path):
    with BrowserPool() as pool:
        pdf, resources = BriefingPDFExporter(pool=pool).from_notebook_node(executed)
        BriefingPDFExporter(pool=pool).from_notebook_node(executed)
        assert pool.launches == 1  # one browser for every PDF
    assert resources["output_extension"] == ".pdf" and pdf[:5] == b"%PDF-"
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)", info), info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "白银区" in text and "甘肃省" in text and "数据质量" in text
    assert re.search(r"第\s*1\s*/\s*\d+\s*页", text), "page numbers missing from the footer"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts
    for row in fonts:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"


# --- issue 12: chart text, English CSS, a user's Markdown cell ------------------------------

KANGXI = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")  # CJK radicals supplement, Kangxi radicals


def _pdftotext(pdf: bytes, tmp_path, name: str = "x.pdf", *args: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _html_notebook(*htmls: str, lang: str = "zh"):
    """An executed-looking notebook whose cells show ``htmls`` (as briefing sections do)."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    cells = [new_code_cell("display()", outputs=[new_output("display_data", data={"text/html": h})])
             for h in htmls]
    nb = new_notebook(cells=cells)
    nb.metadata["papermill"] = {"parameters": {"region": "测试区", "lang": lang}}
    return nb


def _chart_html(labels, title, key="k"):
    from matplotlib.figure import Figure

    from countybrief.briefing import charts, theme

    theme.apply_theme()
    fig = Figure(figsize=(4, 1.8))
    ax = fig.subplots()
    ax.barh(labels, list(range(1, len(labels) + 1)))
    ax.set_title(title)
    return charts.figure_html(charts.Chart(key, title, fig))


def test_charts_are_inline_svg_with_their_own_ids():
    from countybrief.render.exporters import inline_svg_charts

    page = _chart_html(["户数", "资金"], "标题 <1> & “引号”", "a") + _chart_html(["人口"], "二", "b")
    html = inline_svg_charts(page)
    assert "data:image/svg+xml" not in html and html.count("<svg") == 2
    assert "<?xml" not in html and "<!DOCTYPE" not in html and "<metadata" not in html
    assert 'aria-label="标题 &lt;1&gt; &amp; “引号”"' in html and "<title>二</title>" in html
    assert ">户数</text>" in html and ">人口</text>" in html  # text, not outlines
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert ids and len(ids) == len(set(ids)), "ids repeat between charts"
    assert all(i.startswith(("cb1-", "cb2-")) for i in ids)
    for ref in re.findall(r"url\(#([^)]+)\)", html):
        assert ref in ids
    assert "svg.cb-chart *{" in html and "<style type=\"text/css\">*{" not in html
    assert html.count('width="384"') == 2  # 4 in at 96 px an inch: shown at the size drawn


@pytest.mark.parametrize("bad", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<image xlink:href="http://example.com/x.png"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://x/y.css";</style></svg>',
    "<svg not xml",
])
def test_svg_that_is_not_a_plain_drawing_stays_an_image(bad):
    import base64

    from countybrief.render.exporters import inline_svg_charts

    img = f'<img src="data:image/svg+xml;base64,{base64.b64encode(bad.encode()).decode()}" alt="x">'
    assert inline_svg_charts(img) == img


@needs_chromium
@needs_poppler
def test_chart_labels_print_as_their_own_characters(tmp_path):
    """pdftotext reads chart labels as the characters shown (人, not the radical ⼈)."""
    nb = _html_notebook('<section class="cb-section" lang="zh-CN"><p>正文</p>'
                        + _chart_html(["户数 资金", "人口 投入"], "金额与人数 2019")
                        + "</section>")
    with BrowserPool() as pool:
        pdf, _ = BriefingPDFExporter(pool=pool).from_notebook_node(nb)
    text = _pdftotext(pdf, tmp_path)
    assert not KANGXI.search(text), KANGXI.findall(text)
    for label in ("户数 资金", "人口 投入", "金额与人数", "2019"):
        assert label in text, (label, text)


@needs_chromium
@needs_poppler
def test_briefing_pdf_chart_text_is_searchable(executed, tmp_path):
    """The briefing's own charts (if the sample has any) and one added: every chart text
    is found in the PDF as written."""
    import copy

    from nbformat.v4 import new_code_cell, new_output

    executed = copy.deepcopy(executed)
    executed.cells.append(new_code_cell("chart", outputs=[new_output(
        "display_data", data={"text/html": _chart_html(["扶贫资金", "贫困户数"], "投入与人口")})]))
    html, _ = BriefingHTMLExporter().from_notebook_node(executed)
    assert "<svg" in html and "data:image/svg+xml" not in html
    charts_text = re.findall(r"<text\b[^>]*>([^<]+)</text>", html)
    assert charts_text
    with BrowserPool() as pool:
        pdf, _ = BriefingPDFExporter(pool=pool).from_notebook_node(executed)
    text = _pdftotext(pdf, tmp_path)
    assert not KANGXI.search(text), KANGXI.findall(text)
    for label in charts_text:
        assert label.strip() in text, label


def _styles(html: str) -> str:
    return "\n".join(re.findall(r"<style\b[^>]*>(.*?)</style>", html, re.S))


def test_component_css_reaches_the_page_unescaped(executed):
    from countybrief.briefing.sections import stylesheet
    from countybrief.briefing.text import data_path

    css = data_path("briefing.css").read_text(encoding="utf-8")
    # rules written so that HTML escaping leaves them as they are (see the head of
    # briefing.css), so they also apply in JupyterLab; comments may say what they like
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"[\"'<>&]", rules), re.findall(r".{0,30}[\"'<>&].{0,10}", rules)
    html, _ = BriefingHTMLExporter().from_notebook_node(executed)
    styles = _styles(html)
    assert "&#34;" not in styles and "&#39;" not in styles and "&gt;" not in styles
    assert ".cb-header[lang=en], .cb-section[lang=en]" in styles
    assert ".cb-headline[lang=en] .cb-card-value" in styles
    # and if a stylesheet ever goes through HTML escaping (as it once did), the exporter
    # takes it back
    from markupsafe import escape

    assert stylesheet().startswith('<style type="text/css">')
    escaped = ('<style type="text/css">' + str(escape(css.replace("[lang=en]", '[lang="en"]')))
               + "</style>")
    html, _ = BriefingHTMLExporter().from_notebook_node(_html_notebook(escaped))
    assert '.cb-header[lang="en"]' in _styles(html) and "&#34;" not in _styles(html)


def test_unescape_styles_leaves_real_css_and_never_opens_the_element():
    from countybrief.render.exporters import unescape_styles

    plain = '<style>a[title="x"] > b { content: "&gt;" }</style>'
    assert unescape_styles(plain) == plain  # raw quotes: never escaped, left as is
    sneaky = "<style>a{} &lt;/style&gt;&lt;script&gt;x()&lt;/script&gt;</style>"
    assert unescape_styles(sneaky) == sneaky
    assert unescape_styles("<style>p[lang=&#34;en&#34;]{}</style>") == '<style>p[lang="en"]{}</style>'


@needs_chromium
@needs_poppler
def test_english_only_rule_applies_in_print(tmp_path):
    """``.cb-headline[lang=en] .cb-card-value`` sets English card values smaller (1.3em
    against 1.55em): measured on the printed words."""
    from countybrief.briefing.sections import stylesheet

    card = ('<section class="cb-section cb-headline" lang="{lang}"><div class="cb-card">'
            '<div class="cb-card-value">{word}</div></div></section>')
    nb = _html_notebook(stylesheet() + card.format(lang="zh-CN", word="ZHVALUE")
                        + card.format(lang="en", word="ENVALUE"), lang="en")
    with BrowserPool() as pool:
        pdf, _ = BriefingPDFExporter(pool=pool).from_notebook_node(nb)
    bbox = _pdftotext(pdf, tmp_path, "b.pdf", "-bbox")
    height = {}
    for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(ZHVALUE|ENVALUE)<', bbox):
        height[m.group(3)] = float(m.group(2)) - float(m.group(1))
    assert set(height) == {"ZHVALUE", "ENVALUE"}, bbox
    assert height["ENVALUE"] / height["ZHVALUE"] == pytest.approx(1.3 / 1.55, abs=0.04)


@pytest.fixture(scope="module")
def executed_with_note(store_dir, template, tmp_path_factory):
    """The template with a Markdown cell a user added, executed."""
    from nbformat.v4 import new_markdown_cell

    nb = nbformat.read(template, as_version=4)
    nb.cells.insert(3, new_markdown_cell("## 我的备注 My note\n\n用户自己写的说明文字。"))
    folder = tmp_path_factory.mktemp("note")
    src, out = folder / "template.ipynb", folder / "briefing.ipynb"
    nbformat.write(nb, src)
    return _execute(src, out, store_dir, template.parent)


def test_users_markdown_cell_shows_in_html_and_code_does_not(executed_with_note):
    html, _ = BriefingHTMLExporter().from_notebook_node(executed_with_note)
    assert re.search(r"<h2[^>]*>我的备注 My note</h2>", html) and "用户自己写的说明文字" in html
    cell = re.search(r'<div[^>]*class="jp-Cell jp-MarkdownCell[^"]*"', html)
    assert cell
    css = _styles(html)
    # nothing hides a Markdown cell's wrapper; code cells' inputs stay hidden
    for rule in re.findall(r"([^{}]+)\{[^{}]*display:\s*none", css):
        for selector in rule.split(","):
            selector = selector.strip()
            if "jp-Cell-inputWrapper" in selector or "jp-InputArea" in selector:
                assert "jp-CodeCell" in selector, selector
    assert "from countybrief" not in html and "briefing.headline()" not in html


@needs_chromium
@needs_poppler
def test_users_markdown_cell_shows_in_pdf(executed_with_note, tmp_path):
    with BrowserPool() as pool:
        pdf, _ = BriefingPDFExporter(pool=pool).from_notebook_node(executed_with_note)
    text = _pdftotext(pdf, tmp_path)
    assert "我的备注 My note" in text and "用户自己写的说明文字" in text
    assert "白银区" in text
    assert "briefing.headline()" not in text and "from countybrief" not in text
    assert "import" not in text
