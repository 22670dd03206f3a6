"""Document-level metadata: id, title, date, outlet, people, data-quality notes."""

from __future__ import annotations

import hashlib

from ..model import Document, NormalisedText, RawArticle, RegionRef


def doc_id(norm: NormalisedText) -> str:
    """sha1 of the normalised text: the same article ingested twice has one id."""
    return hashlib.sha1(norm.text.encode("utf-8")).hexdigest()


def build_document(article: RawArticle, norm: NormalisedText, primary: RegionRef | None,
                   issues: list[str]) -> Document:
    """The ``Document`` record of an article (metadata captured during normalisation)."""
    meta = norm.metadata
    return Document(
        doc_id=doc_id(norm), doc=article.name, path=article.path,
        title=meta.get("title"), published=meta.get("published"), outlet=meta.get("outlet"),
        author=meta.get("author"), editor=meta.get("editor"), encoding=article.encoding,
        region=primary.name if primary else None, adcode=primary.adcode if primary else None,
        text=norm.text, issues=issues, restorations=list(norm.restorations), masked=list(norm.masked),
    )


def publication_year(norm: NormalisedText) -> int | None:
    """Year of the publication date, when the article states one."""
    published = norm.metadata.get("published")
    return int(published[:4]) if published else None
