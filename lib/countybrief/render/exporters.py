"""nbconvert exporters for executed briefings: a self-contained HTML page and an A4 PDF.

Registered as the ``briefing_html`` and ``briefing_pdf`` nbconvert exporters::

    jupyter nbconvert --to briefing_pdf output/620402-白银区/briefing.ipynb

The HTML uses the ``briefing`` template (``templates/briefing/``): no code, no prompts,
images embedded, nothing loaded from the network. The PDF is that HTML printed by
the system Chromium (see ``browser``), so Chinese text stays real, selectable text.

Two passes over the exported page make that hold for charts and component CSS:

- **Charts inline.** A chart embedded as ``<img src="data:image/svg+xml;base64,...">`` is
  printed by Chromium as an image: its text is still drawn as glyphs, but the PDF maps
  each glyph back to a character through the font's cmap alone, and Noto Sans CJK maps
  one glyph from both an ideograph and its Kangxi radical (人 U+4EBA and ⼈ U+2F08), so
  ``pdftotext`` read chart labels as radicals (and lost their digits). Text of the page
  itself keeps its characters, so matplotlib SVGs are written into the page as inline
  ``<svg>`` (``inline_svg_charts``): same look, text selectable and searchable in the
  PDF and the HTML. Only SVGs made of plain drawing elements are inlined (no script,
  no event attributes, no external links); anything else stays an image.
- **Component CSS unescaped.** The notebook emits its CSS through an autoescaping
  Jinja macro: ``[lang="en"]``, quoted font names and ``>`` arrived as ``&#34;``/``&gt;``,
  which CSS does not decode, so those rules were dropped (``unescape_styles``).
"""

from __future__ import annotations

import base64
import binascii
import copy
import html as _html
import os
import re
import shutil
import xml.etree.ElementTree as ET
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


_SVG_IMG = re.compile(r'<img\b(?P<attrs>[^>]*?)\ssrc="data:image/svg\+xml;base64,(?P<data>[A-Za-z0-9+/=\s]+)"'
                      r'(?P<rest>[^>]*)>')
_ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')
_XML_PROLOG = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>\[]*>\s*)?", re.S)
#: Elements a matplotlib SVG is made of; an SVG with any other element stays an ``<img>``.
_SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "style", "path", "use", "clipPath", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "title", "desc", "metadata", "linearGradient",
    "radialGradient", "stop", "pattern", "mask", "marker", "symbol", "image",
    "RDF", "Work", "Agent", "type", "format", "creator", "date", "description", "publisher",
    "rights", "language", "contributor", "source", "subject",
})
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
_ESCAPED = re.compile(r"&(?:#34|#39|quot|gt|lt|amp);")
_SVG_NS = "{http://www.w3.org/2000/svg}"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _safe_svg(svg: str) -> bool:
    """True when ``svg`` is a well-formed SVG of drawing elements only: no script or
    foreign content, no event attributes, links only to its own ids or embedded PNGs."""
    if "<!ENTITY" in svg or len(svg) > 8_000_000:
        return False
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return False
    if root.tag != _SVG_NS + "svg":
        return False
    for el in root.iter():
        if not isinstance(el.tag, str) or _local(el.tag) not in _SVG_ELEMENTS:
            return False
        for name, value in el.attrib.items():
            local = _local(name).lower()
            if local.startswith("on"):
                return False
            if local == "href" and not (value.startswith("#")
                                        or value.startswith("data:image/png;base64,")):
                return False
            if re.search(r"url\(\s*['\"]?\s*(?!#)", value) or "javascript:" in value.lower():
                return False
        if _local(el.tag) == "style" and re.search(r"@import|url\(\s*['\"]?\s*(?!#)|</",
                                                   el.text or ""):
            return False
    return True


def _inline_svg(svg: str, attrs: dict[str, str], prefix: str) -> str:
    """The SVG document ``svg`` as inline ``<svg>`` markup for an HTML page: no XML prolog
    or metadata, ids prefixed (every chart has its own ``clip-path`` ids), the image's
    ``alt`` as its accessible name, its ``width`` kept and its height from the viewBox."""
    body = _XML_PROLOG.sub("", svg, count=1)
    body = re.sub(r"\s*<metadata>.*?</metadata>", "", body, count=1, flags=re.S)
    referenced = set(re.findall(r'url\(#([^)\s]+)\)', body)) | set(re.findall(r'href="#([^"]+)"', body))
    body = re.sub(r'\sid="([^"]*)"',
                  lambda m: f' id="{prefix}{m.group(1)}"' if m.group(1) in referenced else "", body)
    body = re.sub(r'url\(#([^)\s]+)\)', lambda m: f"url(#{prefix}{m.group(1)})", body)
    body = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', body)
    # matplotlib's one style rule ("*{stroke-linejoin: round; ...}") kept to this chart
    body = re.sub(r"(<style[^>]*>)\s*\*\s*\{", r"\1svg.cb-chart *{", body)
    open_tag = re.match(r"<svg\b[^>]*>", body)
    if open_tag is None:
        return ""
    tag = open_tag.group(0)
    tag = re.sub(r'\s(?:width|height)="[^"]*"', "", tag)
    alt = attrs.get("alt", "")
    width = attrs.get("width", "")
    extra = ' class="cb-chart" role="img"'
    if alt:
        extra += f' aria-label="{alt}"'
    if width.isdigit():
        extra += f' width="{width}"'
    extra += ' style="max-width:100%;height:auto"'
    tag = tag[:-1].rstrip("/") + extra + ">"
    title = f"<title>{alt}</title>" if alt else ""
    return tag + title + body[open_tag.end():].strip()


def inline_svg_charts(html: str) -> str:
    """Every ``<img>`` of an embedded SVG written into the page as inline ``<svg>`` (see the
    module docstring: chart text then prints as its own characters); SVGs that are not
    plain drawings stay images."""
    count = 0

    def replace(m: re.Match) -> str:
        nonlocal count
        try:
            svg = base64.b64decode(m.group("data"), validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return m.group(0)
        if not _safe_svg(svg):
            return m.group(0)
        attrs = dict(_ATTR.findall(" " + m.group("attrs") + " " + m.group("rest")))
        count += 1
        inline = _inline_svg(svg, attrs, f"cb{count}-")
        return inline or m.group(0)

    return _SVG_IMG.sub(replace, html)


def unescape_styles(html: str) -> str:
    """``<style>`` blocks that went through HTML escaping (``&#34;``, ``&gt;`` ... and not
    one raw quote or bracket) back to the CSS they were: a style element's text is raw
    text, never entity-decoded, so ``[lang=&#34;en&#34;]`` matched nothing."""
    def fix(m: re.Match) -> str:
        css = m.group(2)
        if not _ESCAPED.search(css) or re.search(r"[\"'<>]", css):
            return m.group(0)
        plain = _html.unescape(css)
        if re.search(r"</style|<!--", plain, re.I):
            return m.group(0)
        return m.group(1) + plain + m.group(3)

    return _STYLE_BLOCK.sub(fix, html)


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
        html = unescape_styles(inline_svg_charts(html))
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
