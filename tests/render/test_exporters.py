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


@pytest.fixture(scope="module")
def executed(store_dir, template, tmp_path_factory):
    out = tmp_path_factory.mktemp("exec") / "briefing.ipynb"
    papermill.execute_notebook(
        str(template), str(out), kernel_name="python3", cwd=str(template.parent),
        progress_bar=False, parameters={"region": "白银区", "adcode": "620402",
                                        "data_dir": str(store_dir), "raw_dir": "/nonexistent"},
    )
    return nbformat.read(out, as_version=4)


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
    assert html.count("data:image/svg+xml;base64,") >= 1  # charts only where figures compare
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
