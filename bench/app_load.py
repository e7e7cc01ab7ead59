"""Benchmark: how fast the app's first map appears on localhost, and how heavy the page is.

Starts ``streamlit run app.py`` on a free loopback port, opens it in Debian's headless Chromium
(Playwright) several times and prints: time to the first map (land drawn), time to the tracks
and crossing flags, bytes transferred (decoded bodies, by type), and any request that left
localhost. Also writes screenshots to out/screenshots/ (1400x900 and 1280x720).

    .venv/bin/python bench/app_load.py [--runs 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from layers import PROJECT_DIR  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, _wait_healthy  # noqa: E402

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--readme", action="store_true",
                        help="also write docs/screenshot.png (2019 scenario at the A-50's first "
                             "Dokdo/Takeshima entry, 1400x900)")
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
            for run in range(args.runs):
                _measure(browser, url, run, shots)
            if args.readme:
                _readme_screenshot(browser, url, PROJECT_DIR / "docs" / "screenshot.png")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


def _timing(browser, url: str, size: dict) -> tuple[float, float]:
    """Seconds from navigation to the first land polygon and to the first crossing flag
    (nothing else recorded, so the figures are not slowed down by the measurement)."""
    context = browser.new_context(viewport=size)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    frame = page.frame_locator(MAP_IFRAME).last
    frame.locator("path.pm-land").first.wait_for(state="attached", timeout=60_000)
    first_map = time.perf_counter() - start
    frame.locator("path.pm-crossing").first.wait_for(state="attached", timeout=60_000)
    flags = time.perf_counter() - start
    context.close()
    return first_map, flags


def _measure(browser, url: str, run: int, shots: Path) -> None:
    size = {"width": 1400, "height": 900} if run % 2 == 0 else {"width": 1280, "height": 720}
    first_map, flags = _timing(browser, url, size)
    context = browser.new_context(viewport=size)
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    wire: list[int] = []
    client.on("Network.loadingFinished", lambda event: wire.append(int(event["encodedDataLength"])))
    sizes: Counter[str] = Counter()
    remote: list[str] = []

    def on_response(response) -> None:
        host = urlsplit(response.url).hostname
        if urlsplit(response.url).scheme in {"http", "https"} and host not in {"127.0.0.1", "localhost"}:
            remote.append(response.url)
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        kind = response.headers.get("content-type", "?").split(";")[0]
        sizes[kind] += len(body)

    def on_websocket(ws) -> None:
        ws.on("framereceived", lambda payload: sizes.update({"websocket": len(payload)}))

    page.on("response", on_response)
    page.on("websocket", on_websocket)
    page.on("request", lambda r: remote.append(r.url) if urlsplit(r.url).hostname not in {None, "127.0.0.1", "localhost"} else None)
    page.goto(url)
    frame = page.frame_locator(MAP_IFRAME).last
    frame.locator("path.pm-crossing").first.wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(1500)
    total = sum(sizes.values())
    print(f"run {run + 1} ({size['width']}x{size['height']}): first map {first_map:.2f} s, "
          f"tracks+flags {flags:.2f} s; page {total / 1e6:.2f} MB decoded "
          f"({', '.join(f'{k} {v / 1e3:.0f} kB' for k, v in sizes.most_common())}), "
          f"{sum(wire) / 1e6:.2f} MB over HTTP (compressed, without the websocket); "
          f"remote requests: {sorted(set(remote)) or 'none'}")
    page.screenshot(path=str(shots / f"app-{size['width']}x{size['height']}.png"))
    context.close()


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
    while "00:10 UTC" not in (slider.get_attribute("aria-valuetext") or ""):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(50)
    page.wait_for_timeout(3000)
    frame.locator("body").evaluate("() => map_div.setView([36.0, 130.3], 6.5)")
    page.wait_for_timeout(1500)
    png = page.screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")
    page.close()


if __name__ == "__main__":
    raise SystemExit(main())
