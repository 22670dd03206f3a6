"""Extract: documents, regions and attributed figures from articles.

Public API: ``extract_article``, ``gazetteer`` (``get_gazetteer()``), ``UnknownRegionError``.
"""

from . import gazetteer
from .pipeline import extract_article
from .regions import UnknownRegionError

__all__ = ["UnknownRegionError", "extract_article", "gazetteer"]
