"""The composed map without a browser: every layer present, nothing fetched from the internet,
names from data escaped. Works on the real committed geodata (display resolution)."""

from __future__ import annotations

import json
import re
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import pytest
from shapely.geometry import Point

from layers.markup import escape
from layers.paths import STATIC_DIR
from layers.style import APPROXIMATE_DASH, DATA_LIMIT_DASH
from layers.webmap.build import build_map, point_labels
from layers.webmap.graticule import degree_label, graticule_lines
from layers.webmap.offline import (
    STATIC_URL_PREFIX,
    UnvendoredAssetError,
    fetched_remote_urls,
    localize,
    standalone_html,
    walk,
)
from layers.webmap.text import is_disputed, short_label
from layers.zones.load import load_boundaries, load_points, load_zones

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return load_zones(resolution="display"), load_points(), load_boundaries()


@pytest.fixture(scope="module")
def html(layers: tuple[Any, Any, Any]) -> str:
    return build_map(*layers).get_root().render()


def _geojson_features(fmap: folium.Map) -> list[dict[str, Any]]:
    return [
        feature
        for element in walk(fmap)
        if isinstance(element, folium.GeoJson)
        for feature in element.data["features"]
    ]


def _class_counts(fmap: folium.Map) -> dict[str, int]:
    """Number of features drawn per Leaflet className (as the browser will see them)."""
    counts: dict[str, int] = {}
    for element in walk(fmap):
        if isinstance(element, folium.GeoJson):
            for feature in element.data["features"]:
                for name in element.style_function(feature)["className"].split():
                    counts[name] = counts.get(name, 0) + 1
    return counts


def test_every_layer_is_on_the_map(layers: tuple[Any, Any, Any], html: str) -> None:
    zones, points, boundaries = layers
    fmap = build_map(zones, points, boundaries)
    counts = _class_counts(fmap)
    disputed = [zid for zid, zone in zones.iterrows() if is_disputed(zone)]
    airspace = zones[zones["kind"] == "territorial-airspace"]
    assert disputed == ["airspace-dokdo"]
    # every land zone but the Bering Sea land (land-US), which the default view cannot reach
    assert counts["pm-land"] == (zones["kind"] == "land").sum() - 1 > 0
    assert counts["pm-sea"] == (zones["kind"] == "sea").sum() == 1
    assert counts["pm-airspace"] == len(airspace) - 1 >= 5
    assert counts["pm-disputed"] == 1
    assert counts["pm-adiz"] == 3
    assert counts["pm-adiz-edge"] == len(boundaries) > 0
    assert counts["pm-point"] == len(points) >= 5
    assert counts["pm-graticule"] > 10
    drawn_ids = {feature["id"] for feature in _geojson_features(fmap)}
    assert set(zones.index) - {"land-US"} <= drawn_ids
    for name in ("KADIZ", "JADIZ", "CADIZ", "Dokdo / Takeshima (disputed)", "Sea of Japan (East Sea)",
                 "Territorial airspace: Japan", "Territorial airspace: Russia", "Graticule", "Land"):
        assert name in html, name
    assert "L.control.layers(" in html and '"collapsed": false' in html
    assert "L.control.scale(" in html
    assert "pm-legend" in html and "is not a violation" in html
    assert "attributionControl.addAttribution(" in html


def test_disputed_zone_shows_both_names_claimants_and_administrator(
    layers: tuple[Any, Any, Any],
) -> None:
    fmap = build_map(*layers)
    tip = next(f["properties"]["tip"] for f in _geojson_features(fmap) if f["id"] == "airspace-dokdo")
    assert "Dokdo" in tip and "Takeshima" in tip
    assert "administered by South Korea (ROK)" in tip
    assert "Claimants: South Korea (ROK), Japan" in tip


def test_approximate_adiz_segments_are_dashed(layers: tuple[Any, Any, Any]) -> None:
    zones, points, boundaries = layers
    fmap = build_map(zones, points, boundaries)
    edges = [
        (feature, element.style_function(feature))
        for element in walk(fmap)
        if isinstance(element, folium.GeoJson)
        for feature in element.data["features"]
        if "-edge-" in str(feature["id"])
    ]
    limit = boundaries["kind"].astype(str).str.startswith("truncation")
    approximate = boundaries["approximate"].astype(bool) & ~limit
    assert len(edges) == len(boundaries) and limit.sum() > 0
    dashed = [style for _, style in edges if "pm-adiz-approx" in style["className"]]
    assert len(dashed) == approximate.sum()
    assert all(style["dashArray"] == APPROXIMATE_DASH for style in dashed)
    tips = [(feature["properties"]["tip"], "pm-adiz-approx" in style["className"])
            for feature, style in edges]
    assert all(("no official text" in tip) == dashed for tip, dashed in tips)
    # the lines that only close the drawn part of JADIZ are not boundaries: dotted grey
    limits = [(feature, style) for feature, style in edges if "pm-adiz-limit" in style["className"]]
    assert len(limits) == limit.sum()
    assert all(style["dashArray"] == DATA_LIMIT_DASH for _, style in limits)
    assert all("Limit of drawn data" in feature["properties"]["tip"] for feature, _ in limits)
    assert "limit of drawn data (not a boundary)" in fmap.get_root().render()


def test_default_map_fetches_nothing_from_the_internet(html: str) -> None:
    assert fetched_remote_urls(html) == []
    links = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    assert links, "the map links Leaflet"
    for link in links:
        assert link.startswith(STATIC_URL_PREFIX), link
        assert (STATIC_DIR / link.removeprefix(STATIC_URL_PREFIX)).is_file(), link


def test_remote_url_detector_sees_web_tiles_and_cdn_links(layers: tuple[Any, Any, Any]) -> None:
    online = build_map(*layers, web_tiles=True).get_root().render()
    assert any("tile.openstreetmap.org" in url for url in fetched_remote_urls(online))
    cdn = folium.Map(tiles=None).get_root().render()
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in fetched_remote_urls(cdn)
    assert fetched_remote_urls('<a href="https://example.org/">a link is not fetched</a>') == []


def test_standalone_html_is_self_contained(layers: tuple[Any, Any, Any]) -> None:
    document = standalone_html(build_map(*layers))
    assert fetched_remote_urls(document) == []
    assert STATIC_URL_PREFIX not in document
    assert "data:text/javascript;base64," in document and "data:text/css;base64," in document


def test_localize_raises_on_an_unvendored_plugin_and_leaves_folium_classes_alone() -> None:
    class_links = list(folium.Map.default_js)
    fmap = folium.Map(tiles=None)
    localize(fmap)
    assert fmap.default_js == [("patrol-map-js", "/app/static/bundle/patrol-map.js")]
    assert folium.Map.default_js == class_links
    folium.plugins.MiniMap().add_to(fmap)  # not vendored (the measure, fullscreen, mouse
    with pytest.raises(UnvendoredAssetError, match="leaflet-minimap"):  # and draw plugins are)
        localize(fmap)


def test_hostile_names_from_data_are_escaped(layers: tuple[Any, Any, Any]) -> None:
    zones, points, boundaries = layers
    zones = zones.copy()
    zones.loc["airspace-KR", "name"] = HOSTILE
    zones.loc["airspace-dokdo", "name"] = "Dokdo `${alert(2)}` \\"
    points = points.copy()
    points.loc[points.index[-1], "name"] = HOSTILE
    fmap = build_map(zones, points, boundaries)
    document = fmap.get_root().render()
    assert HOSTILE not in document
    assert "${alert(2)}" not in document
    tips = [str(f["properties"].get("tip", "")) for f in _geojson_features(fmap)]
    assert any(escape(HOSTILE) in tip for tip in tips)
    assert not any("<img" in tip for tip in tips)
    labels = [el.options["html"] for el in walk(fmap) if isinstance(el, folium.DivIcon)]
    assert any("&lt;img src=x" in label for label in labels)  # short label of the point
    assert any("Dokdo &#96;&#36;{alert(2)}&#96; &#92;" in label for label in labels)
    assert not any("<img" in label or "${" in label for label in labels)
    # what the browser gets after JSON decoding of the embedded layers is still inert
    for blob in re.findall(r"\.addData\((\{.*?\})\);", document):
        assert "<img" not in json.dumps(json.loads(blob), ensure_ascii=False)


def test_escape_makes_text_inert_in_html_and_template_literals() -> None:
    assert escape(HOSTILE) == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape("`${x}`\\") == "&#96;&#36;{x}&#96;&#92;"
    assert escape(None) == "" and escape(float("nan")) == ""


def test_graticule_lines_and_labels() -> None:
    lines = graticule_lines((112.0, 18.0, 153.0, 52.0), 5.0)
    assert [ln.label for ln in lines if ln.axis == "lon"][:2] == ["115°E", "120°E"]
    assert [ln.value for ln in lines if ln.axis == "lat"] == [20, 25, 30, 35, 40, 45, 50]
    assert all(ln.geometry.length > 0 for ln in lines)
    minor = graticule_lines((112.0, 18.0, 153.0, 52.0), 1.0, skip_deg=5.0)
    assert not any(ln.value % 5 == 0 for ln in minor)
    assert degree_label(-12.5, "lon") == "12.5°W" and degree_label(-3, "lat") == "3°S"


def test_point_labels_are_short_and_decluttered() -> None:
    points = gpd.GeoDataFrame(
        {
            "name": ["Ieodo / Socotra Rock ocean research station", "Near Ieodo", "Far away (with a long remark)",
                     "Islet (disputed)"],
            "disputed": [False, False, False, True],
        },
        geometry=[Point(125.18, 32.12), Point(125.3, 32.2), Point(130.0, 37.0), Point(131.9, 37.2)],
        crs="EPSG:4326",
    )
    labels = point_labels(points)
    assert list(labels) == ["Ieodo / Socotra Rock", "Far away"]
    assert short_label("Dōgo (Oki Islands)") == "Dōgo (Oki Islands)"


def test_static_bundle_is_the_vendored_files_joined() -> None:
    """static/bundle/ is committed: it must equal what ``python -m layers build-static`` makes
    from the vendored files, and every image its stylesheet names must exist."""
    from layers.build.static import BUNDLE_CSS, BUNDLE_JS, CSS_FILES, JS_FILES, bundle_css, bundle_js
    from layers.paths import STATIC_DIR

    js = (STATIC_DIR / BUNDLE_JS).read_text(encoding="utf-8")
    css = (STATIC_DIR / BUNDLE_CSS).read_text(encoding="utf-8")
    assert js == bundle_js(), "static/bundle is stale: run python -m layers build-static"
    assert css == bundle_css(), "static/bundle is stale: run python -m layers build-static"
    # Leaflet comes first, then each plugin, each whole
    starts = [js.index((STATIC_DIR / f).read_text(encoding="utf-8")) for f in JS_FILES]
    assert starts == sorted(starts)
    assert all(f"static/{f}" in css for f in CSS_FILES)
    images = re.findall(r"url\(['\"]?([^)'\"]+)", css)
    local = [u for u in images if not u.startswith(("#", "data:"))]
    assert len(local) == 19 and all(u.startswith("../") for u in local)
    missing = [u for u in local if not (STATIC_DIR / "bundle" / u).resolve().is_file()]
    assert missing == []


def test_adiz_hover_labels_sit_on_the_edges_not_over_the_zone(layers: tuple[Any, Any, Any]) -> None:
    """An ADIZ covers most of the map: its fill takes no hover, its edge lines carry the labels."""
    from layers.webmap.offline import walk

    fmap = build_map(*layers)
    adiz_ids = set(layers[0].index[layers[0]["kind"] == "adiz"])
    fills = [e for e in walk(fmap) if isinstance(e, folium.GeoJson)
             and any(f.get("id") in adiz_ids for f in e.data["features"])]
    assert len(fills) == len(adiz_ids)
    def has_tooltip(layer: folium.GeoJson) -> bool:
        return any(isinstance(c, folium.GeoJsonTooltip) for c in layer._children.values())

    for fill in fills:
        assert not has_tooltip(fill) and fill.options.get("interactive") is False
    edges = [e for e in walk(fmap) if isinstance(e, folium.GeoJson)
             and any("-edge-" in str(f.get("id")) for f in e.data["features"])]
    assert edges and all(has_tooltip(e) for e in edges)
