"""nbconvert exporters for executed briefings: a self-contained HTML page and an A4 PDF.

Registered as the ``briefing_html`` and ``briefing_pdf`` nbconvert exporters::

    jupyter nbconvert --to briefing_pdf output/620402-白银区/briefing.ipynb

The HTML uses the ``briefing`` template (``templates/briefing/``): no code, no prompts,
images embedded, nothing loaded from the network. The PDF is that HTML printed by
the system Chromium (see ``browser``), so Chinese text stays real, selectable text.
"""

from __future__ import annotations

import copy
import html as _html
import os
import re
import shutil
from importlib import resources as _resources
from typing import Any

from nbconvert.exporters import HTMLExporter
from traitlets import Any as AnyTrait, Dict, Unicode, default

from .browser import BrowserPool, shared_pool

TEMPLATES = str(_resources.files("countybrief.render").joinpath("templates"))

#: Document titles and footer text by briefing language.
_TITLE = {"zh": "{region} 脱贫攻坚简报", "en": "{region}: poverty alleviation briefing"}
_PAGE = {"zh": "第 <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span> 页",
         "en": "Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span>"}
_IMG_NO_ALT = re.compile(r"<img\b(?![^>]*\balt=)([^>]*)>")
_H1 = re.compile(r'<h1 class="cb-title">(.*?)</h1>', re.S)
_FOOTER = (
    '<div style="width:100%;font-size:8px;color:#6b7280;padding:0 14mm;display:flex;'
    'justify-content:space-between;font-family:\'Noto Sans CJK SC\',sans-serif;">'
    "<span>{title}</span><span>{page}</span></div>"
)


def briefing_parameters(nb: Any) -> dict[str, Any]:
    """The parameters papermill injected into an executed briefing (may be empty)."""
    return dict(nb.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {})


def briefing_title(nb: Any) -> str | None:
    """The briefing's title: its ``title`` parameter, else one built from its region."""
    params = briefing_parameters(nb)
    shown = _shown_title(nb)
    if shown:  # the title the briefing itself shows (its edition's language)
        return shown
    if params.get("title"):
        return str(params["title"])
    if params.get("region"):
        lang = "en" if params.get("lang") == "en" else "zh"
        return _TITLE[lang].format(region=params["region"])
    if nb.get("metadata", {}).get("title"):
        return nb["metadata"]["title"]
    return None


def _shown_title(nb: Any) -> str | None:
    """The text of the briefing's ``<h1 class="cb-title">`` in the cell outputs, if any."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            found = _H1.search(str(output.get("data", {}).get("text/html", "")))
            if found:
                return _html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() or None
    return None


class BriefingHTMLExporter(HTMLExporter):
    """HTML briefing: outputs only, images inline, one file with no external resources."""

    export_from_notebook = "Briefing HTML"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "briefing"

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [TEMPLATES, *super()._default_extra_template_basedirs()]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    @default("embed_images")
    def _embed_images_default(self) -> bool:
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self) -> bool:
        return True

    def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[override]
        nb = copy.deepcopy(nb)
        title = briefing_title(nb)
        if title:
            nb.metadata["title"] = title
        lang = briefing_parameters(nb).get("lang")
        self.language_code = "en" if lang == "en" else "zh"
        return self._export(nb, resources, **kw)

    def _export(self, nb, resources=None, **kw):
        """``HTMLExporter.from_notebook_node`` without its closing BeautifulSoup pass, which
        re-parses the whole page (~0.06 CPU s a briefing) to give code cells a tabindex
        (briefings show no code) and images without ``alt`` a placeholder (done here with
        a regular expression; briefing charts carry their title as ``alt``)."""
        from nbconvert.exporters.html import Highlight2HTML, WidgetsDataTypeFilter
        from nbconvert.exporters.templateexporter import TemplateExporter

        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _IMG_NO_ALT.sub(r'<img alt="No description has been provided for this image"\1>',
                               html), resources


class BriefingPDFExporter(BriefingHTMLExporter):
    """A4 PDF briefing printed by headless Chromium, page numbers in the footer."""

    export_from_notebook = "Briefing PDF"
    output_mimetype = "application/pdf"

    chromium = Unicode(
        help="Chromium executable (default: $COUNTYBRIEF_CHROMIUM, else chromium, "
        "chromium-browser or google-chrome on PATH)."
    ).tag(config=True)
    paper_format = Unicode("A4", help="Paper size passed to Chromium.").tag(config=True)
    margin = Dict(
        {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
        help="Page margins passed to Chromium.",
    ).tag(config=True)
    pool = AnyTrait(None, allow_none=True,
                    help="A BrowserPool to print with; default: the process-wide pool.")

    @default("chromium")
    def _chromium_default(self) -> str:
        env = os.environ.get("COUNTYBRIEF_CHROMIUM")
        if env:
            return env
        for name in ("chromium", "chromium-browser", "google-chrome"):
            path = shutil.which(name)
            if path:
                return path
        return ""

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"

    def _pool(self) -> BrowserPool:
        if self.pool is not None:
            return self.pool
        return shared_pool(self.chromium or None)

    def pdf_options(self, title: str | None, lang: str) -> dict[str, Any]:
        """Arguments for ``page.pdf``: paper, margins and the page-number footer."""
        footer = _FOOTER.format(title=_html.escape(title or ""), page=_PAGE[lang])
        return {
            "format": self.paper_format,
            "print_background": True,
            "display_header_footer": True,
            "header_template": "<span></span>",
            "footer_template": footer,
            "margin": dict(self.margin),
            "prefer_css_page_size": False,
        }

    def print_html(self, html: str, nb) -> bytes:
        """The PDF of ``html``, the briefing HTML of ``nb`` already exported (the HTML
        exporter's output is the page this exporter prints: exported once, not twice)."""
        lang = "en" if briefing_parameters(nb).get("lang") == "en" else "zh"
        return self._pool().print_pdf(html, **self.pdf_options(briefing_title(nb), lang))

    def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[override]
        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        pdf = self.print_html(html, nb)
        resources["output_extension"] = ".pdf"
        return pdf, resources
