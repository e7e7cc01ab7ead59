"""Benchmark: how fast the app's first map appears on localhost, and how heavy the page is.

Starts ``streamlit run app.py`` on a free loopback port and opens it in Debian's headless
Chromium (Playwright). Prints, as the median (min-max) of several page loads:

- time from navigation start to the first paint of the map (land), of the crossing flags and
  of the events table (which follows the map: see ``_tabs_wait_for_the_map`` in app.py), as
  recorded in the page, with a cold browser cache (a first visit: a new browser profile each
  time) and a warm one (a returning visitor: one profile);
- the bytes a first and a returning visit move, split by who sends them: Streamlit's own front
  end (``/static/``, served uncompressed by Streamlit's design, cached for a year), the map
  component's front end (``/component/``), this app's Leaflet bundle (``/app/static/``), and the
  websocket (the map script and the page's elements; decoded size, and the size after the
  permessage-deflate that ``server.enableWebsocketCompression`` turns on, estimated by deflating
  each message with the negotiated 4 kB window);
- any request that left localhost (there must be none).

Screenshots go to out/screenshots/ (1400x900 and 1280x720).

    .venv/bin/python bench/app_load.py [--runs 5] [--readme]
"""

from __future__ import annotations

import argparse
import base64
import statistics
import subprocess
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from layers.paths import PROJECT_DIR
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, _wait_healthy

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TABLE = '[data-testid="stDataFrame"]'
SIZES = ({"width": 1400, "height": 900}, {"width": 1280, "height": 720})
#: permessage-deflate window the server negotiates (server_max_window_bits=12).
WS_WINDOW_BITS = 12


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per measure (default 5)")
    parser.add_argument("--readme", action="store_true",
                        help="also write docs/screenshot.png (2019 scenario at the A-50's first "
                             "Dokdo/Takeshima entry, 1400x900) and docs/classroom.png (presentation "
                             "mode at that entry, 1280x720)")
    args = parser.parse_args()
    port = _free_port()
    log = PROJECT_DIR / "out" / "bench-streamlit.log"
    log.parent.mkdir(exist_ok=True)
    shots = PROJECT_DIR / "out" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false"]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            started = time.perf_counter()
            first = _cold(browser, url, SIZES[0])
            print(f"first visit after the server started (imports, crossing report): first map "
                  f"{first[0]:.2f} s, table {first[2]:.2f} s "
                  f"({time.perf_counter() - started:.0f} s with the wait for quiet)")
            _report("cold browser cache (first visit)",
                    [_cold(browser, url, SIZES[run % 2]) for run in range(args.runs)])
            warm = browser.new_context(viewport=SIZES[0])
            _timing(warm, url)  # fills the cache
            _report("warm browser cache (returning visitor)", [_timing(warm, url) for _ in range(args.runs)])
            cold = browser.new_context(viewport=SIZES[1])
            _weight(cold, url, "first visit", shots)
            cold.close()
            _weight(warm, url, "returning visit", shots)
            warm.close()
            if args.readme:
                _readme_screenshot(browser, url, PROJECT_DIR / "docs" / "screenshot.png")
                _classroom_screenshots(browser, url, PROJECT_DIR / "docs" / "classroom.png", shots)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


def _cold(browser, url: str, size: dict) -> tuple[float, float, float]:
    """:func:`_timing` in a new browser profile (empty cache), closed afterwards."""
    context = browser.new_context(viewport=size)
    try:
        return _timing(context, url)
    finally:
        context.close()


#: Records in the page (epoch ms) when each watched element is first painted: on every
#: animation frame (just before the browser paints) it looks for the element in the page and
#: in its same-origin iframes (the map). Runs in the top window only.
PAINT_PROBE = """
(() => {
  if (window.top !== window) return;
  const watched = {land: 'path.pm-land', flags: 'path.pm-crossing', table: '[data-testid="stDataFrame"]'};
  const marks = (window.__pmPainted = {});
  const found = (selector) => {
    if (document.querySelector(selector)) return true;
    for (const frame of document.querySelectorAll('iframe')) {
      try { if (frame.contentDocument && frame.contentDocument.querySelector(selector)) return true; }
      catch (error) { /* another origin: not the map */ }
    }
    return false;
  };
  const tick = () => {
    const now = performance.timeOrigin + performance.now();
    for (const [name, selector] of Object.entries(watched)) {
      if (!(name in marks) && found(selector)) marks[name] = now;
    }
    if (Object.keys(marks).length < Object.keys(watched).length) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


def _timing(context, url: str) -> tuple[float, float, float]:
    """Seconds from navigation start to the first paint of land, of a crossing flag and of the
    events table, as the page itself records them (:data:`PAINT_PROBE`), so the figures do not
    depend on how fast the test driver polls. The context keeps its cache between calls."""
    page = context.new_page()
    page.add_init_script(PAINT_PROBE)
    page.goto(url)
    page.locator(TABLE).wait_for(state="visible", timeout=60_000)
    page.wait_for_function(
        "() => ['land', 'flags', 'table'].every(k => (window.__pmPainted || {})[k])", timeout=60_000
    )
    marks = page.evaluate("() => ({...window.__pmPainted, start: performance.timeOrigin})")
    page.wait_for_timeout(1000)  # let the page's last reruns finish before the next load
    page.close()
    return tuple((marks[name] - marks["start"]) / 1000 for name in ("land", "flags", "table"))


def _report(label: str, runs: list[tuple[float, float, float]]) -> None:
    def stats(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"

    maps, flags, tables = zip(*runs, strict=True)
    print(f"{label}, {len(runs)} loads: first map {stats(list(maps))}, flags {stats(list(flags))}, "
          f"events table {stats(list(tables))}")


def _sender(url: str) -> str:
    path = urlsplit(url).path
    if path.startswith("/static/"):
        return "Streamlit front end"
    if path.startswith("/component/"):
        return "map component"
    if path.startswith("/app/static/"):
        return "Leaflet bundle"
    return "page and health checks"


def _weight(context, url: str, label: str, shots: Path) -> None:
    """Bytes moved by one page load until the events table shows (plus 1.5 s), by sender."""
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    urls: dict[str, str] = {}
    wire: Counter[str] = Counter()
    decoded: Counter[str] = Counter()
    frames: list[bytes] = []
    remote: list[str] = []

    def sent(event) -> None:
        urls[event["requestId"]] = event["request"]["url"]
        host = urlsplit(event["request"]["url"]).hostname
        if host not in {None, "127.0.0.1", "localhost"}:
            remote.append(event["request"]["url"])

    def received(event) -> None:
        decoded[_sender(urls.get(event["requestId"], ""))] += int(event["dataLength"])

    def finished(event) -> None:
        wire[_sender(urls.get(event["requestId"], ""))] += int(event["encodedDataLength"])

    def frame(event) -> None:
        response = event["response"]
        data = response["payloadData"]
        frames.append(base64.b64decode(data) if response["opcode"] == 2 else data.encode())

    deflate: list[bool] = []
    client.on("Network.webSocketHandshakeResponseReceived", lambda event: deflate.append(
        "permessage-deflate" in str(event["response"]["headers"]).lower()))
    client.on("Network.requestWillBeSent", sent)
    client.on("Network.dataReceived", received)
    client.on("Network.loadingFinished", finished)
    client.on("Network.webSocketFrameReceived", frame)
    page.goto(url)
    page.frame_locator(MAP_IFRAME).last.locator("path.pm-crossing").first.wait_for(
        state="attached", timeout=60_000)
    page.locator(TABLE).wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1500)
    size = page.viewport_size or SIZES[0]
    page.screenshot(path=str(shots / f"app-{size['width']}x{size['height']}.png"))
    page.close()
    ws_decoded = sum(len(f) for f in frames)
    compressed = bool(deflate) and all(deflate)
    ws_wire = sum(len(_deflate(f)) if compressed else len(f) for f in frames)
    http = sum(wire.values())
    parts = ", ".join(f"{name} {wire[name] / 1e6:.2f} MB" for name in sorted(wire, key=wire.get, reverse=True))
    print(f"{label}: {(http + ws_wire) / 1e6:.2f} MB on the wire = HTTP {http / 1e6:.2f} MB "
          f"({parts}; {sum(decoded.values()) / 1e6:.2f} MB decoded, cache hits included) + websocket "
          f"{'~' if compressed else ''}{ws_wire / 1e6:.2f} MB "
          f"({'permessage-deflate, estimated' if compressed else 'not compressed'}; "
          f"{ws_decoded / 1e6:.2f} MB decoded, {len(frames)} messages); "
          f"remote requests: {sorted(set(remote)) or 'none'}")


def _deflate(message: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -WS_WINDOW_BITS)
    return compressor.compress(message) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _readme_screenshot(browser, url: str, path: Path) -> None:
    """The page with the time slider at 09:10 KST (00:10 UTC): all three aircraft airborne,
    the A-50 inside the Dokdo/Takeshima airspace; the map zoomed on the Korea Strait and the
    Sea of Japan (East Sea). Saved as a palette PNG (< 400 kB)."""
    import io

    from PIL import Image

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url)
    frame = page.frame_locator(MAP_IFRAME).last
    frame.locator("path.pm-crossing").first.wait_for(state="attached", timeout=60_000)
    slider = page.locator('[aria-valuetext*="UTC"]')
    slider.focus()
    for _ in range(9):  # PageDown on the slider: the next reported event; the 9th is 09:09 KST
        page.keyboard.press("PageDown")
    page.locator('[aria-valuetext*="00:09"]').last.wait_for(timeout=30_000)
    while "00:10 UTC" not in (slider.last.get_attribute("aria-valuetext") or ""):
        before = slider.last.get_attribute("aria-valuetext")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(b) => !document.querySelector(`[aria-valuetext='${b}']`)", arg=before,
                               timeout=15_000)
    page.wait_for_timeout(3000)
    frame.locator("body").evaluate("() => map_div.setView([36.0, 130.3], 6.5)")
    page.wait_for_timeout(1500)
    png = page.screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")
    page.close()


def _classroom_screenshots(browser, url: str, path: Path, shots: Path) -> None:
    """Presentation mode at the A-50's first Dokdo/Takeshima entry (nine presses of a clicker's
    PageDown): 1280x720 to ``path`` (palette PNG) and 1920x1080 to ``shots``."""
    import io

    from PIL import Image

    for width, height in ((1280, 720), (1920, 1080)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{url}/?mode=present")
        page.locator('html[data-pm-keys="page"]').wait_for(state="attached", timeout=60_000)
        page.wait_for_timeout(1500)
        for _ in range(9):
            page.keyboard.press("PageDown")
        page.locator(".st-key-pm-card", has_text="Entry · A-50").wait_for(timeout=30_000)
        page.wait_for_timeout(3000)
        png = page.screenshot()
        (shots / f"classroom-{width}x{height}.png").write_bytes(png)
        if width == 1280:
            image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
            image.save(path, optimize=True)
            print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")
        page.close()


if __name__ == "__main__":
    raise SystemExit(main())
