"""Figures in tables: a year per row, an indicator and unit per column.

Markdown pipe tables (and the pipe rows a page's table turns into) state figures without
the words around them: "| 年份 | 脱贫人口（人） | 贫困发生率 |" over "| 2016 | 6120 | 18.6% |".
Each cell is read as the sentence its column header and its value make ("脱贫人口6120人"),
so the same indicator cues apply; the row's year cell gives the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .indicators import Assignment, assign_indicators
from .numbers import Figure, find_figures

_ROW = re.compile(r"^[ \t]*\|(?P<cells>.*\|)[ \t]*$", re.M)
_RULE = re.compile(r"^[\s|:\-—]+$")
_YEAR_HEADER = re.compile(r"^(?:年份|年度|年|时间|年 份)$")
_YEAR_CELL = re.compile(r"^(?P<y>(?:19|20)\d{2})\s*年?(?:度|底|末)?$")
_HEADER_UNIT = re.compile(r"[（(](?P<unit>[^()（）]{1,6})[)）]\s*$")
_NUMBER_CELL = re.compile(r"^[\d.,，]+\s*(?P<unit>%|％|[^\d\s]{0,4})$")


@dataclass
class TableFigure:
    figure: Figure  # offsets into the text
    assignment: Assignment
    year: int | None
    row: tuple[int, int]  # the row's line in the text


def _cells(text: str, m: re.Match[str]) -> list[tuple[int, int]]:
    """(start, end) of each cell's stripped content."""
    out, pos = [], m.start("cells")
    for part in m.group("cells").split("|")[:-1]:
        lead = len(part) - len(part.lstrip())
        content = part.strip()
        out.append((pos + lead, pos + lead + len(content)))
        pos += len(part) + 1
    return out


def table_figures(text: str) -> list[TableFigure]:
    """Figures of every pipe table in ``text`` that has a year column and cue-bearing headers."""
    rows = list(_ROW.finditer(text))
    out: list[TableFigure] = []
    i = 0
    while i < len(rows):
        block = [rows[i]]
        while i + 1 < len(rows) and rows[i + 1].start() == block[-1].end() + 1:
            i += 1
            block.append(rows[i])
        i += 1
        header = [text[a:b] for a, b in _cells(text, block[0])]
        body = [r for r in block[1:] if not _RULE.match(r.group("cells"))]
        year_col = next((k for k, h in enumerate(header) if _YEAR_HEADER.match(h.replace(" ", ""))), None)
        if year_col is None or not body:
            continue
        for r in body:
            cells = _cells(text, r)
            if len(cells) != len(header):
                continue
            ym = _YEAR_CELL.match(text[cells[year_col][0]:cells[year_col][1]])
            year = int(ym.group("y")) if ym else None
            for k, (a, b) in enumerate(cells):
                if k == year_col:
                    continue
                found = _cell_figure(header[k], text, a, b)
                if found is not None:
                    out.append(TableFigure(found[0], found[1], year, (r.start(), r.end())))
    return out


def _cell_figure(header: str, text: str, a: int, b: int) -> tuple[Figure, Assignment] | None:
    value = text[a:b]
    m = _NUMBER_CELL.match(value)
    if m is None:
        return None
    hu = _HEADER_UNIT.search(header)
    label = header[:hu.start()].strip() if hu else header.strip()
    unit = m.group("unit") or (hu.group("unit") if hu else "")
    if not unit and label.endswith("率"):
        unit = "%"
    number = value[:len(value) - len(m.group("unit"))].strip().replace(",", "").replace("，", "")
    sentence = f"{label}{number}{unit}"
    figures = [f for f in find_figures(sentence) if f.start == len(label)]
    if len(figures) != 1:
        return None
    (fig,) = figures
    (assignment,) = assign_indicators(sentence, [fig])
    if assignment is None or not fig.evaluate():
        return None
    fig.start, fig.end = a, a + len(number) if not m.group("unit") else b
    return fig, assignment
