"""Exception types raised by countybrief. Every message names the file involved."""

from __future__ import annotations

import os
import unicodedata

#: character categories never printed raw: controls (ESC, BEL, CR...), format characters
#: (bidi overrides), lone surrogates (undecodable bytes of a file name), line separators
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape_text(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, format or surrogate character escaped as ``\\xNN`` /
    ``\\uNNNN`` (a backslash-escape, as ``repr`` writes it), so that nothing in it reaches a
    terminal as an escape sequence; newlines kept when ``keep_newlines``."""
    return "".join(
        ch if (keep_newlines and ch == "\n") or unicodedata.category(ch) not in _HIDDEN
        else _escape(ch) for ch in text)


def shown(path: object) -> str:
    """A path (or any name) as messages print it: control characters escaped."""
    return escape_text(os.fspath(path) if isinstance(path, os.PathLike) else str(path))


class CountyBriefError(Exception):
    """Base class for all countybrief errors."""


class InputError(CountyBriefError):
    """An input file (article, parameters, template) cannot be used.

    ``path`` is the offending file; the message says what is wrong and what to do.
    """

    def __init__(self, path: object, problem: str, hint: str | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        msg = f"{shown(self.path)}: {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class ArticleError(InputError):
    """An article cannot be decoded or read."""


class ParametersError(InputError):
    """A parameters file is malformed or names something that does not exist."""


class StoreError(InputError):
    """The extracted-data store is missing, damaged or of an unsupported schema."""


class NoStoreError(StoreError):
    """There is no store at all: its folder (or, at a URL, its manifest) does not exist.
    Only then may a briefing fall back to the raw articles; a folder that exists but holds
    no store is damage (a plain ``StoreError``)."""


class RenderError(CountyBriefError):
    """Executing or exporting a briefing failed."""


class StorageError(InputError):
    """Shared storage given as a URL cannot be used: its filesystem package is missing,
    the protocol is unknown, or the URL cannot be reached, read or written."""


class SpecialFileError(ArticleError):
    """A path that is no regular file: a FIFO, device or socket, a link to one, a link
    to nothing (dangling) or a link loop."""


class LinkNotFollowedError(ArticleError):
    """A link in an article folder to something outside the folders given to ``extract``,
    not followed without ``--follow-links``."""


class LockError(CountyBriefError):
    """Another countybrief run holds the project's lock (data or output folder) for longer
    than this run waits, or the lock file cannot be created (a read-only folder)."""


class ProjectFileError(InputError):
    """A project file (``countybrief.yaml``) is malformed, or a command would mix one
    corpus's data with another's (``project``)."""


class CorrectionsError(InputError):
    """An entry of ``corrections.yaml`` (an analyst's corrections) is malformed: the
    message names the file, the entry's number and the key."""
