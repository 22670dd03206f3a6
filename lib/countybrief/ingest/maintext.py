"""Main text of an HTML page: readability-lxml chooses the blocks, our walker gives the text.

readability-lxml (``Document(html).summary()``) is good at telling an article's body from
page chrome (menus, breadcrumbs, related links, footers) and needs no language data, so it
works on Chinese government and news pages. But it re-parses and rewrites the page, so its
output has no offsets into the raw HTML, and every normalised character must keep one
(``NormalisedText.origin``). So the two are combined: the walker in ``html.py`` makes the
text and its offsets, readability's summary (run through the same walker) says which of the
walker's lines are main content, matched line by line on their text. Kept besides: the page
title and headings, and the lines a ``keep`` predicate accepts (date, source and byline
lines the metadata reader needs), and lines between two main-content lines. Whenever
readability fails, finds nothing, misses the longest paragraph of the page or leaves out
much of its prose, the walker's whole text is used, as before.
"""

from __future__ import annotations

import logging
import re
from difflib import SequenceMatcher
from typing import Callable

from .html import html_to_text

#: Pages larger than this are not given to readability (slow on huge pages): walker only.
MAX_LIBRARY_CHARS = 1_000_000
#: Main content shorter than this (non-space characters) is taken as "found nothing".
MIN_MAIN_CHARS = 20
#: A line with a sentence end and at least this many characters is prose (article text).
MIN_PROSE_CHARS = 15

_SPACE = re.compile(r"\s+")
_TITLE_OR_HEADING = re.compile(r"<(title|h[12])\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
_PROSE = re.compile("[。！？；]")

logging.getLogger("readability").addHandler(logging.NullHandler())  # it logs its own failures


def _key(line: str) -> str:
    return _SPACE.sub("", line)


def _lines(text: str) -> list[tuple[int, int, str]]:
    """``(start, end incl. newline, key)`` of each non-blank line of walker output."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        key = _key(line)
        if key:
            out.append((pos, pos + len(line), key))
        pos += len(line)
    return out


def _summary_keys(source: str) -> list[str] | None:
    try:
        from readability import Document

        summary = Document(source).summary(html_partial=True)
    except Exception:  # noqa: BLE001 - any failure of the library means: use the walker
        return None
    return [key for _, _, key in _lines(html_to_text(summary)[0])]


def _main_lines(keys: list[str], summary: list[str]) -> set[int]:
    """Indices of ``keys`` (page lines) that the summary's lines match."""
    kept: set[int] = set()
    matcher = SequenceMatcher(None, keys, summary, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            kept.update(range(i1, i2))
        elif op == "replace":  # lines split or joined differently: match on text
            joined = "".join(summary[j1:j2])
            for i in range(i1, i2):
                covered = sum(len(s) for s in summary[j1:j2] if len(s) >= 4 and s in keys[i])
                if keys[i] in joined or covered * 2 >= len(keys[i]):
                    kept.add(i)
    return kept


def _heading_keys(source: str) -> set[str]:
    return {_key(html_to_text(m.group(2))[0]) for m in _TITLE_OR_HEADING.finditer(source)} - {""}


def main_text(source: str, keep: Callable[[str], bool] | None = None) -> tuple[str, list[int]]:
    """Main text of an HTML page and ``origin[i]`` = source offset of ``text[i]``.

    The walker's lines (``html_to_text``) that readability-lxml takes for the article body,
    plus the title, h1/h2 headings and the lines ``keep`` accepts; the walker's whole text
    when the library fails or finds no main content.
    """
    text, origin = html_to_text(source)
    if len(source) > MAX_LIBRARY_CHARS:
        return text, origin
    summary = _summary_keys(source)
    if not summary:
        return text, origin
    lines = _lines(text)
    keys = [key for _, _, key in lines]
    main = _main_lines(keys, summary)
    if sum(len(keys[i]) for i in main) < MIN_MAIN_CHARS:
        return text, origin
    # Lines readability left out between two of its lines (a table or a short block in a
    # sibling element) are the article's too: recall first, boilerplate.py drops the chrome.
    main = set(range(min(main), max(main) + 1))
    prose = [i for i, key in enumerate(keys) if _PROSE.search(key) and len(key) >= MIN_PROSE_CHARS]
    left_out = sum(len(keys[i]) for i in prose if i not in main)
    if prose and (max(prose, key=lambda i: len(keys[i])) not in main
                  or left_out * 2 > sum(len(keys[i]) for i in prose if i in main)):
        return text, origin  # the library chose the wrong block, or only part of the article
    headings = _heading_keys(source)
    out: list[str] = []
    out_origin: list[int] = []
    for i, (start, end, key) in enumerate(lines):
        if i in main or key in headings or (keep is not None and keep(text[start:end].strip())):
            out.append(text[start:end])
            out_origin.extend(origin[start:end])
    return "".join(out), out_origin
