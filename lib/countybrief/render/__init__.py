"""Stage 5: execute the briefing notebook per region (papermill) and export it (nbconvert).

Importing this package makes papermill write readable, non-escaped Chinese into the
injected-parameters cell (see ``translators``): at once when papermill is already
imported, otherwise as soon as it is. The names below are imported on first use, so a
batch with nothing to render (``countybrief render`` after no change) never loads
papermill, nbconvert or matplotlib.
"""

from __future__ import annotations

import importlib
import importlib.abc
import sys

__all__ = ["BrowserPool", "RenderResult", "check_template", "find_chromium", "render_jobs",
           "write_index"]

_LAZY = {
    "BrowserPool": ".browser", "find_chromium": ".browser",
    "RenderResult": ".execute", "check_template": ".execute", "render_jobs": ".execute",
    "write_index": ".index",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register_translator() -> None:
    partial = sys.modules.get(__name__ + ".translators")
    if partial is not None and not hasattr(partial, "register"):
        return  # papermill is being imported by translators itself; its users call register()
    from . import translators

    translators.register()


class _AfterPapermillTranslators(importlib.abc.MetaPathFinder):
    """Registers the readable translator right after ``papermill.translators`` loads."""

    def find_spec(self, fullname, path, target=None):
        if fullname != "papermill.translators":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original = loader.exec_module

        def exec_module(module):
            original(module)
            if self in sys.meta_path:
                sys.meta_path.remove(self)
            _register_translator()

        loader.exec_module = exec_module
        return spec


if "papermill.translators" in sys.modules:
    _register_translator()
elif not any(isinstance(f, _AfterPapermillTranslators) for f in sys.meta_path):
    import importlib.util

    sys.meta_path.insert(0, _AfterPapermillTranslators())


def _skip_iri_grammars() -> None:
    """nbformat imports jsonschema, whose format checker imports ``rfc3987_syntax`` when it
    is installed, and that compiles ~40 Lark grammars at import: ~2 CPU s in every render
    process (the CLI and each worker), for IRI formats no notebook schema uses. Importing
    it is made to fail (``None`` in ``sys.modules``) unless something already loaded it;
    jsonschema then simply skips the ``iri`` format checks."""
    if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]


_skip_iri_grammars()
