"""The main job on the bundled sample: `countybrief build` into a temporary folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: region slug -> a figure its briefing must show (as printed in the PDF, spaces removed)
EXPECTED = {
    "620402-白银区": ("白银区", "1.32%"),
    "340402-大通区": ("大通区", "561"),
    "621202-武都区": ("武都区", "9716"),
    "220800-白城市": ("白城市", "5.3亿"),
    "621002-西峰区": ("西峰区", "1.15亿"),
    "220822-通榆县": ("通榆县", "5222"),
}

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext missing: run scripts/setup.sh (installs poppler-utils)")
    work = tmp_path_factory.mktemp("build")
    cmd = [sys.executable, "-m", "countybrief.cli", "build", "--root", str(ROOT),
           "--data", str(work / "extracted"), "--params", str(work / "parameters"),
           "--output", str(work / "output")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return work


def _pdftext(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_briefing_pdf_has_region_and_figure(built, slug):
    name, figure = EXPECTED[slug]
    folder = built / "output" / slug
    assert (folder / "briefing.html").is_file()
    pdf = folder / "briefing.pdf"
    assert pdf.is_file()
    text = _pdftext(pdf)
    assert name in text
    assert figure in text


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_pdf_fonts_all_embedded(built, slug):
    out = subprocess.run(["pdffonts", str(built / "output" / slug / "briefing.pdf")],
                         capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "the PDF has no fonts: text was not rendered as text"
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        cols = row.split()
        assert cols[-5] == "yes", f"font not embedded: {row}"


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_html_has_no_code_and_notebook_reads_plainly(built, slug):
    name, _ = EXPECTED[slug]
    html = (built / "output" / slug / "briefing.html").read_text(encoding="utf-8")
    assert name in html
    assert "import countybrief" not in html and "from countybrief" not in html
    for marker in ('class="jp-InputArea', 'class="jp-InputPrompt', 'jp-CodeMirrorEditor', "In&nbsp;["):
        assert marker not in html, marker
    nb = json.loads((built / "output" / slug / "briefing.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1
    source = "".join(injected[0]["source"])
    assert re.search(rf"region = [\"']{name}[\"']", source), source
    assert "\\u" not in source


def test_index_lists_every_briefing(built):
    index = (built / "output" / "index.html").read_text(encoding="utf-8")
    for slug in EXPECTED:
        assert f"{slug}/briefing.html" in index
        assert f"{slug}/briefing.pdf" in index


def test_parameters_written_per_region(built):
    names = {p.stem for p in (built / "parameters").glob("*.yaml")}
    assert set(EXPECTED) <= names


ENGLISH = {"620402-白银区": "Baiyin", "340402-大通区": "Datong", "621202-武都区": "Wudu",
           "220800-白城市": "Baicheng", "621002-西峰区": "Xifeng", "220822-通榆县": "Tongyu"}


@pytest.mark.parametrize("slug", sorted(ENGLISH))
def test_english_edition_built_beside_chinese(built, slug):
    folder = built / "output" / slug
    text = _pdftext(folder / "briefing.en.pdf")
    assert ENGLISH[slug] in text
    assert EXPECTED[slug][0] in text  # the Chinese name stays beside the pinyin
    assert (folder / "briefing.en.html").is_file()


def test_overview_and_english_index(built):
    out = built / "output"
    for name in ("overview.html", "overview.pdf", "overview.en.html", "overview.en.pdf", "index.en.html"):
        assert (out / name).is_file(), name
    assert "620402-白银区/briefing.en.html" in (out / "index.en.html").read_text(encoding="utf-8")


def _page_of(pdf: Path, marker: str) -> int | None:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        if any(line.startswith(marker) for line in text.splitlines()):
            return page
    return None


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_main_briefing_fits_two_pages_then_the_appendix(built, slug):
    """Up to ~25 figures: first page, then themes and trends; the appendix (every figure,
    the sources, data quality) starts the third page at the latest."""
    page = _page_of(built / "output" / slug / "briefing.pdf", "附录：")
    assert page is not None and page <= 3, page


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_a_source_sentence_is_quoted_once_before_the_appendix(built, slug):
    html = (built / "output" / slug / "briefing.html").read_text(encoding="utf-8")
    main = html[: html.index('id="appendix"')]
    quoted = re.findall(r'<li><span class="cb-measure-theme">[^<]*</span><span lang="zh-CN">(.*?)</span>', main)
    assert quoted and len(quoted) == len(set(quoted))
