"""Live preview for authors: one strict build per save, served with live reload.

    python -m scripts.mkdocs_adapter.serve [--language id] [--full] [--dev-addr HOST:PORT]

Run from the project root (as `scripts/dev.py serve` does), so the hooks import `scripts`.
Dates come from SOURCE_DATE_EPOCH as in a build, so the preview shows what a build would;
BRIEF_GENERATOR=properdocs previews with ProperDocs (see scripts/mkdocs_adapter/build.py).

What it does besides MkDocs' own `serve` (whose server, `LiveReloadServer`, it extends):
- a failed build does not leave the browser waiting: every page request gets a page with the
  build's messages (`file:line: ...`) in the page's language (scripts/tools/preview_pages.py),
  which reloads by itself once a later build succeeds;
- after the first build, a save of a page's text renders that page again, in each language,
  and an edit of a notebook or its data the pages that show what changed, instead of the
  whole site (scripts/mkdocs_adapter/incremental.py says which saves qualify; every other
  save, and every save after a failed full build, makes a full build);
- one build per save: the watcher reacts to writes, creations, moves and deletions only (not
  to the build reading files), and ignores what tools write beside the sources (`__pycache__`,
  editors' hidden swap and backup files);
- the watcher is the system's own (inotify on Linux) instead of a 0.5 s polling loop, and
  it watches everything a build reads (`build_inputs()`), whatever mkdocs.yml's `watch:` says;
- the preview leaves out the PDF briefs, the share cards and the search index, the slowest
  steps after the pages (`--full` makes them too), and says so in the terminal, in the
  search box, and for the PDF's address;
- `--language id` builds the default language only, about half the work per save; the
  language switcher and the other language's addresses say what is left out.
Every other check of a build runs: both languages (unless `--language`), strict.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import posixpath
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scripts.build import source_date_epoch
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES
from scripts.mkdocs_adapter.build import (
    SiteBuildFailed,
    configure_logging,
    quiet_maintainer_notices,
    use_chosen_generator,
)
from scripts.paths import ProjectPaths
from scripts.tools import preview_pages

if TYPE_CHECKING:
    from scripts.mkdocs_adapter import incremental

# Event kinds that mean a file's content or presence changed. Opening and reading a file (as
# every build does) are events too on Linux; reacting to them would rebuild forever.
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})
# Written beside the sources by Python and by editors, never read by a build.
IGNORED_FOLDERS = frozenset({"__pycache__"})
IGNORED_SUFFIXES = (".pyc", ".swp", ".swx", ".tmp", "~")
VIM_WRITE_TEST = "4913"  # the file vim creates and deletes to test that a folder is writable

log = logging.getLogger("mkdocs.preview")


def ignored(path: str, root: str) -> bool:
    """Whether a change to `path` (under the watched `root`) cannot matter to a build."""
    try:
        parts = PurePosixPath(Path(path).relative_to(root).as_posix()).parts
    except ValueError:
        parts = PurePosixPath(Path(path).as_posix()).parts
    name = parts[-1] if parts else ""
    return (any(part in IGNORED_FOLDERS or part.startswith(".") for part in parts)
            or name.endswith(IGNORED_SUFFIXES) or name == VIM_WRITE_TEST
            or (name.startswith("#") and name.endswith("#")))


def _server_classes():
    """The preview server, defined once the chosen generator's modules can be imported."""
    import wsgiref.simple_server

    import watchdog.events
    import watchdog.observers
    from mkdocs.livereload import LiveReloadServer

    class QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
        # MkDocs logs every answer other than 200 as a warning; a warning logged while a
        # build runs counts against that build in strict mode, so a browser asking for a
        # missing icon would fail it. Shown as information instead.
        def log_request(self, code="-", size="-"):
            level = logging.DEBUG if str(code) in {"200", "302", "304"} else logging.INFO
            log.log(level, f'"{self.requestline}" code {code}')

        def log_message(self, format, *args):
            log.debug(format, *args)

    class Changes(watchdog.events.FileSystemEventHandler):
        """Asks the server for a build when a file under `root` (or the file `only`) changes."""

        def __init__(self, server: PreviewServer, root: str, only: str | None = None):
            self.server, self.root, self.only = server, root, only

        def on_any_event(self, event) -> None:
            if event.event_type not in CHANGES or (
                    event.is_directory and event.event_type != "moved"):
                return
            paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
            paths = [os.fsdecode(p) for p in paths]
            if self.only is not None:
                wanted = [p for p in paths if os.path.abspath(p) == self.only]
            else:
                wanted = [p for p in paths if not ignored(p, self.root)]
            if wanted:
                log.debug(f"{event.event_type}: {wanted[0]}")
                self.server.request_build(wanted)

    class PreviewServer(LiveReloadServer):
        """MkDocs' live-reload server that keeps answering when a build fails."""

        def __init__(self, *, left_out: str | None, extras: bool, **kwargs) -> None:
            super().__init__(**kwargs)
            self.RequestHandlerClass = QuietHandler
            self.observer = watchdog.observers.Observer()
            self.left_out = left_out  # a language whose pages are not built, or None
            self.extras = extras  # whether the PDF briefs, cards and search are built
            self.failure: list[str] | None = None  # the last build's messages, if it failed
            self.changed: set[str] = set()  # files changed since the last build started

        def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
            path = os.path.abspath(path)
            if path in self._watched_paths:
                self._watched_paths[path] += 1
                return
            self._watched_paths[path] = 1
            if os.path.isdir(path):
                handler, target = Changes(self, path), path
            else:  # a single file: watch its folder for that name only
                handler, target = Changes(self, os.path.dirname(path), only=path), \
                    os.path.dirname(path)
                recursive = False
            self._watch_refs[path] = self.observer.schedule(handler, target,
                                                            recursive=recursive)

        def request_build(self, paths: list[str]) -> None:
            with self._rebuild_cond:
                self.changed.update(paths)
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def take_changes(self) -> set[str]:
            """The files changed since the last call; a change after it asks for a build."""
            with self._rebuild_cond:
                changed, self.changed = self.changed, set()
            return changed

        def _serve_request(self, environ, start_response):
            path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
            if path.startswith("/livereload/") or not (path + "/").startswith(
                    self.mount_path):
                return super()._serve_request(environ, start_response)
            relative = path[len(self.mount_path):]
            # As MkDocs does: nothing is answered from a half-built site.
            with self._epoch_cond:
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch, failure = self._visible_epoch, self.failure
            language = preview_pages.language_of_address(relative)
            is_page = relative.endswith(("/", ".html")) or not PurePosixPath(relative).suffix
            if failure is not None and is_page:
                return self._notice(start_response, "500 Internal Server Error",
                                    preview_pages.error_page(failure, language), epoch)
            if is_page and self.left_out and language == self.left_out:
                return self._notice(start_response, "404 Not Found",
                                    preview_pages.left_out_page("language", language), epoch)
            inside = posixpath.normpath("/" + relative).lstrip("/")
            if not self.extras and inside.endswith(".pdf") and _empty(
                    os.path.join(self.root, inside)):  # the PDF brief's placeholder
                return self._notice(start_response, "404 Not Found",
                                    preview_pages.left_out_page("pdf", language), epoch)
            return super()._serve_request(environ, start_response)

        def _notice(self, start_response, status: str, page: str, epoch: int):
            body = self._inject_js_into_html(page.encode("utf-8"), epoch)
            start_response(status, [("Content-Type", "text/html; charset=utf-8"),
                                    ("Content-Length", str(len(body))),
                                    ("Cache-Control", "no-store")])
            return [body]

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            if not self.extras:
                content = preview_pages.with_search_notice(content.decode("utf-8")).encode(
                    "utf-8")
            return super()._inject_js_into_html(content, epoch)

    return PreviewServer


def generator_loggers() -> list[logging.Logger]:
    """The loggers a build writes to: MkDocs' name, which the hooks use, and the name of the
    generator actually imported (`properdocs` when BRIEF_GENERATOR says so)."""
    from mkdocs.commands import build

    names = dict.fromkeys(["mkdocs", build.__name__.split(".")[0]])
    return [logging.getLogger(name) for name in names]


def show_generator_log() -> None:
    """Print the generator's own log (the server's address, its notices) like MkDocs'."""
    shown = logging.getLogger("mkdocs")
    for logger in generator_loggers():
        if logger is not shown:
            logger.handlers[:] = shown.handlers
            logger.setLevel(shown.level)
            logger.propagate = False


class _Messages(logging.Handler):
    """Collects what a build logs as a warning or error: in strict mode, its reasons to fail."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.levels: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.endswith(".livereload"):
            self.messages.append(record.getMessage())
            self.levels[record.levelname] = self.levels.get(record.levelname, 0) + 1

    def strict_summary(self) -> str:
        """MkDocs' own summary when a strict build ends with warnings or errors."""
        counts = ", ".join(f"{count} {level.lower()}s" for level, count in self.levels.items())
        return f"Aborted with {counts} in strict mode!"


@contextlib.contextmanager
def collected_messages() -> Iterator[_Messages]:
    """What the generator logs as a warning or error while the block runs."""
    messages = _Messages()
    for logger in generator_loggers():
        logger.addHandler(messages)
    try:
        yield messages
    finally:
        for logger in generator_loggers():
            logger.removeHandler(messages)


class Preview:
    """One preview session: its options, its build folder and how each build is made."""

    def __init__(self, config_file: Path, language: str | None, full: bool,
                 dev_addr: str | None) -> None:
        self.config_file = config_file
        self.language = language
        self.full = full
        self.dev_addr = dev_addr
        self.site_dir = tempfile.mkdtemp(prefix="brief-preview-")
        self.serve_url = ""
        self.builds = 0
        self.recorder: incremental.Recorder | None = None  # of the build in progress
        self.session: incremental.Session | None = None  # the last good full build

    def load_config(self):
        from mkdocs.config import load_config

        from scripts.mkdocs_adapter import incremental
        from scripts.mkdocs_adapter.hooks import QUICK_PREVIEW

        options = {"dev_addr": self.dev_addr} if self.dev_addr else {}
        config = load_config(str(self.config_file), strict=True, site_dir=self.site_dir,
                             **options)
        if self.serve_url:
            config.site_url = self.serve_url
        config[QUICK_PREVIEW] = not self.full
        if self.language:
            self._one_language(config)
        self.recorder = incremental.Recorder()
        config.plugins[incremental.RECORDER] = self.recorder
        return config

    def _one_language(self, config) -> None:
        """Build `self.language` only; the switcher still lists the others, marked as left
        out, and their addresses answer with a notice (PreviewServer)."""
        i18n = config.plugins.get("i18n")
        base = urlsplit(config.site_url or "/").path.rstrip("/")
        switcher = []
        for each in i18n.config.languages:
            name = each.name
            if each.locale != self.language:
                each.build = False
                name = preview_pages.left_out_switch_name(name, self.language)
            link = f"{base}/" if each.locale == DEFAULT_LANGUAGE else f"{base}/{each.locale}/"
            switcher.append({"name": name, "link": link, "lang": each.locale})
        # The i18n plugin makes the switcher only when two languages are built; set the one
        # the site would have, with the left-out language marked.
        config.extra["alternate"] = switcher

    def rebuild(self, changed: set[str]) -> list[str] | None:
        """After a save: render the changed pages again when that is enough, else build the
        whole site; the messages when it failed, else None."""
        from scripts.mkdocs_adapter import incremental

        if self.session is not None and changed:
            try:
                return self._incremental(self.session, changed)
            except incremental.FullBuildNeeded as reason:
                log.info(f"Full rebuild: {reason}.")
        return self.build()

    def _incremental(self, session: incremental.Session, changed: set[str]
                     ) -> list[str] | None:
        from mkdocs.exceptions import BuildError

        from scripts.mkdocs_adapter import incremental

        self.builds += 1
        started = time.monotonic()
        summary = ""
        with collected_messages() as messages:
            try:
                session.update(changed)
            except incremental.FullBuildNeeded:
                self.builds -= 1  # counted by the full build that follows
                raise
            except BuildError as error:  # logged as a full build logs it
                logging.getLogger("mkdocs.commands.build").error(str(error))
                summary = "BuildError"
            except Exception as error:  # a fault in the generator or the project's code
                traceback.print_exc()
                summary = f"{type(error).__name__}: {error}"
        if not summary and not messages.messages:
            session.succeeded()
            log.info(f"Preview built in {time.monotonic() - started:.2f} s "
                     f"(build {self.builds}, the changed pages only)")
            return None
        if not summary:  # warnings only: strict fails the build at its end, as MkDocs does
            summary = messages.strict_summary()
        return self._failed(messages, summary)

    def build(self, config=None) -> list[str] | None:
        """One build into the preview folder; its messages when it failed, else None."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort, BuildError, ConfigurationError

        from scripts.mkdocs_adapter import incremental

        self.builds += 1
        self.session = None
        started = time.monotonic()
        summary = ""
        with collected_messages() as messages:
            try:
                config = config or self.load_config()
                build(config, serve_url=self.serve_url or config.site_url)
            except (Abort, BuildError, ConfigurationError) as error:
                summary = str(getattr(error, "message", None) or error)
            except Exception as error:  # a fault in the generator or the project's code
                traceback.print_exc()
                summary = f"{type(error).__name__}: {error}"
            else:
                log.info(f"Preview built in {time.monotonic() - started:.2f} s "
                         f"(build {self.builds})")
                self.session = incremental.Session(config, self.recorder)
                return None
        return self._failed(messages, summary)

    def _failed(self, messages: _Messages, summary: str) -> list[str]:
        found = [m for m in messages.messages if m.strip()]
        if summary and "BuildError" not in summary:  # MkDocs' summary of an error shown
            found.append(summary)
        log.error(f"Preview build failed (build {self.builds}); the browser shows why. "
                  "Fix the file and save.")
        return found or [summary or "The build failed; see the terminal."]

    def notice(self) -> str:
        parts = []
        if not self.full:
            parts.append("leaves out the PDF briefs, the share cards and the search index "
                         "(made by `python3 scripts/dev.py build`; `dev.py serve --full` "
                         "previews them too)")
        if self.language:
            others = ", ".join(each for each in LANGUAGES if each != self.language)
            parts.append(f"builds the pages in `{self.language}` only; the pages in "
                         f"{others} are not built (run `dev.py serve` without --language)")
        return "The preview " + "; it ".join(parts) + "." if parts else ""


def serve(preview: Preview, open_in_browser: bool = False) -> int:
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.livereload import _serve_url

    server_class = _server_classes()
    try:
        config = preview.load_config()
    except ConfigurationError as error:
        print(f"{preview.config_file.name}: {error}", file=sys.stderr)
        return 1
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = preview.serve_url = _serve_url(host, port, mount_path)
    server = server_class(builder=lambda: _rebuild(server, preview), host=host, port=port,
                          root=preview.site_dir, mount_path=mount_path,
                          left_out=_left_out(preview.language), extras=preview.full)
    try:
        if preview.notice():
            log.info(preview.notice())
        server.failure = preview.build(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        server = config.plugins.on_serve(server, config=config, builder=server.builder)
        for item in [*config.watch, *build_inputs(Path(config.config_file_path).parent)]:
            server.watch(item)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(preview.site_dir, ignore_errors=True)
    return 0


def build_inputs(root: Path) -> list[str]:
    """What a build reads besides the pages and mkdocs.yml, so that the preview rebuilds when
    any of it changes whatever mkdocs.yml's `watch:` lists: notebooks and their data, the
    bibliography, the citation record, the generator's code, the locked versions (part of
    the notebook cache's key)."""
    paths = ProjectPaths(root)
    wanted = (paths.notebooks, paths.bib, paths.citation_record, root / "scripts",
              paths.site_lock)
    return [str(path) for path in wanted if path.exists()]


def _empty(path: str) -> bool:
    try:
        return os.path.getsize(path) == 0
    except OSError:
        return False


def _rebuild(server, preview: Preview) -> None:
    # Recorded before the server shows the new version, so no request sees the old outcome.
    server.failure = preview.rebuild(server.take_changes())


def _left_out(language: str | None) -> str | None:
    return next((each for each in LANGUAGES if language and each != language), None)


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-a", "--dev-addr", metavar="HOST:PORT",
                        help="address to serve on (default: dev_addr of mkdocs.yml, "
                             "127.0.0.1:8000)")
    parser.add_argument("--language", choices=[DEFAULT_LANGUAGE],
                        help="build the pages of this language only (faster); the site's "
                             "root is in the default language, so only it can be previewed "
                             "alone")
    parser.add_argument("--full", action="store_true",
                        help="also make the PDF briefs, share cards and search index, as a "
                             "build does (slower)")
    parser.add_argument("--open", action="store_true", help="open the preview in a browser")
    parser.add_argument("--verbose", action="store_true", help="show the generator's debug log")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="the site's configuration (default: mkdocs.yml here)")
    args = parser.parse_args(argv)
    if args.full and args.language:
        parser.error("--full makes the PDF briefs and search index of every language; "
                     "use it without --language.")
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(Path.cwd()))
    quiet_maintainer_notices()
    configure_logging(args.verbose)
    try:
        use_chosen_generator()
    except SiteBuildFailed as error:
        print(error, file=sys.stderr)
        return 2
    show_generator_log()
    if not args.config.is_file():
        print(f"No configuration file at {args.config.resolve()}: run the preview from the "
              "project's folder.", file=sys.stderr)
        return 2
    # A stop request from a script (SIGTERM) ends the preview as Ctrl-C does: the build in
    # progress stops, its notebook kernels included, and the preview folder is removed.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    # Line-buffered, so a log reader (a test, the benchmark) sees each line as it comes.
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(line_buffering=True)
    preview = Preview(args.config.resolve(), args.language, args.full, args.dev_addr)
    try:
        return serve(preview, args.open)
    except KeyboardInterrupt:
        shutil.rmtree(preview.site_dir, ignore_errors=True)
        return 130


if __name__ == "__main__":
    sys.exit(main())
