"""Stage 5: execute the briefing notebook per region (papermill) and export it (nbconvert).

Importing this package makes papermill write readable, non-escaped Chinese into the
injected-parameters cell (see ``translators``).
"""

from . import translators as _translators

_translators.register()

from .browser import BrowserPool, find_chromium  # noqa: E402
from .execute import RenderResult, check_template, render_jobs  # noqa: E402
from .index import write_index  # noqa: E402

__all__ = ["BrowserPool", "RenderResult", "check_template", "find_chromium", "render_jobs",
           "write_index"]
