"""Parse-only yardstick: gunzip and gpxpy.parse every .gpx.gz under DIR
(what a Python user would script), counting points."""
import gzip
import pathlib
import sys

import gpxpy

points = 0
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.gpx.gz")):
    with gzip.open(p, "rt", encoding="utf-8") as f:
        g = gpxpy.parse(f)
    for t in g.tracks:
        for s in t.segments:
            points += len(s.points)
print(points, "points", file=sys.stderr)
