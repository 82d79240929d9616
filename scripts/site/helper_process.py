"""A helper process for the build's slow drawing and printing, run beside the build.

A build spends most of its time in one Python process, so on a machine with two or more
cores the figure PNGs, the share cards and the PDF briefs are made in a helper process while
the build renders pages and checks the site. `Helper.submit(function, *args)` sends a call
of a module-level function to the helper and returns a `Future`; the helper runs the calls
one after the other, in the order they were sent, and answers each with the function's
result or its exception, which `Future.result()` raises in the build as if the call had been
made there (so a `BriefError` still becomes the build's `file:line` message).

The helper is `python -m scripts.site.helper_process`, with the same code as the build. Calls
and answers are pickled over its standard input and a private copy of its standard output;
whatever a function prints goes to the build's standard error instead. A stop request never
leaves a helper behind: the helper runs in a session of its own and ignores Ctrl-C (the
build decides what a Ctrl-C stops), `stop_all()` (called when a build ends, however it ends)
and an exit handler kill every helper still running, and a helper whose build died outright
ends at the end of its input. The helper writes no file: what it makes is written by the
build, into the staging folder and the caches.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

# The folder holding `scripts/`: the helper runs the build's own code.
CODE_ROOT = Path(__file__).resolve().parents[2]
_running: set[Helper] = set()
_running_lock = threading.Lock()


class HelperFailed(RuntimeError):
    """The helper process ended before answering (it crashed, or was stopped)."""


class Helper:
    """One helper process and the calls sent to it that have not been answered yet."""

    def __init__(self, name: str = "helper") -> None:
        self.name = name
        self._pending: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._ended = False  # no more answers will come
        # A session of its own: a Ctrl-C in the terminal reaches the build, which stops
        # the helper, and never the helper while it is still starting.
        self._process = subprocess.Popen(
            [sys.executable, "-m", "scripts.site.helper_process"], cwd=CODE_ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
        with _running_lock:
            _running.add(self)
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_calls, daemon=True,
                                        name=f"{name}-calls")
        self._reader = threading.Thread(target=self._read_answers, daemon=True,
                                        name=f"{name}-answers")
        self._sender.start()
        self._reader.start()

    def submit(self, function: Callable | str, *args, **kwargs) -> Future:
        """Run `function(*args, **kwargs)` in the helper; its result or exception, later.

        `function` is a module-level function, or its name as `module:function`. Never
        waits: the call is sent by a thread of its own, as the helper reads its input only
        between calls, and a large call would otherwise wait for the one before to end.
        """
        target = (function if isinstance(function, str)
                  else f"{function.__module__}:{function.__qualname__}")
        future: Future = Future()
        with self._lock:
            if self._ended:
                future.set_exception(HelperFailed(self._ended_message()))
                return future
            number = self._next
            self._next += 1
            self._pending[number] = future
        self._outbox.put(pickle.dumps(number) + pickle.dumps((target, args, kwargs)))
        return future

    def _send_calls(self) -> None:
        while (message := self._outbox.get()) is not None:
            try:
                self._process.stdin.write(message)
                self._process.stdin.flush()
            except (OSError, ValueError):  # the helper has ended, or was killed
                break
        with contextlib.suppress(OSError, ValueError):
            self._process.stdin.close()

    def _read_answers(self) -> None:
        stream = self._process.stdout
        while True:
            try:
                number, succeeded, value = pickle.load(stream)
            except Exception:  # end of the stream (the helper ended), or a broken answer
                break
            with self._lock:
                future = self._pending.pop(number, None)
            if future is None:
                continue
            if succeeded:
                future.set_result(value)
            else:
                future.set_exception(value)
        self._fail_pending()

    def _fail_pending(self) -> None:
        with self._lock:
            self._ended = True
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(HelperFailed(self._ended_message()))

    def _ended_message(self) -> str:
        return (f"scripts/site/helper_process.py: the build's {self.name} helper process "
                f"ended (exit status {self._process.poll()}) before it finished its work. "
                "Fix: build again; if it ends again, its own message is above.")

    def close(self) -> None:
        """Let the helper finish the calls sent, then end (its input is closed)."""
        self._outbox.put(None)
        self._sender.join()
        self._process.wait()
        self._reader.join()
        self._forget()

    def kill(self) -> None:
        """End the helper now; calls not yet answered fail with HelperFailed."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._outbox.put(None)
        self._sender.join(timeout=5)
        self._reader.join(timeout=5)
        self._fail_pending()
        self._forget()

    def _forget(self) -> None:
        if not self._reader.is_alive():
            self._process.stdout.close()
        with _running_lock:
            _running.discard(self)


def stop_all() -> None:
    """Kill every helper still running (a build that failed or was stopped)."""
    with _running_lock:
        helpers = list(_running)
    for helper in helpers:
        helper.kill()


atexit.register(stop_all)


def _resolve(target: str) -> Callable:
    module_name, _, qualified = target.partition(":")
    found = importlib.import_module(module_name)
    for part in qualified.split("."):
        found = getattr(found, part)
    return found


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def serve(calls, answers) -> None:
    """Answer every call read from `calls` on `answers`, until `calls` ends."""
    while True:
        try:
            number = pickle.load(calls)
            target, args, kwargs = pickle.load(calls)
        except EOFError:
            return
        try:
            answer = (number, True, _resolve(target)(*args, **kwargs))
        except Exception as error:
            answer = (number, False, _picklable(error))
        pickle.dump(answer, answers)
        answers.flush()


def main() -> None:
    # The build decides what a Ctrl-C stops; it kills this process when it stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Answers go on a private copy of standard output; what the functions print goes to
    # standard error, so it cannot break an answer.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
