"""HTML to plain text, keeping for every output character its offset in the HTML source.

``maintext`` keeps only the main-content lines of this text (readability-lxml chooses them).
"""

from __future__ import annotations

import html
import re

#: Elements whose whole content is dropped (code, styling, navigation chrome).
DROP_ELEMENTS = frozenset(
    "script style noscript template nav aside form iframe svg button select option "
    "textarea object embed canvas menu map head-meta".split()
)
#: Elements that end a line of text.
BLOCK_ELEMENTS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table tbody thead tfoot section article header "
    "footer main blockquote pre hr title dd dt dl figcaption figure caption center address".split()
)

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<![^>]*>"  # doctype
    r"|<\?[^>]*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"  # tag
    r"|&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?",  # entity
    re.S,
)
_WS = re.compile(r"[ \t\r\n\f\v]+")


def html_to_text(source: str) -> tuple[str, list[int]]:
    """Visible text of an HTML document and ``origin[i]`` = source offset of ``text[i]``.

    Scripts, styles and navigation-like elements are dropped; block elements become line
    breaks; entities are decoded; runs of whitespace become one space.
    """
    out: list[str] = []
    origin: list[int] = []
    drop_stack: list[str] = []
    pos = 0

    def emit_text(start: int, end: int) -> None:
        if drop_stack or start >= end:
            return
        chunk = source[start:end]
        i = start
        for m in _WS.finditer(chunk):
            s, e = m.start() + start, m.end() + start
            if s > i:
                out.append(source[i:s])
                origin.extend(range(i, s))
            if not out or out[-1][-1:] not in (" ", "\n"):
                out.append(" ")
                origin.append(s)
            i = e
        if end > i:
            out.append(source[i:end])
            origin.extend(range(i, end))

    def newline(at: int) -> None:
        if drop_stack:
            return
        while out and out[-1] == " ":
            out.pop()
            origin.pop()
        if out and out[-1] != "\n":
            out.append("\n")
            origin.append(at)

    for m in _TOKEN.finditer(source):
        emit_text(pos, m.start())
        pos = m.end()
        tok = m.group(0)
        if tok.startswith("&"):
            if not drop_stack:
                decoded = html.unescape(tok)
                decoded = decoded.replace("\xa0", " ")
                out.append(decoded)
                origin.extend([m.start()] * len(decoded))
            continue
        name = (m.group(2) or "").lower()
        if not name:
            continue
        closing = m.group(1) == "/"
        self_closing = tok.endswith("/>")
        if name in DROP_ELEMENTS:
            if closing:
                if name in drop_stack:
                    while drop_stack and drop_stack.pop() != name:
                        pass
            elif not self_closing:
                drop_stack.append(name)
            continue
        if name in BLOCK_ELEMENTS:
            newline(m.start())
    emit_text(pos, len(source))
    newline(len(source) - 1 if source else 0)
    text = "".join(out)
    # ``out`` pieces may be multi-character strings; origin was extended per character.
    assert len(text) == len(origin)
    return text, origin
