"""Shared fixtures: the command line run in-process, the real Streamlit server on 127.0.0.1 and
Debian's Chromium for Playwright.

Command-line tests use ``cli``: ``python -m layers …`` without starting a process (a few
subprocess smoke tests in tests/cli/test_smoke.py check the real thing).
Browser tests (marker ``browser``) use pytest-playwright's ``page`` fixture; the browser is
/usr/bin/chromium (never ``playwright install``). They fail, never skip, when it is missing.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
import traceback
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from layers.paths import PROJECT_DIR

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
]
SERVER_START_TIMEOUT_S = 60
ARTIFACTS_DIR = PROJECT_DIR / "out" / "screenshots"  # git-ignored; pytest-playwright empties test-results/


# ---------------------------------------------------------------- the command line, in-process

#: ``warnings.filters`` of a fresh ``python`` (no -W, no PYTHONWARNINGS): what the real
#: command line runs with, whatever pytest has set.
_PYTHON_DEFAULT_WARNING_FILTERS = [
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, ""),
    ("ignore", PendingDeprecationWarning, ""),
    ("ignore", ImportWarning, ""),
    ("ignore", ResourceWarning, ""),
]


def _pipe(errors: str) -> io.TextIOWrapper:
    """A stand-in for a process's piped stdout/stderr: text over bytes, with ``.buffer`` for
    binary output; ``write_through`` keeps text and byte writes in the order they were made."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, newline="\n",
                            write_through=True)


def _read_pipe(stream: io.TextIOWrapper) -> str:
    """What ``subprocess.run(..., text=True)`` reads from the pipe: UTF-8, universal newlines."""
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", newline=None).read()


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """Python's own warning display (to the current ``sys.stderr``), not pytest's recorder."""
    (file or sys.stderr).write(warnings.formatwarning(message, category, filename, lineno, line))


def run_cli_in_process(*args: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None
                       ) -> subprocess.CompletedProcess[str]:
    """``python -m layers *args`` run in this process, as ``subprocess.run(..., capture_output=True,
    text=True)`` would report it: exit code (argparse's ``SystemExit(2)``, ``sys.exit`` rules,
    1 and a traceback on stderr for an uncaught exception), stdout and stderr as text.

    Standard output accepts bytes through ``sys.stdout.buffer``; warnings are shown on stderr
    under Python's default filters, as in a fresh process; ``cwd`` is entered and left again.
    """
    import layers.__main__ as entry

    argv = [os.fspath(a) for a in args]
    stdout, stderr = _pipe("strict"), _pipe("backslashreplace")
    old_cwd, old_argv = os.getcwd(), sys.argv
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.argv = [str(entry.__file__), *argv]  # as under ``python -m layers``
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
                warnings.catch_warnings():
            warnings.resetwarnings()
            for action, category, module in reversed(_PYTHON_DEFAULT_WARNING_FILTERS):
                warnings.filterwarnings(action, category=category, module=module)
            warnings.showwarning = _show_warning
            try:
                code: object = entry.main(argv)
            except SystemExit as exc:
                code = exc.code
            except Exception:
                traceback.print_exc()
                code = 1
            if code is None:
                code = 0
            elif isinstance(code, int):
                code %= 256  # the exit status a parent sees
            else:  # sys.exit("message"): printed, exit status 1
                print(code, file=sys.stderr)
                code = 1
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
    return subprocess.CompletedProcess([sys.executable, "-m", "layers", *argv], code,
                                       _read_pipe(stdout), _read_pipe(stderr))


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m layers ARGS…`` in-process: ``cli("crossings", path, cwd=dir)`` returns a
    :class:`subprocess.CompletedProcess` with ``returncode``, ``stdout`` and ``stderr`` (text)."""
    return run_cli_in_process


# ---------------------------------------------------------------- the Streamlit server

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not start in {SERVER_START_TIMEOUT_S} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def streamlit_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of ``streamlit run app.py`` on a free loopback port, for the whole session."""
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--server.enableStaticServing", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright hook: launch Debian's Chromium with flags that work as root, offline."""
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium (see .ci/run)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright hook: the page size of the README screenshot."""
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}}


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where browser tests save screenshots (git-ignored ``out/screenshots/``)."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR
