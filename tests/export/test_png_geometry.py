"""The briefing PNG draws zone edges where the engine analyses them.

Zone edges are straight lines in lon/lat (the engine tests points against the lon/lat polygons
with shapely); the PNG is drawn in a Lambert conformal conic, where such a line is curved. These
tests take what the PNG code hands matplotlib (each artist's projected vertices, found by its
``gid``), invert the projection and measure the geodesic distance of points sampled along every
drawn straight piece to the lon/lat line it stands for.
"""

from __future__ import annotations

import numpy as np
import pyproj
import pytest
import shapely
from matplotlib.collections import LineCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from layers.export import scenario_briefing
from layers.export.png.draw import map_view, projected
from layers.export.png.layers import MapLayers
from layers.export.png.projection import MapView
from layers.export.png.render import render_figure
from layers.zones.load import load_zones

SCENARIO = "2019-07-23"
LIMIT_M = 100.0
GEOD = pyproj.Geod(ellps="WGS84")
#: Fractions of each drawn straight piece at which it is measured (0.5: the farthest point of
#: a chord from the arc it cuts; the last vertex of a line is added separately).
FRACTIONS = np.array([0.0, 0.25, 0.5, 0.75])


def _segments_of(geometry) -> np.ndarray:
    """(n, 2, 2) lon/lat segments of every line and ring of ``geometry``."""
    out = []
    for part in shapely.get_parts(geometry):
        rings = (part.exterior, *part.interiors) if isinstance(part, shapely.Polygon) else (part,)
        for ring in rings:
            c = np.asarray(ring.coords)[:, :2]
            if len(c) >= 2:
                out.append(np.stack([c[:-1], c[1:]], axis=1))
    return np.concatenate(out)


def distance_to_lonlat_lines_m(lon, lat, geometry, search_deg: float = 0.2) -> np.ndarray:
    """Geodesic distance (m) of each point to ``geometry``'s lines taken as straight lines in
    lon/lat (RFC 7946, as the engine reads them); ``inf`` farther than ``search_deg``.

    Per point, the nearest point of each nearby segment is found in the point's local metric
    (lon and lat scaled by the WGS84 radii of curvature there: a lon/lat line stays straight in
    it and it is exact to first order), and its distance measured with ``Geod.inv``. That point
    lies on the line, so the result is never below the true distance and exceeds it only in
    the second order (well under a metre here)."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    segs = _segments_of(geometry)
    tree = shapely.STRtree(shapely.linestrings(segs))
    pi, si = tree.query(shapely.points(lon, lat), predicate="dwithin", distance=search_deg)
    out = np.full(lon.size, np.inf)
    if pi.size == 0:
        return out
    a, e2 = GEOD.a, GEOD.es
    phi = np.radians(lat[pi])
    w = 1 - e2 * np.sin(phi) ** 2
    sx = np.radians(1.0) * a / np.sqrt(w) * np.cos(phi)  # metres per degree of lon
    sy = np.radians(1.0) * a * (1 - e2) / w**1.5  # metres per degree of lat
    ax = (segs[si, 0, 0] - lon[pi]) * sx
    ay = (segs[si, 0, 1] - lat[pi]) * sy
    bx = (segs[si, 1, 0] - lon[pi]) * sx
    by = (segs[si, 1, 1] - lat[pi]) * sy
    dx, dy = bx - ax, by - ay
    t = np.clip(-(ax * dx + ay * dy) / np.maximum(dx * dx + dy * dy, 1e-30), 0, 1)
    local = np.hypot(ax + t * dx, ay + t * dy)
    best = np.full(lon.size, np.inf)
    np.minimum.at(best, pi, local)
    keep = local <= best[pi] * 1.01 + 1.0  # the nearest segment(s) in the local metric
    pi, si, t = pi[keep], si[keep], t[keep]
    qlon = segs[si, 0, 0] + t * (segs[si, 1, 0] - segs[si, 0, 0])
    qlat = segs[si, 0, 1] + t * (segs[si, 1, 1] - segs[si, 0, 1])
    dist = GEOD.inv(lon[pi], lat[pi], qlon, qlat)[2]
    np.minimum.at(out, pi, dist)
    return out


def sample_drawn(view: MapView, lines: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat of points along the drawn straight pieces of ``lines`` (projected metres) that
    lie inside the view's frame (what is shown: the axes clip the rest)."""
    xs, ys = [], []
    for line in lines:
        line = np.asarray(line, float)[:, :2]
        if len(line) < 2:
            continue
        p0, p1 = line[:-1], line[1:]
        pts = p0[:, None, :] + FRACTIONS[None, :, None] * (p1 - p0)[:, None, :]
        pts = np.concatenate([pts.reshape(-1, 2), line[-1:]])
        xs.append(pts[:, 0])
        ys.append(pts[:, 1])
    if not xs:
        return np.empty(0), np.empty(0)
    x, y = np.concatenate(xs), np.concatenate(ys)
    xmin, ymin, xmax, ymax = view.frame
    inside = (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)
    return view.unproject(x[inside], y[inside])


def path_rings(path: Path) -> list[np.ndarray]:
    """The vertex rings of a compound matplotlib path (split at each MOVETO)."""
    vertices, codes = path.vertices, path.codes
    if codes is None:
        return [vertices]
    starts = np.flatnonzero(codes == Path.MOVETO)
    ends = np.append(starts[1:], len(vertices))
    return [vertices[s:e] for s, e in zip(starts, ends)]


def drawn_by_gid(fig) -> list[tuple[MapView, str, list[np.ndarray]]]:
    """(view, gid, projected lines) of every artist with a gid on each map axes (the main map
    and the detail inset): what matplotlib was given to draw."""
    out = []
    axes = [a for ax in fig.axes for a in (ax, *ax.child_axes)]
    for ax in axes:
        view = map_view(ax)
        if view is None:
            continue
        for artist in [*ax.collections, *ax.artists, *ax.patches]:
            gid = artist.get_gid()
            if not gid:
                continue
            if isinstance(artist, LineCollection):
                out.append((view, gid, list(artist.get_segments())))
            elif isinstance(artist, PathPatch):
                out.append((view, gid, path_rings(artist.get_path())))
    return out


@pytest.fixture(scope="module")
def briefing():
    return scenario_briefing(SCENARIO)


@pytest.fixture(scope="module")
def figure(briefing):
    return render_figure(briefing, "1920x1080")


@pytest.fixture(scope="module")
def analysis_zones():
    return load_zones(resolution="analysis")


@pytest.fixture(scope="module")
def display_zones():
    return MapLayers.builtin("display").zones


def _source(gid: str, analysis_zones, display_zones, tracks):
    """The lon/lat geometry an artist stands for: for ADIZ edges the analysed polygon's
    boundary (boundaries.geojson lies on it exactly), for a zone polygon the geometry it was
    drawn from (display resolution), for a track its geodesics (200 m lon/lat chords)."""
    kind, _, rest = gid.partition(":")
    if kind == "edge":
        return analysis_zones.loc[rest.split(":")[0]].geometry.boundary
    if kind == "zone":
        return display_zones.loc[rest].geometry.boundary
    if kind == "track":
        return next(t for t in tracks if t.track_id == rest).to_geometry(max_step_m=200)
    raise AssertionError(f"unknown gid {gid}")


def test_drawn_zone_edges_and_tracks_lie_within_100_m_of_the_analysed_lines(
        figure, briefing, analysis_zones, display_zones) -> None:
    worst: dict[str, float] = {}
    measured = 0
    for view, gid, lines in drawn_by_gid(figure):
        lon, lat = sample_drawn(view, lines)
        if lon.size == 0:
            continue
        source = _source(gid, analysis_zones, display_zones, briefing.tracks)
        d = distance_to_lonlat_lines_m(lon, lat, source)
        measured += lon.size
        worst[gid] = max(worst.get(gid, 0.0), float(d.max()))
    # What the 2019 map shows: all three ADIZs' edges, the airspace and land, the tracks.
    for gid in ("edge:adiz-KR:official", "edge:adiz-KR:approximate", "edge:adiz-JP:official",
                "edge:adiz-JP:truncated", "edge:adiz-CN:official", "zone:adiz-KR",
                "zone:airspace-dokdo"):
        assert gid in worst, sorted(worst)
    assert any(g.startswith("track:") for g in worst)
    assert measured > 10_000
    over = {g: round(m, 1) for g, m in worst.items() if not m < LIMIT_M}
    assert not over, f"drawn more than {LIMIT_M:g} m from the analysed line: {over}"


def test_undensified_adiz_edges_would_be_kilometres_off(figure, briefing, analysis_zones):
    """Without densification (only the vertices projected, as the PNG code did), the long
    KADIZ and JADIZ edges on this map are kilometres from the analysed lines: the metric above
    sees the error, so the test above cannot pass by measuring nothing."""
    main = next(map_view(ax) for ax in figure.axes if map_view(ax) is not None)
    for zone_id in ("adiz-KR", "adiz-JP"):
        line = analysis_zones.loc[zone_id].geometry.boundary
        vertices_only = main.project_geometry(main.cull(line))
        lines = [np.asarray(p.coords) for p in shapely.get_parts(vertices_only)]
        lon, lat = sample_drawn(main, lines)
        d = distance_to_lonlat_lines_m(lon, lat, line, search_deg=0.5)
        assert d.max() > 1_000, (zone_id, d.max())
        dense = [np.asarray(p.coords) for p in shapely.get_parts(projected(main, line))]
        lon, lat = sample_drawn(main, dense)
        assert distance_to_lonlat_lines_m(lon, lat, line).max() < LIMIT_M


@pytest.mark.parametrize("bounds", [
    (121.7, 23.6, 135.1, 42.9),   # the 2019 scenario
    (100.0, 20.0, 160.0, 65.0),   # a wide view
    (120.0, 70.0, 170.0, 85.0),   # the highest view check_bounds allows
    (-80.0, -60.0, -20.0, -30.0),  # southern hemisphere
])
def test_max_step_keeps_long_lonlat_edges_within_100_m_in_any_view(bounds) -> None:
    """Long parallels and oblique lon/lat lines across a view, densified to
    :data:`MAX_STEP_DEG` and projected as the PNG code does, stay within 100 m."""
    view = MapView(bounds, aspect=1.6)
    west, south, east, north = bounds
    mid_lat = (south + north) / 2
    lines = shapely.MultiLineString([
        [(west, north - 1), (east, north - 1)],       # parallels (curved in the map)
        [(west, mid_lat), (east, mid_lat)],
        [(west, south), (east, north)],               # diagonals
        [(west, north), (east, south)],
        [(west, south + 1), ((west + east) / 2, north)],
    ])
    drawn = projected(view, lines)
    lon, lat = sample_drawn(view, [np.asarray(p.coords) for p in shapely.get_parts(drawn)])
    assert lon.size > 100
    assert distance_to_lonlat_lines_m(lon, lat, lines).max() < LIMIT_M
