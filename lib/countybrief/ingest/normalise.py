"""Raw article -> clean simplified text, with an offset map back into the raw text.

Steps (each keeps ``origin``): HTML to main text (``maintext``); line breaks and invisible
characters; compatibility forms (NFKC: full-width digits/letters); pinyin annotations;
traditional -> simplified (OpenCC);
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
from .boilerplate import clean_lines, is_metadata_line
from .maintext import main_text
from .tracked import apply_edits, sub_tracked

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# -- line breaks and invisible characters -------------------------------------------
# The leading lookahead (a single character class) lets the regex engine skip ahead fast;
# a bare alternation is tried at every character (~10x slower on CJK text).
_INVISIBLE = re.compile("(?=[\r\u2028\u2029\x85\u200b-\u200d\u2060\ufeff])(?:\r\n?|[\u2028\u2029\x85]|[\u200b-\u200d\u2060\ufeff])")
_SPACES = str.maketrans({c: " " for c in "\xa0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"})
_HAS_SPACES = re.compile("[\xa0\u3000\u2002-\u200a\u202f]")


def _invisible(m: re.Match[str]) -> str:
    return "\n" if m.group(0)[0] in "\r\u2028\u2029\x85" else ""


# -- pinyin annotations: 區(qū), 全【quán】 ---------------------------------------------
_PINYIN = re.compile(r"[(（【\[]\s?([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ:]{1,7})\s?[)）】\]]")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_TONE = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]")
_SYLLABLE = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|iao|ian|uan|van|ai|ei|ao|ou|an|en|in|un|vn|"
    r"ia|ie|iu|ua|uo|ui|ve|ue|er|a|o|e|i|u|v)|ng|n|m|hm|hng)$"
)


@lru_cache(maxsize=4096)
def _is_pinyin(word: str) -> bool:
    if _TONE.search(word):
        return True
    if not word.islower():
        return False
    plain = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return bool(_SYLLABLE.match(plain.replace(":", "")))


def _pinyin(m: re.Match[str]) -> str | None:
    # only directly after a CJK character: 區(qū), not "单位(MW)" after latin text
    if m.start() == 0 or not _CJK_CHAR.match(m.string[m.start() - 1]):
        return None
    return "" if _is_pinyin(m.group(1)) else None


# -- compatibility forms (NFKC): full-width digits, letters and symbols (１９２０户, ２０１９年３月,
# ２０１９－０３－０５), half-width forms, CJK compatibility ideographs and Kangxi radicals.
# The full-width punctuation of Chinese text stays as it is (later steps rely on it).
_KEEP_FULLWIDTH = "！（），：；？．～"
_COMPAT = re.compile("(?=[\uff01-\uffee\uf900-\ufaff\u2e80-\u2fdf\ufe10-\ufe19\ufe30-\ufe6f"
                     "\U0002f800-\U0002fa1f])[^" + _KEEP_FULLWIDTH + "]")
_FULLWIDTH_DOT = re.compile(r"(?<=\d)．(?=\d)")


def _compat(m: re.Match[str]) -> str | None:
    # one character at a time: a character whose NFKC is several characters (︙ -> ...)
    # gives each of them its own offset (sub_tracked repeats the character's offset)
    nfkc = unicodedata.normalize("NFKC", m.group(0))
    return None if nfkc == m.group(0) else nfkc


# -- ASCII punctuation used as Chinese punctuation ------------------------------------
_THOUSANDS = re.compile(r"\d,(?=\d{3}(?!\d))")  # 12,380 -> 12380
# A colon is a label colon unless it sits in a time (10:05) or a URL (http://).
_COLON = re.compile(r"(?=:)(?:(?<![\d:/a-zA-Z]):(?!//)|(?<=\d):(?!\d))")


# -- doubled or mixed punctuation: ",," ",。" ",、" -> keep the strongest ----------------
_PUNCT_RUN = re.compile(r"[，、。；：！？]{2,}")
_STRENGTH = {"。": 5, "！": 5, "？": 5, "；": 4, "：": 3, "、": 2, "，": 1}


def _punct_run(m: re.Match[str]) -> tuple[str, list[int]]:
    run = m.group(0)
    best = max(range(len(run)), key=lambda i: (_STRENGTH[run[i]], -i))
    return run[best], [m.start() + best]  # position in current text, translated below


# -- spaces inside numbers: "2974 万元", "3. 5" ---------------------------------------
_NUMBER_SPACE = re.compile(
    r"(?=[\d近约逾])(?:(\d)[ \t]+(?=[万亿千百元户人%个家所座名村亩公兆]|\.\d)|(\d\.)[ \t]+(?=\d)|([近约逾])[ \t]+(?=\d))")


def _number_space(m: re.Match[str], origin: list[int]) -> tuple[str, list[int]]:
    kept = m.group(1) or m.group(2) or m.group(3)
    return kept, origin[m.start(): m.start() + len(kept)]

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
def mask_rules() -> list[tuple[str, str, str, str]]:
    """(text before the `*`, text after it, restored character, pattern) from
    ``data/masks.yaml``, longest context first."""
    rules = []
    for e in yaml.safe_load(_data_text("masks.yaml")):
        pat = e["pattern"]
        if pat.count("*") != 1:
            raise ValueError(f"masks.yaml: pattern {pat!r} must contain exactly one '*'")
        i = pat.index("*")
        rules.append((pat[:i], pat[i + 1:], str(e["restore"]), pat))
    rules.sort(key=lambda r: -len(r[3]))
    return rules


def _masks(text: str, origin: list[int]) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    if "*" not in text:
        return text, [], []
    chars = list(text)
    restorations, masked = [], []
    for m in re.finditer(r"\*+", text):
        pos = m.start()
        if len(m.group(0)) == 1:
            for before, after, ch, pat in mask_rules():
                if text.startswith(after, pos + 1) and text.endswith(before, 0, pos) \
                        and (not before or pos - len(before) - 1 < 0 or text[pos - len(before) - 1] != "*"):
                    chars[pos] = ch
                    restorations.append({"offset": origin[pos], "position": pos, "original": "*", "restored": ch,
                                         "pattern": pat, "context": text[max(0, pos - 4): pos + 5]})
                    break
            else:
                masked.append({"offset": origin[pos], "position": pos, "text": "*",
                               "context": text[max(0, pos - 4): pos + 5]})
        else:
            masked.append({"offset": origin[pos], "position": pos, "text": m.group(0),
                           "context": text[max(0, pos - 4): m.end() + 4]})
    return "".join(chars), restorations, masked


def _metadata_line(line: str) -> bool:
    """A date/source/byline line of a page (kept beside the main text for the metadata)."""
    return len(line) <= 80 and is_metadata_line(to_simplified(line.replace("\u3000", " ")))


def normalise(article: RawArticle) -> NormalisedText:
    """Clean, simplified text of an article with ``origin[i]`` = raw offset of ``text[i]``."""
    if article.media_type == "text/html":
        text, origin = main_text(article.text, keep=_metadata_line)
    else:
        text, origin = article.text, list(range(len(article.text)))

    # Cheap presence tests first: most steps have nothing to do in most articles.
    text = text.replace("\u3000", " ").replace("\xa0", " ")  # 1:1, origin unchanged
    if _HAS_SPACES.search(text):
        text = text.translate(_SPACES)
    text, origin = sub_tracked(_INVISIBLE, _invisible, text, origin)
    text, origin = sub_tracked(_COMPAT, _compat, text, origin)
    if "．" in text:
        text = _FULLWIDTH_DOT.sub(".", text)
    text, origin = sub_tracked(_PINYIN, _pinyin, text, origin)
    text = to_simplified(text)
    if "," in text:
        text, origin = sub_tracked(_THOUSANDS, lambda m: (m.group(0)[0], [origin[m.start()]]), text, origin)
        text = text.replace(",", "，")
    # str.replace is much faster than str.translate on non-ASCII text; all are 1:1.
    text = text.replace(";", "；").replace("!", "！").replace("?", "？")
    if ":" in text:
        text = _COLON.sub("：", text)
    text, origin = sub_tracked(
        _PUNCT_RUN, lambda m: (lambda r: (r[0], [origin[r[1][0]]]))(_punct_run(m)), text, origin)
    if " " in text or "\t" in text:
        text, origin = sub_tracked(_NUMBER_SPACE, lambda m: _number_space(m, origin), text, origin)

    edits, removed, metadata = clean_lines(text)
    for rec in removed:
        rec["offset"] = origin[rec["offset"]] if rec["offset"] < len(origin) else len(article.text)
    text, origin = apply_edits(text, origin, edits)

    text, restorations, masked = _masks(text, origin)
    return NormalisedText(text=text, origin=origin, restorations=restorations, masked=masked,
                          removed_lines=removed, metadata=metadata)
