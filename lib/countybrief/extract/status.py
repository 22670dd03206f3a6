"""Whether a figure is a plan, target or expectation rather than an achieved result.

The cues are ``settings.planned`` (text of the figure's clause before it) and
``settings.planned_after`` (right after it) in ``data/patterns.yaml``; a year after the
article's own time is a plan too ("到2020年…", published in 2017).
"""

from __future__ import annotations

import re


def planned_by_cue(planned: re.Pattern[str], planned_after: re.Pattern[str], before_clause: str, after: str) -> bool:
    """A plan cue in the clause before the figure, or right after it ("300户计划搬迁")."""
    return planned.search(before_clause) is not None or planned_after.search(after) is not None


def planned_in_sentence(planned: re.Pattern[str], result: re.Pattern[str], before: str, clause_start: int) -> bool:
    """A plan cue in an earlier clause of the sentence (``before[:clause_start]``) that no
    result word follows up to the figure: the plan governs the clauses after it
    ("2019年计划实现3500人脱贫，12个贫困村出列")."""
    last = None
    for last in planned.finditer(before, 0, clause_start):
        pass
    return last is not None and result.search(before, last.end()) is None


def planned_by_year(year: int | None, published: str | None, covers: int | None) -> bool:
    """The figure's stated year lies after the article's publication (or covered) year."""
    if year is None:
        return False
    if published and year > int(published[:4]):
        return True
    return covers is not None and published is None and year > covers
