"""Shared fixtures: the real Streamlit server on 127.0.0.1 and Debian's Chromium for Playwright.

Browser tests (marker ``browser``) use pytest-playwright's ``page`` fixture; the browser is
/usr/bin/chromium (never ``playwright install``). They fail, never skip, when it is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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
