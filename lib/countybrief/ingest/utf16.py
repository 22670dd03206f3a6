"""UTF-16 text saved without a byte-order mark (Windows "Unicode" without BOM, some
exporters): recognised by its NUL bytes, which fall on one side of each byte pair."""

from __future__ import annotations

#: Share of the NUL bytes that must sit in the high byte of a pair (ASCII, newlines, digits)
NUL_SIDE_SHARE = 0.8
#: Share of the decoded characters that must be plausible Chinese or ASCII text
PLAUSIBLE_SHARE = 0.95
_SAMPLE = 65536
_BIG5_LEVEL2 = b"\xc6\x7f"


def nul_pattern(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``data``'s NUL bytes fall mostly on one side of
    the byte pairs (as in UTF-16 Chinese or ASCII text), else None."""
    sample = data[:_SAMPLE]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    total = even + odd
    if total == 0:
        return None
    if odd >= NUL_SIDE_SHARE * total:
        return "utf-16-le"
    if even >= NUL_SIDE_SHARE * total:
        return "utf-16-be"
    return None


def _plausible(ch: str) -> bool:
    if ch in "\t\r\n\f":
        return True
    if ch < " " or "\x7f" <= ch < "\xa0":
        return False
    if ch < "\x7f":
        return True
    try:  # GB2312: common simplified characters and CJK punctuation
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:  # Big5 up to its level 1: common traditional characters
        return ch.encode("big5") < _BIG5_LEVEL2
    except UnicodeEncodeError:
        return False


def plausible_share(text: str) -> float:
    """Share of ``text``'s first characters that are ASCII text or common Chinese."""
    sample = text[:20000]
    return sum(map(_plausible, sample)) / len(sample) if sample else 0.0


def decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` for UTF-16 text without a BOM, trying the byte order the NUL
    bytes suggest first; None when neither order gives plausible text."""
    if len(data) < 2:
        return None
    first = nul_pattern(data)
    orders = [first] if first else []
    orders += [o for o in ("utf-16-le", "utf-16-be") if o != first]
    body = data[: len(data) - len(data) % 2]
    for order in orders:
        try:
            text = body.decode(order)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and plausible_share(text) >= PLAUSIBLE_SHARE:
            return text, order + (" (truncated)" if len(data) % 2 else "")
    return None
