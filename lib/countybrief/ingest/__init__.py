"""Ingest: find article files, decode them, normalise their text (offsets kept).

Public API: ``scan_articles``, ``iter_article_paths``, ``read_article``, ``normalise``, ``MAX_ARTICLE_BYTES``.
"""

from .normalise import normalise
from .readers import MAX_ARTICLE_BYTES, read_article
from .scan import ArticleScan, iter_article_paths, scan_articles

__all__ = ["MAX_ARTICLE_BYTES", "ArticleScan", "iter_article_paths", "normalise", "read_article",
           "scan_articles"]
