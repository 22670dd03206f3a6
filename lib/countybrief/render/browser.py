"""One headless Chromium, shared by every PDF of a run.

Playwright's sync API must be driven from the thread that started it and refuses to run
inside an asyncio loop (as in a Jupyter kernel), so a ``BrowserPool`` owns one worker
thread where the browser lives; ``print_pdf`` hands it work and waits.

    with BrowserPool() as pool:          # the batch renderer opens one pool per run
        pdf = pool.print_pdf(html)

``shared_pool()`` gives the module-level pool exporters use when no pool is passed in;
it is closed at interpreter exit (or explicitly with ``close_shared_pool()``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Any, Iterator

from ..errors import RenderError
from .lifecycle import kill_tree

#: Chromium switches: no sandbox (containers), no GPU, and no network chatter of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install it with `apt-get install chromium` or set COUNTYBRIEF_CHROMIUM"


def find_chromium(explicit: str | None = None) -> str:
    """The Chromium executable: ``explicit``, else $COUNTYBRIEF_CHROMIUM, else on PATH."""
    for candidate in (explicit, os.environ.get("COUNTYBRIEF_CHROMIUM")):
        if candidate:
            path = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
            if path is None:
                raise RenderError(f"Chromium not found at {candidate!r}; {INSTALL_HINT}")
            return path
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise RenderError(f"no Chromium browser found to print PDFs; {INSTALL_HINT}")


class PrintTimeout(RenderError):
    """Chromium did not print a page in time; the browser was stopped."""


@contextmanager
def _driver_in_own_session() -> Iterator[None]:
    """Start Playwright's node driver in a session of its own: a terminal's Ctrl-C goes
    to the run's process group and must not kill the driver under a print (the run
    closes the browser itself). Playwright offers no option, so the call that spawns it
    in ``playwright._impl.transport`` gets ``start_new_session=True`` for this start."""
    import asyncio

    try:
        from playwright._impl import transport
    except ImportError:  # pragma: no cover - another Playwright layout
        yield
        return
    original = getattr(transport, "asyncio", None)
    if original is not asyncio:
        yield
        return

    class _Asyncio:
        def __getattr__(self, name: str) -> Any:
            return getattr(asyncio, name)

        @staticmethod
        def create_subprocess_exec(*args: Any, **kwargs: Any):
            kwargs.setdefault("start_new_session", True)
            return asyncio.create_subprocess_exec(*args, **kwargs)

    transport.asyncio = _Asyncio()
    try:
        yield
    finally:
        transport.asyncio = original


class BrowserPool:
    """A lazily started headless Chromium, used from one private worker thread."""

    def __init__(self, executable: str | None = None, timeout_ms: float = 120_000) -> None:
        self.executable = executable
        self.timeout_ms = timeout_ms
        self._worker: ThreadPoolExecutor | None = None
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None  # one offline page, reused by every print (see _print)
        self._page_uses = 0
        self._lock = threading.Lock()
        self.launches = 0  # how many times a browser was started (tests check it is 1)

    def __enter__(self) -> "BrowserPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self, fn, *args, timeout: float | None = None):
        with self._lock:
            if self._worker is None:
                self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
            worker = self._worker
        future = worker.submit(fn, *args)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            self._abandon(worker)
            raise PrintTimeout(f"Chromium did not finish printing within {timeout:.0f} s "
                               "(the page is too large or the browser hangs); the browser "
                               "was stopped") from None

    def _abandon(self, worker: ThreadPoolExecutor) -> None:
        """A call hangs in the browser thread: kill the driver and Chromium under this
        process that belong to this pool, and start afresh on the next print."""
        driver = self._driver_pid()
        if driver is not None:
            kill_tree(driver)
        with self._lock:
            if self._worker is worker:
                self._worker = None
        self._page = self._browser = self._playwright = None
        worker.shutdown(wait=False)

    def _driver_pid(self) -> int | None:
        """The pid of this pool's Playwright node driver, if it runs."""
        try:  # no public API names the driver process
            return self._playwright._impl_obj._connection._transport._proc.pid
        except AttributeError:
            return None

    def _ensure_browser(self) -> Any:
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        executable = find_chromium(self.executable)
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:  # pragma: no cover - playwright is a dependency
            raise RenderError(f"playwright is not installed ({exc})") from None
        if self._playwright is None:
            with _driver_in_own_session():
                self._playwright = sync_playwright().start()
        try:
            # Ctrl-C and SIGTERM are this run's to handle (it closes the browser itself)
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True,
                handle_sigint=False, handle_sigterm=False, handle_sighup=False,
            )
        except Exception as exc:
            raise RenderError(f"cannot start Chromium at {executable}: "
                              f"{str(exc).splitlines()[0]}; {INSTALL_HINT}") from None
        self.launches += 1
        return self._browser

    #: prints per page before it is replaced (bounds the renderer's memory)
    PAGE_RECYCLE = 50

    def _new_page(self) -> Any:
        browser = self._ensure_browser()
        context = browser.new_context(offline=True, java_script_enabled=False)
        # Belt and braces: the briefing loads nothing, and must not be able to.
        context.route("**/*", lambda route: route.abort()
                      if not route.request.url.startswith(("data:", "about:")) else route.continue_())
        page = context.new_page()
        page.set_default_timeout(self.timeout_ms)
        page.emulate_media(media="print")
        return page

    def _close_page(self) -> None:
        page, self._page = self._page, None
        if page is not None:
            try:
                page.context.close()
            except Exception:  # the browser is gone
                pass

    def _print(self, html: str, options: dict[str, Any]) -> bytes:
        # One page (one renderer process, fonts loaded once) serves every print: a new
        # context per PDF costs a renderer start and a CJK font load each time. Each
        # print replaces the whole document; JavaScript is off, so nothing carries over.
        if self._page is not None and (self._page_uses >= self.PAGE_RECYCLE
                                       or self._page.is_closed()
                                       or not self._browser or not self._browser.is_connected()):
            self._close_page()
        if self._page is None:
            self._page = self._new_page()
            self._page_uses = 0
        self._page_uses += 1
        try:
            page = self._page
            page.set_content(html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            return page.pdf(**options)
        except Exception:
            self._close_page()  # a fresh page for the next print
            raise

    def print_pdf(self, html: str, **options: Any) -> bytes:
        """Print an HTML document to PDF bytes; ``options`` go to ``page.pdf``."""
        return self._submit(self._print, html, options, timeout=self.print_timeout())

    def print_timeout(self) -> float:
        """Seconds one print may take in all (loading, fonts, printing): the page
        timeout covers loading only, ``page.pdf`` itself has none."""
        return 2 * self.timeout_ms / 1000 + 5

    def _shutdown(self) -> None:
        try:
            self._close_page()
            if self._browser is not None:
                self._browser.close()
        finally:
            self._browser = None
            if self._playwright is not None:
                self._playwright.stop()
                self._playwright = None

    def close(self) -> None:
        """Close the browser and its worker thread; the pool can be reused afterwards."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is None:
            return
        try:
            worker.submit(self._shutdown).result()
        except RuntimeError:  # interpreter shutting down: the driver process dies with us
            pass
        finally:
            worker.shutdown(wait=True)


_shared: dict[str | None, BrowserPool] = {}
_shared_lock = threading.Lock()


def shared_pool(executable: str | None = None) -> BrowserPool:
    """The process-wide pool (one per executable) used by exporters given no pool."""
    with _shared_lock:
        if executable not in _shared:
            _shared[executable] = BrowserPool(executable)
        return _shared[executable]


def close_shared_pool() -> None:
    """Close the process-wide pools, if any was started."""
    with _shared_lock:
        pools = list(_shared.values())
        _shared.clear()
    for pool in pools:
        pool.close()


# Close before concurrent.futures stops accepting work at interpreter exit (its hook is
# registered the same way, earlier, and these hooks run in reverse order).
_register = getattr(threading, "_register_atexit", None)
if _register is not None:
    _register(close_shared_pool)
else:  # pragma: no cover
    atexit.register(close_shared_pool)
