"""Document-level metadata: id, title, date, outlet, people, data-quality notes."""

from __future__ import annotations

import hashlib
import re

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


_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def reference_year(norm: NormalisedText, review_cue: re.Pattern[str], lines: int = 3,
                   months: int = 3) -> int | None:
    """The year "今年" means in this article: the publication year, except for a
    year-in-review (title or one of the first ``lines`` lines names a single year Y next to
    a ``review_cue`` such as 回眸/总结, and the article was published in the first
    ``months`` months of Y+1, or is undated): then Y."""
    pub = publication_year(norm)
    published = norm.metadata.get("published")
    head = [norm.metadata.get("title") or ""]
    head += [ln for ln in norm.text[:2000].split("\n", lines + 1)[:lines]]
    for line in head:
        if not line or not review_cue.search(line):
            continue
        years = {int(y) for y in _FOUR_DIGIT_YEAR.findall(line)}
        if len(years) != 1:
            continue
        (y,) = years
        if pub is None:
            return y
        if y == pub - 1 and published and int(published[5:7]) <= months:
            return y
    return pub
