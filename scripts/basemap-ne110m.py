#!/usr/bin/env python3
"""Build atmokit-plot's base map (crates/atmokit-plot/data/ne_110m.bin) from Natural Earth's
1:110m Admin 0 countries as shipped in TopoJSON by the npm package `world-atlas` 2.0.2
(ISC licence; the Natural Earth data themselves are public domain).

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/basemap-ne110m.py /tmp/package/countries-110m.json \
        crates/atmokit-plot/data/ne_110m.bin

Every TopoJSON arc becomes one polyline: a coastline when the `land` object uses it, else a
country border. Output (little-endian): magic b"ATKNE110", u32 number of lines, then per line
u8 kind (0 coastline, 1 border), u32 number of points, and the points as i16 pairs
(longitude, latitude) in hundredths of a degree.
"""
import json
import struct
import sys


def decode(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def arc_ids(geom):
    out = set()

    def walk(a):
        if isinstance(a, int):
            out.add(a if a >= 0 else ~a)
        else:
            for b in a:
                walk(b)

    for g in geom.get("geometries", [geom]):
        walk(g.get("arcs", []))
    return out


def main(src, dst):
    topo = json.load(open(src))
    arcs = decode(topo)
    land = arc_ids(topo["objects"]["land"])
    out = bytearray(b"ATKNE110")
    lines = []
    for i, pts in enumerate(arcs):
        q = []
        for lon, lat in pts:
            p = (round(lon * 100), round(lat * 100))
            if not q or q[-1] != p:
                q.append(p)
        if len(q) >= 2:
            lines.append((0 if i in land else 1, q))
    out += struct.pack("<I", len(lines))
    for kind, q in lines:
        out += struct.pack("<BI", kind, len(q))
        for p in q:
            out += struct.pack("<hh", *p)
    with open(dst, "wb") as f:
        f.write(out)
    print(f"{dst}: {len(lines)} lines, {sum(len(q) for _, q in lines)} points, {len(out)} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
