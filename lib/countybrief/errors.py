"""Exception types raised by countybrief. Every message names the file involved."""

from __future__ import annotations


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
        msg = f"{self.path}: {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class ArticleError(InputError):
    """An article cannot be decoded or read."""


class ParametersError(InputError):
    """A parameters file is malformed or names something that does not exist."""


class StoreError(InputError):
    """The extracted-data store is missing, damaged or of an unsupported schema."""


class RenderError(CountyBriefError):
    """Executing or exporting a briefing failed."""


class StorageError(InputError):
    """Shared storage given as a URL cannot be used: its filesystem package is missing,
    the protocol is unknown, or the URL cannot be reached, read or written."""
