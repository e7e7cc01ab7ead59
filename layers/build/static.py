"""One JS file and one CSS file for the app's map: the vendored Leaflet and its plugins, joined.

streamlit-folium loads a map's scripts one after another (each waits for the one before), so
five vendored scripts cost five round trips before the map can draw. The app links this bundle
instead (:func:`layers.webmap.offline.localize`, ``mode="static"``): one script, one stylesheet.

The bundle is committed under ``static/bundle/`` and rebuilt with
``python -m layers build-static``; a test checks it still equals the vendored files it joins.
The files are joined unchanged, in load order, each after a comment naming it; relative
``url(...)`` references in the stylesheets are rewritten to point at the images in the
vendored folders.
"""

from __future__ import annotations

import re
from pathlib import Path

from layers.paths import STATIC_DIR

BUNDLE_FOLDER = "bundle"
BUNDLE_JS = f"{BUNDLE_FOLDER}/patrol-map.js"
BUNDLE_CSS = f"{BUNDLE_FOLDER}/patrol-map.css"

#: Vendored scripts in the bundle, in load order: Leaflet before its plugins.
JS_FILES: tuple[str, ...] = (
    "leaflet/leaflet.js",
    "leaflet-draw/leaflet.draw.js",
    "leaflet-measure/leaflet-measure.min.js",
    "leaflet-mouse-position/L.Control.MousePosition.js",
)
#: Vendored stylesheets in the bundle, in cascade order.
CSS_FILES: tuple[str, ...] = (
    "leaflet/leaflet.css",
    "leaflet-draw/leaflet.draw.css",
    "leaflet-measure/leaflet-measure.css",
    "leaflet-mouse-position/L.Control.MousePosition.css",
)

#: A relative ``url(...)`` in a stylesheet (an image beside it; not ``#fragment``, data or
#: absolute URLs). Also used by :mod:`layers.webmap.offline` to inline such images.
RELATIVE_CSS_URL = re.compile(r"url\((['\"]?)((?!data:|https?:|//|/|#)[^)'\"]+)\1\)")


def _banner(relative: str) -> str:
    return f"/* ---- static/{relative} (see static/README.md for version and licence) ---- */\n"


def bundle_js(static_dir: Path = STATIC_DIR) -> str:
    """The vendored scripts joined in load order. Each is followed by a newline and ``;`` so
    that a trailing ``//`` comment or a missing semicolon cannot swallow the next file."""
    return "".join(
        _banner(relative) + (static_dir / relative).read_text(encoding="utf-8") + "\n;\n"
        for relative in JS_FILES
    )


def _rebase_urls(css: str, relative: str, static_dir: Path) -> str:
    """Point ``url(images/x.png)`` in the stylesheet ``relative`` at the same image from
    ``static/bundle/`` (``../leaflet/images/x.png``). Unknown files are left alone."""
    folder = Path(relative).parent

    def rebase(match: re.Match[str]) -> str:
        target = folder / match.group(2)
        if not (static_dir / target).is_file():
            return match.group(0)
        return f"url({match.group(1)}../{target.as_posix()}{match.group(1)})"

    return RELATIVE_CSS_URL.sub(rebase, css)


def bundle_css(static_dir: Path = STATIC_DIR) -> str:
    """The vendored stylesheets joined in cascade order, image URLs rebased."""
    return "".join(
        _banner(relative)
        + _rebase_urls((static_dir / relative).read_text(encoding="utf-8"), relative, static_dir)
        + "\n"
        for relative in CSS_FILES
    )


def write_bundle(static_dir: Path = STATIC_DIR) -> list[Path]:
    """Write ``static/bundle/patrol-map.js`` and ``.css``; return their paths."""
    written = []
    for relative, text in ((BUNDLE_JS, bundle_js(static_dir)), (BUNDLE_CSS, bundle_css(static_dir))):
        path = static_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
