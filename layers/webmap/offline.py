"""Make a folium map work without the internet: every JS/CSS link points to a vendored file.

folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs, and streamlit-folium stops
loading the map at the first JS link that fails (a blank map, no error). :func:`localize`
rewrites each element's ``default_js``/``default_css`` to a file under ``static/`` (served by
Streamlit at ``/app/static/...``) or to a ``data:`` URI (a self-contained HTML file), drops
the links the map does not need, and raises :class:`UnvendoredAssetError` on any other URL.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import folium
from branca.element import Element

from layers.build.static import BUNDLE_CSS, BUNDLE_JS, CSS_FILES, JS_FILES, RELATIVE_CSS_URL
from layers.paths import STATIC_DIR
from layers.webmap.features import render_html

Mode = Literal["static", "inline"]

#: Where Streamlit serves ``static/`` (``server.enableStaticServing``).
STATIC_URL_PREFIX = "/app/static/"

#: folium's names for the bundle's two links (folium's header keeps one tag per name).
BUNDLE_JS_NAME, BUNDLE_CSS_NAME = "patrol-map-js", "patrol-map-css"

#: CDN URL used by folium 0.20 -> vendored file under ``static/``.
VENDORED: dict[str, str] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
    # plugins (see static/README.md for versions and licences)
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.draw/1.0.2/leaflet.draw.js":
        "leaflet-draw/leaflet.draw.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.draw/1.0.2/leaflet.draw.css":
        "leaflet-draw/leaflet.draw.css",
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js":
        "leaflet-measure/leaflet-measure.min.js",
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css":
        "leaflet-measure/leaflet-measure.css",
    "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/L.Control.MousePosition.min.js":
        "leaflet-mouse-position/L.Control.MousePosition.js",
    "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/L.Control.MousePosition.min.css":
        "leaflet-mouse-position/L.Control.MousePosition.css",
}

#: CDN links folium adds by default that this map never uses (no ``folium.Icon`` markers, no
#: Bootstrap-styled popups): dropped instead of vendored.
UNUSED: frozenset[str] = frozenset(
    {
        "https://code.jquery.com/jquery-3.7.1.min.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
    }
)

_MIME = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}

#: Attribute values and CSS/JS constructs through which a browser fetches a resource.
_FETCHED_URL = re.compile(
    r"""(?:\bsrc\s*=\s*["']?|<link\b[^>]*\bhref\s*=\s*["']?|url\(\s*["']?|@import\s+["']"""
    r"""|["'](?=(?:https?:)?//[^"']*\{[xyz]\}))((?:https?:)?//[^"')\s>]+)""",
    re.IGNORECASE,
)


class UnvendoredAssetError(RuntimeError):
    """A map element links a JS/CSS file from the internet that is not vendored in ``static/``."""


def walk(element: Element) -> Iterator[Element]:
    """The element and all its descendants, depth first."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def _data_uri(path: Path) -> str:
    payload = path.read_bytes()
    if path.suffix == ".css":
        payload = _inline_css_images(payload.decode("utf-8"), path.parent).encode("utf-8")
    return f"data:{_MIME[path.suffix]};base64,{base64.b64encode(payload).decode('ascii')}"


@lru_cache(maxsize=16)
def _cached_data_uri(relative: str) -> str:
    return _data_uri(STATIC_DIR / relative)


def _inline_css_images(css: str, folder: Path) -> str:
    """Replace relative ``url(images/x.png)`` in a stylesheet by data URIs (relative URLs break
    inline)."""

    def replace(match: re.Match[str]) -> str:
        image = folder / match.group(2)
        return f"url({_data_uri(image)})" if image.is_file() else match.group(0)

    return RELATIVE_CSS_URL.sub(replace, css)


def local_url(url: str, mode: Mode = "static") -> str:
    """The offline replacement of a CDN ``url``; raises :class:`UnvendoredAssetError`."""
    if url.startswith("data:"):
        return url  # already inlined
    if url.startswith(STATIC_URL_PREFIX):
        relative: str | None = url.removeprefix(STATIC_URL_PREFIX)  # localized before
    else:
        relative = VENDORED.get(url)
    if relative is None:
        raise UnvendoredAssetError(
            f"{url} is not vendored: add the file under static/ (with its licence) "
            "and to layers.webmap.offline.VENDORED"
        )
    if not (STATIC_DIR / relative).is_file():
        raise UnvendoredAssetError(f"vendored file static/{relative} is missing")
    if mode == "static":
        return STATIC_URL_PREFIX + relative
    return _cached_data_uri(relative)


#: Any folium/branca element: a whole map, or one layer (e.g. the app's aircraft group).
_E = TypeVar("_E", bound=Element)


def localize(fmap: _E, mode: Mode = "static") -> _E:
    """Point every JS/CSS link of ``fmap`` and its children at vendored files, in place.

    ``mode="static"``: ``/app/static/...`` (for ``st_folium``), with Leaflet and the plugins
    of :mod:`layers.build.static` replaced by its one script and one stylesheet (each under one
    name, so folium and streamlit-folium link each once); ``mode="inline"``: ``data:``
    URIs, so ``fmap.get_root().render()`` is one self-contained file. New lists are assigned
    on each instance: folium's class-level lists are never modified.
    """
    for element in walk(fmap):
        for attribute in ("default_js", "default_css"):
            links = getattr(element, attribute, None)
            if links:
                localized = [
                    _bundled(name, local_url(url, mode)) if mode == "static"
                    else (name, local_url(url, mode))
                    for name, url in links if url not in UNUSED
                ]
                setattr(element, attribute, list(dict.fromkeys(localized)))
    return fmap


def _bundled(name: str, url: str) -> tuple[str, str]:
    """``(name, url)`` of a vendored static file, or of the bundle that contains it."""
    relative = url.removeprefix(STATIC_URL_PREFIX)
    if relative in JS_FILES:
        return BUNDLE_JS_NAME, STATIC_URL_PREFIX + BUNDLE_JS
    if relative in CSS_FILES:
        return BUNDLE_CSS_NAME, STATIC_URL_PREFIX + BUNDLE_CSS
    return name, url


def fetched_remote_urls(html: str) -> list[str]:
    """Remote URLs in ``html`` that a browser would fetch (scripts, stylesheets, images,
    CSS ``url()``/``@import``, tile URL templates). Plain hyperlinks are not fetched."""
    return sorted({match.group(1) for match in _FETCHED_URL.finditer(html)})


def standalone_html(fmap: folium.Map) -> str:
    """The map as one self-contained HTML document (Leaflet inlined; nothing fetched)."""
    localize(fmap, mode="inline")
    return render_html(fmap)
