"""Finding article files and decoding them into ``RawArticle`` records."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from ..errors import ArticleError
from ..model import RawArticle
from .entries import check_regular, stat_entry
from .names import display_name, stored_path
from .utf16 import decode_utf16_without_bom, nul_pattern

#: Articles larger than this are refused: a news article is a few dozen KB at most, so a
#: bigger file is almost certainly a dump, an archive or a wrongly named binary.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
#: encoding recorded for UTF-8 text whose last character was cut off (the rest is kept)
TRUNCATED_UTF8 = "utf-8 (truncated)"

#: Accepted file suffixes and the media type each implies.
SUFFIX_MEDIA_TYPES = {
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
}

#: What a file with another suffix probably is, for the message refusing it.
_NOT_ARTICLES = {
    **dict.fromkeys((".yaml", ".yml"), "a YAML file"),
    ".json": "a JSON file", ".jsonl": "a JSON lines file", ".csv": "a CSV table", ".tsv": "a TSV table",
    **dict.fromkeys((".xls", ".xlsx", ".ods"), "a spreadsheet"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg", ".tif", ".tiff", ".ico"),
                    "an image"),
    ".pdf": "a PDF document",
    **dict.fromkeys((".doc", ".docx", ".odt", ".rtf", ".wps"), "a word-processor document"),
    **dict.fromkeys((".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar"), "an archive"),
    ".parquet": "a Parquet table", ".ipynb": "a notebook",
}
ACCEPTED = ".txt, .html/.htm and .md"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BM", None),  # bitmap: only with NUL bytes, checked below
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon file"),
)

# Encodings charset-normalizer may propose for Chinese text; anything else is suspicious.
_FALLBACK_ENCODINGS = ["gb18030", "big5", "big5hkscs", "utf_16", "utf_8"]

#: How far into a file a charset declaration is looked for (HTML puts it in <head>).
DECLARATION_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']\s*([a-z0-9_.:-]+)""", re.I)
# Declared labels decoded as a superset: GBK/GB2312 pages routinely use GB18030-only
# characters, Big5 pages HKSCS ones (as browsers do).
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs",
              "big5hkscs": "big5hkscs"}
#: A declared encoding is kept while its text is at most this much messier (charset-normalizer's
#: chaos, 0..1) than the best guess's: short pages are often guessed wrong (GBK as Big5).
DECLARED_MESS_MARGIN = 0.05


def refuse_non_article(path: Path) -> None:
    """Raise ``ArticleError`` naming ``path`` when its suffix is not an article's."""
    suffix = path.suffix.lower()
    if suffix in SUFFIX_MEDIA_TYPES:
        return
    kind = _NOT_ARTICLES.get(suffix) or (f"a {suffix} file" if suffix else "a file without a suffix")
    hint = None
    if path.name == "regions.yaml":
        hint = "a regions.yaml beside the articles is read by itself"
    elif not suffix or suffix not in _NOT_ARTICLES:
        hint = "rename it if it is an article saved as text or HTML"
    raise ArticleError(path, f"not an article: {kind}; countybrief reads {ACCEPTED}", hint)


def media_type_for(path: Path, text: str) -> str:
    """Media type from the suffix, or ``text/html`` when the text looks like HTML."""
    media = SUFFIX_MEDIA_TYPES.get(path.suffix.lower(), "text/plain")
    if media != "text/html":
        head = text[:2048].lstrip().lower()
        if head.startswith(("<!doctype html", "<html")) or "<html" in head[:512]:
            media = "text/html"
    return media


_NUL_BYTES = "binary data (NUL bytes)"
_RESAVE_UTF16 = ("re-save it as UTF-8, or as UTF-16 with a byte-order mark "
                 "(Notepad: Save as, Encoding 'UTF-8' or 'UTF-16 LE')")


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC:
        if kind and data.startswith(magic):
            return kind
    if b"\x00" in data[:65536]:
        return _NUL_BYTES
    return None


def _raise_unless_utf16(data: bytes, path: str | os.PathLike) -> None:
    """Refuse NUL-byte data laid out as UTF-16 that does not decode to plausible text."""
    order = nul_pattern(data)
    if order and decode_utf16_without_bom(data) is None:
        raise ArticleError(path, f"has NUL bytes laid out like {order.upper()} text without a byte-order "
                           "mark, but does not decode to readable Chinese or ASCII text",
                           "if it is an article, " + _RESAVE_UTF16)


def declared_encoding(data: bytes) -> str | None:
    """Codec named by a ``<meta charset>``, ``<meta http-equiv ... charset=>`` or XML
    declaration near the start of ``data`` (GBK/GB2312 as GB18030), or None."""
    head = data[:DECLARATION_BYTES]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii").lower().removeprefix("x-")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _SUPERSETS.get(name.replace("_", "").replace("-", ""), name)


def _family(encoding: str) -> str:
    return "big5" if encoding.startswith("big5") else encoding


def _declared_match(matches, declared: str | None):
    """The detection candidate in the declared encoding, unless clearly messier than the
    best candidate (then the declaration is wrong); None without a usable declaration."""
    best = matches.best()
    if declared is None or best is None:
        return None
    for match in matches:
        if _family(match.encoding) == _family(declared) and match.chaos <= best.chaos + DECLARED_MESS_MARGIN:
            return match
    return None


def decode_bytes(data: bytes, path: str | os.PathLike) -> tuple[str, str]:
    """Decode an article's bytes; return ``(text, encoding)`` or raise ``ArticleError``.

    Order: byte-order mark (UTF-8/16/32), binary sniffing (NUL bytes laid out as UTF-16
    text are read as UTF-16 without a BOM, see ``utf16``), strict UTF-8, then
    charset-normalizer restricted to encodings Chinese news sites use, where a Chinese
    encoding the page declares (``declared_encoding``) wins over the best guess unless it
    does not decode or decodes to clearly messier text (a wrong declaration).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ArticleError(path, f"starts with a {enc} byte-order mark but does not decode ({exc.reason})",
                                   "re-save the file as UTF-8") from None
    kind = _binary_kind(data)
    if kind == _NUL_BYTES:
        _raise_unless_utf16(data, path)
        decoded = decode_utf16_without_bom(data)
        if decoded:
            return decoded
    if kind:
        raise ArticleError(path, f"is not a text article: it looks like {kind}",
                           "only .txt/.html/.md articles can be read")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # a download cut off inside the last character: keep everything before it
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            try:
                return data[:exc.start].decode("utf-8"), TRUNCATED_UTF8
            except UnicodeDecodeError:
                pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=_FALLBACK_ENCODINGS)
    best = _declared_match(matches, declared_encoding(data)) or matches.best()
    if best is None:
        raise ArticleError(path, "cannot be decoded: not UTF-8, GB18030/GBK, Big5 or UTF-16",
                           "re-save the file as UTF-8")
    text = str(best)
    bad = sum(1 for ch in text[:20000] if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    if bad > max(3, len(text[:20000]) // 100):
        raise ArticleError(path, f"decodes as {best.encoding} only with many invalid characters",
                           "re-save the file as UTF-8")
    return text, best.encoding


def read_article(path: str | os.PathLike) -> RawArticle:
    """Read and decode one article file (see ``decode_bytes``); errors name the file.

    Only regular ``.txt``, ``.html``/``.htm`` and ``.md`` files are read
    (``refuse_non_article``); a FIFO, device, dangling link or link loop is refused before
    it is opened, and the file is opened non-blocking and checked again once open. A name
    that is not UTF-8 is kept reopenable in ``path`` and readable in ``name`` (``names``).
    """
    path = Path(path)
    shown = display_name(path)
    st = stat_entry(path)
    if stat.S_ISDIR(st.st_mode):
        raise ArticleError(shown, "is a folder, not an article file", "use scan_articles for folders")
    check_regular(path, st)
    refuse_non_article(path)
    _check_size(shown, st.st_size)
    data = _read_regular(path, shown)
    if not data.strip():
        raise ArticleError(shown, "is empty", "remove it or re-download the article")
    text, encoding = decode_bytes(data, shown)
    if not text.strip(" \t\r\n\ufeff\u3000\xa0"):
        raise ArticleError(shown, "is empty", "remove it or re-download the article")
    return RawArticle(path=stored_path(path), name=display_name(path.name), text=text,
                      encoding=encoding, media_type=media_type_for(path, text))


def _check_size(shown: str, size: int) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(shown, f"is too large for an article ({size:,} bytes > {MAX_ARTICLE_BYTES:,})",
                           "split it into one file per article")


def _read_regular(path: Path, shown: str) -> bytes:
    """The bytes of ``path``, opened without blocking (a FIFO swapped in after the check
    opens at once and is refused) and read only while it is a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ArticleError(shown, "no such file") from None
    except OSError as exc:
        raise ArticleError(shown, f"cannot be read ({exc.strerror})") from None
    with open(fd, "rb", closefd=True) as fh:
        st = os.fstat(fd)
        check_regular(path, st)
        _check_size(shown, st.st_size)
        try:
            return fh.read(MAX_ARTICLE_BYTES + 1)
        except OSError as exc:
            raise ArticleError(shown, f"cannot be read ({exc.strerror})") from None
