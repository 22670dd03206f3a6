"""Ingest: find article files, decode them, normalise their text (offsets kept).

Public API: ``iter_article_paths``, ``read_article``, ``normalise``, ``MAX_ARTICLE_BYTES``.
"""

from .normalise import normalise
from .readers import MAX_ARTICLE_BYTES, iter_article_paths, read_article

__all__ = ["MAX_ARTICLE_BYTES", "iter_article_paths", "normalise", "read_article"]
