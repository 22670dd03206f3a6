"""Raw article -> clean simplified text, with an offset map back into the raw text.

Steps (each keeps ``origin``): HTML to text; line breaks and invisible characters;
pinyin annotations; full-width digits/letters; traditional -> simplified (OpenCC);
ASCII punctuation used as Chinese punctuation; doubled punctuation; spaces inside
numbers; boilerplate lines (metadata captured first); masked characters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import yaml

from ..catalogue import _data_text
from ..model import NormalisedText, RawArticle
from .boilerplate import clean_lines
from .html import html_to_text
from .tracked import Edit, apply_edits, sub_tracked

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# -- line breaks and invisible characters -------------------------------------------
_INVISIBLE = re.compile("\r\n?|[\u2028\u2029\x85]|[\u200b-\u200d\u2060\ufeff]|[\xa0\u3000\u2002-\u200a\u202f]")


def _invisible(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch[0] in "\r\u2028\u2029\x85":
        return "\n"
    if ch in "\u200b\u200c\u200d\u2060\ufeff":
        return ""
    return " "


# -- pinyin annotations: 區(qū), 全【quán】 ---------------------------------------------
_PINYIN = re.compile(rf"(?<=[{_CJK}])\s?[(（【\[]\s?([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ:]{{1,7}})\s?[)）】\]]")
_TONE = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]")
_SYLLABLE = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|iao|ian|uan|van|ai|ei|ao|ou|an|en|in|un|vn|"
    r"ia|ie|iu|ua|uo|ui|ve|ue|er|a|o|e|i|u|v)|ng|n|m|hm|hng)$"
)


def _is_pinyin(word: str) -> bool:
    if _TONE.search(word):
        return True
    if not word.islower():
        return False
    plain = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return bool(_SYLLABLE.match(plain.replace(":", "")))


def _pinyin(m: re.Match[str]) -> str | None:
    return "" if _is_pinyin(m.group(1)) else None


# -- full-width forms ---------------------------------------------------------------
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # digits
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # A-Z
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # a-z
_FULLWIDTH.update({ord("％"): "%", ord("＋"): "+", ord("／"): "/", ord("＝"): "=", ord("＊"): "*",
                   ord("﹪"): "%", ord("‰"): "‰"})
_HAS_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％＋／＝＊﹪]")
_FULLWIDTH_DOT = re.compile(r"(?<=\d)．(?=\d)")

# -- ASCII punctuation used as Chinese punctuation ------------------------------------
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 12,380 -> 12380
# A colon is a label colon unless it sits in a time (10:05) or a URL (http://).
_COLON = re.compile(r"(?<![\d:/a-zA-Z]):(?!//)|(?<=\d):(?!\d)")


# -- doubled or mixed punctuation: ",," ",。" ",、" -> keep the strongest ----------------
_PUNCT_RUN = re.compile(r"[，、。；：！？]{2,}")
_STRENGTH = {"。": 5, "！": 5, "？": 5, "；": 4, "：": 3, "、": 2, "，": 1}


def _punct_run(m: re.Match[str]) -> tuple[str, list[int]]:
    run = m.group(0)
    best = max(range(len(run)), key=lambda i: (_STRENGTH[run[i]], -i))
    return run[best], [m.start() + best]  # position in current text, translated below


# -- spaces inside numbers: "2974 万元", "3. 5" ---------------------------------------
_NUMBER_SPACE = re.compile(r"(?<=\d)[ \t]+(?=[万亿千百元户人%个家所座名村亩公兆]|\.\d)|(?<=\d\.)[ \t]+(?=\d)|(?<=[近约逾])[ \t]+(?=\d)")

_OPENCC = None


def _opencc():
    global _OPENCC
    if _OPENCC is None:
        import opencc

        _OPENCC = opencc.OpenCC("t2s")
    return _OPENCC


def to_simplified(text: str) -> str:
    """OpenCC t2s, guaranteed length-preserving (falls back to per-character conversion
    where a phrase conversion changes length, so offsets stay valid)."""
    cc = _opencc()
    out = cc.convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := cc.convert(c)) == 1 else c for c in line)
        fixed.append(conv)
    return "\n".join(fixed)


@lru_cache(maxsize=1)
def mask_rules() -> list[tuple[re.Pattern[str], str, str]]:
    """(regex locating the `*`, restored character, pattern) from ``data/masks.yaml``."""
    rules = []
    entries = yaml.safe_load(_data_text("masks.yaml"))
    for e in sorted(entries, key=lambda e: -len(e["pattern"])):
        pat = e["pattern"]
        i = pat.index("*")
        before, after = re.escape(pat[:i]), re.escape(pat[i + 1:])
        rules.append((re.compile(f"(?<={before})(?<!\\*\\*)\\*(?!\\*)(?={after})" if before
                                 else f"(?<!\\*)\\*(?!\\*)(?={after})"), str(e["restore"]), pat))
    return rules


def _masks(text: str, origin: list[int]) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    if "*" not in text:
        return text, [], []
    restored: dict[int, tuple[str, str]] = {}
    for rx, ch, pat in mask_rules():
        for m in rx.finditer(text):
            if m.start() in restored:
                continue
            if m.start() > 0 and text[m.start() - 1] == "*":
                continue
            restored[m.start()] = (ch, pat)
    restorations, masked = [], []
    chars = list(text) if restored else None
    for pos, (ch, pat) in sorted(restored.items()):
        chars[pos] = ch
        restorations.append({"offset": origin[pos], "position": pos, "original": "*", "restored": ch,
                             "pattern": pat, "context": text[max(0, pos - 4): pos + 5]})
    if chars is not None:
        text = "".join(chars)
    for m in re.finditer(r"\*+", text):
        masked.append({"offset": origin[m.start()], "position": m.start(), "text": m.group(0),
                       "context": text[max(0, m.start() - 4): m.end() + 4]})
    return text, restorations, masked


def normalise(article: RawArticle) -> NormalisedText:
    """Clean, simplified text of an article with ``origin[i]`` = raw offset of ``text[i]``."""
    if article.media_type == "text/html":
        text, origin = html_to_text(article.text)
    else:
        text, origin = article.text, list(range(len(article.text)))

    text, origin = sub_tracked(_INVISIBLE, _invisible, text, origin)
    text, origin = sub_tracked(_PINYIN, _pinyin, text, origin)
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(_FULLWIDTH)
    text = _FULLWIDTH_DOT.sub(".", text)
    text = to_simplified(text)
    text, origin = sub_tracked(_THOUSANDS, lambda m: "", text, origin)
    # str.replace is much faster than str.translate on non-ASCII text; all are 1:1.
    text = text.replace(",", "，").replace(";", "；").replace("!", "！").replace("?", "？")
    text = _COLON.sub("：", text)
    text, origin = sub_tracked(
        _PUNCT_RUN, lambda m: (lambda r: (r[0], [origin[r[1][0]]]))(_punct_run(m)), text, origin)
    text, origin = sub_tracked(_NUMBER_SPACE, lambda m: "", text, origin)

    edits, removed, metadata = clean_lines(text)
    for rec in removed:
        rec["offset"] = origin[rec["offset"]] if rec["offset"] < len(origin) else len(article.text)
    text, origin = apply_edits(text, origin, edits)

    text, restorations, masked = _masks(text, origin)
    return NormalisedText(text=text, origin=origin, restorations=restorations, masked=masked,
                          removed_lines=removed, metadata=metadata)
