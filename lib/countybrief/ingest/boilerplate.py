"""Line-level cleaning: page chrome, bylines, repeated captions, disclaimers.

Metadata found on the lines (title, date, outlet, author, editor) is captured before the
lines are dropped. Cues live in ``data/boilerplate.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from ..catalogue import _data_text
from .tracked import Edit

_FULL_STOP = re.compile(r"[。！？!?]")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_KEYWORDS = re.compile(r"(来源|信息来源|发布时间|发布日期|作者|责任编辑|责编|编辑|记者|通讯员|摄影|原标题|原题)\s*[:：]?")
_FIELD_END = re.compile(r"[)）】\]|｜丨]|\s{2,}|(?<=.)【|(?=(来源|信息来源|发布时间|发布日期|作者|责任编辑|责编|编辑|记者|通讯员|摄影|时间)\s*[:：\s])"
                        r"|\s*(?=(?:阅读|点击|浏览|访问)\S{0,2}\s*[:：])")  # page counters: 阅读次数：1532
_NAV_TOKEN = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,8}$")


@dataclass(frozen=True)
class _Cues:
    chrome: re.Pattern[str]
    disclaimer_head: re.Pattern[str]
    disclaimer_body: re.Pattern[str]
    metadata: re.Pattern[str]
    date: re.Pattern[str]
    repeat_max_chars: int


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """Compiled cues from ``data/boilerplate.yaml``."""
    raw = yaml.safe_load(_data_text("boilerplate.yaml"))
    return _Cues(
        chrome=re.compile("|".join(f"(?:{p})" for p in raw["chrome"])),
        disclaimer_head=re.compile(raw["disclaimer_head"]),
        disclaimer_body=re.compile(raw["disclaimer_body"]),
        metadata=re.compile(raw["metadata"]),
        date=re.compile(raw["date"]),
        repeat_max_chars=int(raw["repeat_max_chars"]),
    )


def _names(chunk: str) -> str | None:
    tokens = [t for t in re.split(r"[\s、,，/]+", chunk.strip()) if t]
    names = [t for t in tokens if _NAME.match(t)]
    return " ".join(names) if names and len(names) == len(tokens) else None


def _field(line: str, keys: tuple[str, ...]) -> str | None:
    for m in _KEYWORDS.finditer(line):
        if m.group(1) not in keys:
            continue
        rest = line[m.end():].lstrip(" :：")
        end = _FIELD_END.search(rest)
        value = (rest[: end.start()] if end else rest).strip()
        if value:
            return value
    return None


def parse_metadata(line: str) -> dict[str, Any]:
    """Fields stated on one line: published (ISO date), outlet, author, editor."""
    found: dict[str, Any] = {}
    m = cues().date.search(line)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            found["published"] = f"{y:04d}-{mo:02d}-{d:02d}"
    outlet = _field(line, ("来源", "信息来源"))
    if outlet:
        # "安康日报 2020-11-20 ｜ 记者 王磊": the outlet ends before a date or a separator
        outlet = _OUTLET_END.split(cues().date.split(outlet)[0])[0].strip(" /|｜")
    if outlet:
        found["outlet"] = outlet
    author = _field(line, ("记者", "作者", "通讯员"))
    if author and _names(author):
        found["author"] = _names(author)
    editor = _field(line, ("责任编辑", "编辑", "责编"))
    if editor and _names(editor):
        found["editor"] = _names(editor)
    return found


def is_metadata_line(line: str) -> bool:
    """Whether a short (simplified, trimmed) line states a date, source or byline."""
    c = cues()
    if len(line) > 80 or _FULL_STOP.search(line[-1:] or ""):
        return False
    return bool(c.metadata.search(line)) or bool(
        c.date.search(line) and len(c.date.sub("", line).strip(" :：-|")) <= 12)


def _dated_byline(line: str) -> bool:
    """A short line giving a publication date and a source or byline (a metadata line,
    whatever page chrome it also carries)."""
    return len(line) <= 80 and bool(cues().metadata.search(line)) and "published" in parse_metadata(line)


def _is_nav(line: str) -> bool:
    tokens = line.split()
    return len(tokens) >= 4 and all(_NAV_TOKEN.match(t) for t in tokens) and not _FULL_STOP.search(line)


#: A page title's site suffix ("…成效综述_安康市人民政府", "… - 岚皋县人民政府网").
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—–]+\s*[^_|｜\-—–]{2,24}?(?:政府|政府网|网|门户|网站|中心|频道|新闻|日报)\s*$")
_OUTLET_END = re.compile(r"\s*[|｜]\s*|\s{2,}")


def clean_title(title: str) -> str:
    """A title without Markdown's heading marks and a page's site suffix."""
    title = title.lstrip("# ").strip()
    stripped = _SITE_SUFFIX.sub("", title)
    return stripped if len(stripped) >= 6 else title


def _title_like(line: str) -> bool:
    return 6 <= len(line) <= 80 and not re.search(r"[。；;！!？?]$", line) and "。" not in line


def clean_lines(text: str) -> tuple[list[Edit], list[dict[str, Any]], dict[str, Any]]:
    """Edits that drop boilerplate lines, trim indentation and blank lines.

    Returns ``(edits, removed, metadata)``; ``removed`` has one record per dropped line
    (offset in ``text``, the line, the reason); ``metadata`` holds title, published,
    outlet, author and editor when the text states them.
    """
    c = cues()
    lines: list[tuple[int, int, str]] = []  # (start, end incl. newline, stripped)
    pos = 0
    for raw_line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(raw_line), raw_line.strip(" \t\r\n\u3000\xa0")))
        pos += len(raw_line)
    counts = Counter(s for _, _, s in lines if s)

    reasons: dict[int, str] = {}
    metadata: dict[str, Any] = {}
    meta_lines: list[int] = []
    in_disclaimer = False
    for i, (_, _, s) in enumerate(lines):
        if not s:
            continue
        if in_disclaimer:
            if c.disclaimer_body.search(s) or c.disclaimer_head.search(s):
                reasons[i] = "disclaimer"
                continue
            in_disclaimer = False
        if len(s) > 100:
            continue  # a paragraph: page chrome and metadata lines are short
        if c.disclaimer_head.search(s) and len(s) <= 40:
            reasons[i] = "disclaimer"
            in_disclaimer = True
        elif c.chrome.search(s):
            if _dated_byline(s):  # with page chrome on it: 发布日期：… 来源：… 【打印】【关闭】
                reasons[i] = "metadata"
                meta_lines.append(i)
            else:
                reasons[i] = "chrome"
        elif c.metadata.search(s) and (len(s) <= 80 and not _FULL_STOP.search(s[-1:] or "")) \
                and not s.endswith("。"):
            reasons[i] = "metadata"
            meta_lines.append(i)
        elif _is_nav(s):
            reasons[i] = "navigation"
        elif c.date.search(s) and len(c.date.sub("", s).strip(" :：-|")) <= 12:
            reasons[i] = "metadata"
            meta_lines.append(i)

    # Title: the content line just before the first metadata line, else the first line.
    title_idx = None
    content = [i for i, (_, _, s) in enumerate(lines) if s and i not in reasons]
    if meta_lines:
        before = [i for i in content if i < meta_lines[0]]
        if before and _title_like(lines[before[-1]][2]):
            title_idx = before[-1]
    if title_idx is None and content and _title_like(lines[content[0]][2]) \
            and (not meta_lines or content[0] < meta_lines[0] + 3):
        title_idx = content[0]
    if title_idx is not None:
        metadata["title"] = clean_title(lines[title_idx][2])

    seen: set[str] = set()
    for i, (_, _, s) in enumerate(lines):
        if not s or i in reasons:
            continue
        if counts[s] >= 2:
            if i == title_idx:
                seen.add(s)
                continue
            if len(s) <= c.repeat_max_chars and "。" not in s:
                reasons[i] = "repeated"
            elif s in seen:
                reasons[i] = "repeated"
            seen.add(s)

    for i in meta_lines:
        for key, value in parse_metadata(lines[i][2]).items():
            metadata.setdefault(key, value)
    # Bylines inside the first lines of the body: "吉林日报4月9日讯(记者 戈驰川 尹雪)".
    content = [i for i in content if i not in reasons]
    for i in content[:15] + content[-3:]:
        for m in re.finditer(r"[(（【]\s*(记者|编辑|作者|通讯员)[^)）】]{2,40}[)）】]", lines[i][2]):
            for key, value in parse_metadata(m.group(0)).items():
                metadata.setdefault(key, value)

    edits: list[Edit] = []
    removed: list[dict[str, Any]] = []
    for i, (start, end, s) in enumerate(lines):
        raw_line = text[start:end]
        if not s or i in reasons:
            edits.append((start, end, "", None))
            if s:
                removed.append({"offset": start, "line": s, "reason": reasons[i]})
            continue
        lead = len(raw_line) - len(raw_line.lstrip(" \t\u3000\xa0"))
        body = raw_line.rstrip("\r\n")
        trail = len(body) - len(body.rstrip(" \t\u3000\xa0"))
        if lead:
            edits.append((start, start + lead, "", None))
        if trail:
            edits.append((start + len(body) - trail, start + len(body), "", None))
        if not raw_line.endswith("\n"):
            edits.append((end, end, "\n", None))
    return edits, removed, metadata
