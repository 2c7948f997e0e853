#!/usr/bin/env python3
"""Writes a synthetic season of exports, with tools that are not legwork.

  season.py OUTDIR

OUTDIR gets gpx/, tcx/, trail/ and strava/ (a Strava-style folder with
activities.csv naming gear) and a legwork.toml. Analyze it as of
2026-06-24 (AS_OF below), a Wednesday; 2026-04-26 (a Sunday: the seven-day week is
the current one) and 2026-04-27 (it has just ended) are worth a run too.

A runner in Denver (America/Denver) from January to June 2026, Monday
weeks. What it exercises (see PLAN):

- one run on 2026-01-10, then seven weeks off: leading zero weeks, a
  restart and a return_after_break on 2026-03-03;
- the DST change on Sun 2026-03-08;
- a week with only a ride and a walk (nothing counted), then a restart;
- the week of 2026-03-30 is 20000 m and the next exactly 22000 m (TCX
  files with exact distances): delta exactly +10.0%, no flag;
- Sun 2026-04-19: a TCX run of exactly 11000 m when the longest of the 30
  days before is exactly 10000 m (r = 11000/10000 - 1 in float64 is
  0.10000000000000009: the boundary of the session-spike rule);
- two runs on Tue 2026-04-14;
- a run at 23:30 local on Sun 2026-04-19 (05:30 UTC on Monday) that ends
  after midnight: it belongs to Sunday;
- the week of 2026-04-20: seven days of exactly 8000 m (no rest day,
  monotony SD = 0 -> 10, weekly spike, ACWR);
- Sun 2026-05-03: a 23 km long run (session spike > 100%);
- Wed 2026-05-06: the same run as GPX and as TCX (a duplicate);
- Fri 2026-05-08: the same minutes as GPX (6000 m) and TCX (5100 m,
  started 2 min later): one run whatever the distances, the TCX kept;
- Thu 2026-05-21: a GPX run whose first point is 1024 weeks early (GPS
  week rollover): the point is dropped, the run keeps its date;
- the week of 2026-05-11: six days of 6000 m and a rest day (monotony 2.449);
- a week of walking and hiking only;
- the week of 2026-06-08: seven days of 6000 m +- 1 mm (monotony far above
  the cap of 10 unless capped);
- the current week (as of Wed 2026-06-24) already past +10%, and a run
  after the as-of date;
- shoes: a retired pair with start distance (worn), overlapping dates (the
  later 'from' wins), a low replace_at (replace), a match glob on trail/
  (with a trail run before that shoe's 'from'), Strava gear naming a shoe
  and gear naming no configured shoe.

GPX tracks run due north from a point in Denver, so their length is
R * delta-latitude with R = 6371008.8 m (the mean radius legwork uses);
legwork sums great-circle steps, so it reads them to within float error.
TCX files carry no positions (their offset comes from athlete.timezone)
and exact DistanceMeters.
"""

import csv
import datetime as dt
import math
import os
import sys
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("America/Denver")
AS_OF = "2026-06-24"
R = 6371008.8
LAT0, LON0 = 39.70, -104.95
STEP_S = 5

# (local date, local time, distance m, speed m/s, kind, sport label, folder/format, gear)
# kind: "gpx" (track north from Denver), "tcx" (no positions, exact distance)
PLAN = []


def run(day, hhmm, dist, kind="gpx", sport="running", speed=3.0, folder=None, gear=None, name=None, glitch=False):
    PLAN.append(
        {
            "glitch": glitch,
            "day": dt.date.fromisoformat(day),
            "time": hhmm,
            "dist": float(dist),
            "kind": kind,
            "sport": sport,
            "speed": speed,
            "folder": folder or kind,
            "gear": gear,
            "name": name,
        }
    )


def plan():
    run("2026-01-10", "09:00", 5000)
    # W 03-02: back after seven weeks; DST starts Sun 03-08.
    run("2026-03-03", "06:30", 6000)
    run("2026-03-05", "06:30", 6500)
    run("2026-03-07", "08:00", 5000)
    run("2026-03-08", "07:00", 9000)
    # W 03-09
    run("2026-03-10", "06:30", 6000)
    run("2026-03-11", "06:30", 6000)
    run("2026-03-13", "06:30", 5000)
    run("2026-03-15", "07:00", 9500)
    # W 03-16: a ride and a walk, nothing counted.
    run("2026-03-17", "17:00", 20000, sport="cycling", speed=7.5)
    run("2026-03-21", "10:00", 4000, sport="walking", speed=1.4)
    # W 03-23: restart.
    run("2026-03-24", "06:30", 5000)
    run("2026-03-26", "06:30", 5000)
    run("2026-03-29", "07:00", 8000)
    # W 03-30: exactly 20000 m (TCX).
    for d in ("2026-03-30", "2026-04-01", "2026-04-03", "2026-04-05"):
        run(d, "06:30", 5000, kind="tcx")
    # W 04-06: exactly 22000 m: +10.0% exactly.
    run("2026-04-07", "06:30", 4000, kind="tcx")
    run("2026-04-08", "06:30", 4000, kind="tcx")
    run("2026-04-10", "06:30", 4000, kind="tcx")
    run("2026-04-12", "07:00", 10000, kind="tcx")
    # W 04-13: two runs on Tuesday, Strava gear, exact +10% long run, 23:30 Sunday run.
    run("2026-04-14", "06:00", 5000)
    run("2026-04-14", "18:00", 4000)
    run("2026-04-16", "06:30", 6000, folder="strava", gear="Race D")
    run("2026-04-19", "07:00", 11000, kind="tcx")
    run("2026-04-19", "23:30", 6000, speed=2.8)
    # W 04-20: seven days of exactly 8000 m.
    for i in range(7):
        run((dt.date(2026, 4, 20) + dt.timedelta(days=i)).isoformat(), "06:30", 8000, kind="tcx")
    # W 04-27: trail run before Trail C's 'from', 23 km long run with gear.
    run("2026-04-28", "06:30", 6000)
    run("2026-04-30", "06:30", 6000)
    run("2026-05-02", "08:00", 7000, sport="trail_running", folder="trail", speed=2.6)
    run("2026-05-03", "07:00", 23000, folder="strava", gear="Race D", speed=3.1)
    # W 05-04: a duplicate (GPX and TCX of one run).
    run("2026-05-05", "06:30", 6000)
    run("2026-05-06", "06:30", 6000)
    run("2026-05-06", "06:30", 6010, kind="tcx", name="dup")
    run("2026-05-08", "06:30", 6000)
    # The same minutes recorded 15% shorter as TCX (a phone that lost the
    # signal): one run whatever the distances; the TCX copy is kept.
    run("2026-05-08", "06:32", 5100, kind="tcx", speed=3.0 * 5100 / 6000, name="short-copy")
    run("2026-05-10", "07:00", 12000)
    # W 05-11: six days of 6000 m.
    for i in range(6):
        run((dt.date(2026, 5, 11) + dt.timedelta(days=i)).isoformat(), "06:30", 6000)
    # W 05-18
    run("2026-05-19", "06:30", 6000)
    # First point 1024 weeks early (GPS week rollover): a clock glitch.
    run("2026-05-21", "06:30", 7000, name="rollover", glitch=True)
    run("2026-05-23", "08:00", 8000, sport="trail_running", folder="trail", speed=2.6)
    run("2026-05-24", "07:00", 12000)
    # W 05-25: walking and hiking only.
    run("2026-05-26", "18:00", 5000, sport="walking", speed=1.4)
    run("2026-05-30", "09:00", 9000, sport="hiking", speed=1.2)
    # W 06-01: restart.
    run("2026-06-02", "06:30", 5000)
    run("2026-06-04", "06:30", 5000)
    run("2026-06-07", "07:00", 10000)
    # W 06-08: seven days of 6000 m give or take a millimetre (GPX): the
    # population SD is about 2 mm, so mean/SD is in the millions; Strava
    # gear naming no configured shoe on Tuesday.
    for i in range(7):
        day = (dt.date(2026, 6, 8) + dt.timedelta(days=i)).isoformat()
        if i == 1:
            run(day, "06:30", 6000.001 * 1, folder="strava", gear="Old Shoe")
        else:
            run(day, "06:30", 6000 + 0.001 * (i % 3))
    # W 06-15
    run("2026-06-15", "06:30", 6000)
    run("2026-06-16", "06:30", 6000)
    run("2026-06-18", "06:30", 6000)
    run("2026-06-20", "08:00", 8000, sport="trail_running", folder="trail", speed=2.6)
    run("2026-06-21", "07:00", 12000)
    # W 06-22 (current as of Wed 06-24): 44000 m so far > 1.1 x 38000.
    run("2026-06-22", "06:30", 15000)
    run("2026-06-23", "06:30", 14000)
    run("2026-06-24", "06:30", 15000)
    run("2026-06-26", "06:30", 8000)  # after the as-of date


CONFIG = """# legwork.toml for the synthetic season (tools/reference/season.py)
[athlete]
timezone = "America/Denver"
units = "km"
week_start = "monday"
hr_rest = 55
sex = "male"

[rules]
weekly_increase_pct = 10
counted_sports = ["running", "trail_running", "treadmill_running", "track_running"]

[[shoes]]
name = "Road A"
from = 2026-01-01
to = 2026-04-15
sports = ["running"]
start_distance = "430 km"

[[shoes]]
name = "Road B"
from = 2026-04-01
sports = ["running"]
warn_at = "150 km"
replace_at = "250 km"

[[shoes]]
name = "Trail C"
from = 2026-05-10
sports = ["trail_running"]
match = ["trail/**"]

[[shoes]]
name = "Race D"
from = 2026-04-01
sports = ["track_running"]
start_distance = "12.5 mi"
"""


def utc_start(r):
    h, m = map(int, r["time"].split(":"))
    local = dt.datetime.combine(r["day"], dt.time(h, m), tzinfo=ZONE)
    return local.astimezone(dt.timezone.utc)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def heart_rate(r, i, n):
    base = {"walking": 105, "hiking": 115, "cycling": 130}.get(r["sport"], 138 + 6 * (r["speed"] - 2.6))
    drift = 8 * i / max(n, 1)
    return int(round(base + drift + 3 * math.sin(i / 7)))


def samples(r):
    """Times (s from start) and cumulative distances (m), the last exactly dist."""
    dur = r["dist"] / r["speed"]
    n = int(math.ceil(dur / STEP_S))
    out = [(min(i * STEP_S, dur), min(i * STEP_S * r["speed"], r["dist"])) for i in range(n)]
    out.append((dur, r["dist"]))
    return out


def write_gpx(path, r, start):
    ET.register_namespace("", "http://www.topografix.com/GPX/1/1")
    ET.register_namespace("gpxtpx", "http://www.garmin.com/xmlschemas/TrackPointExtension/v1")
    G = "{http://www.topografix.com/GPX/1/1}"
    X = "{http://www.garmin.com/xmlschemas/TrackPointExtension/v1}"
    gpx = ET.Element(G + "gpx", {"version": "1.1", "creator": "season.py"})
    md = ET.SubElement(gpx, G + "metadata")
    ET.SubElement(md, G + "time").text = iso(start)
    trk = ET.SubElement(gpx, G + "trk")
    ET.SubElement(trk, G + "name").text = r["name"] or f"{r['sport']} {r['day']}"
    ET.SubElement(trk, G + "type").text = r["sport"]
    seg = ET.SubElement(trk, G + "trkseg")
    pts = samples(r)
    for i, (ts, d) in enumerate(pts):
        lat = LAT0 + math.degrees(d / R)
        p = ET.SubElement(seg, G + "trkpt", {"lat": f"{lat:.9f}", "lon": f"{LON0:.9f}"})
        ET.SubElement(p, G + "ele").text = "1600.0"
        t = start + dt.timedelta(seconds=round(ts))
        if i == 0 and r.get("glitch"):
            t -= dt.timedelta(weeks=1024)
        ET.SubElement(p, G + "time").text = iso(t)
        ext = ET.SubElement(p, G + "extensions")
        tpe = ET.SubElement(ext, X + "TrackPointExtension")
        ET.SubElement(tpe, X + "hr").text = str(heart_rate(r, i, len(pts)))
    ET.ElementTree(gpx).write(path, encoding="UTF-8", xml_declaration=True)


def write_tcx(path, r, start):
    T = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
    ET.register_namespace("", T[1:-1])
    db = ET.Element(T + "TrainingCenterDatabase")
    acts = ET.SubElement(db, T + "Activities")
    sport = {"running": "Running", "trail_running": "Running", "cycling": "Biking"}.get(r["sport"], "Other")
    act = ET.SubElement(acts, T + "Activity", {"Sport": sport})
    ET.SubElement(act, T + "Id").text = iso(start)
    lap = ET.SubElement(act, T + "Lap", {"StartTime": iso(start)})
    pts = samples(r)
    ET.SubElement(lap, T + "TotalTimeSeconds").text = f"{pts[-1][0]:.1f}"
    ET.SubElement(lap, T + "DistanceMeters").text = f"{r['dist']:.1f}"
    ET.SubElement(lap, T + "Calories").text = "0"
    ET.SubElement(lap, T + "Intensity").text = "Active"
    ET.SubElement(lap, T + "TriggerMethod").text = "Manual"
    trk = ET.SubElement(lap, T + "Track")
    for i, (ts, d) in enumerate(pts):
        tp = ET.SubElement(trk, T + "Trackpoint")
        ET.SubElement(tp, T + "Time").text = iso(start + dt.timedelta(seconds=round(ts)))
        ET.SubElement(tp, T + "DistanceMeters").text = f"{d:.1f}"
        hr = ET.SubElement(tp, T + "HeartRateBpm")
        ET.SubElement(hr, T + "Value").text = str(heart_rate(r, i, len(pts)))
    ET.ElementTree(db).write(path, encoding="UTF-8", xml_declaration=True)


def main(argv):
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    out = argv[0]
    plan()
    strava_rows = []
    for n, r in enumerate(PLAN):
        start = utc_start(r)
        stem = start.astimezone(ZONE).strftime("%Y-%m-%d-%H%M") + (f"-{r['name']}" if r["name"] else "")
        ext = r["kind"]
        if r["folder"] == "strava":
            aid = 17000000000 + n
            rel = f"activities/{aid}.{ext}"
            path = os.path.join(out, "strava", rel)
            strava_rows.append((aid, start, r, rel))
        else:
            path = os.path.join(out, r["folder"], f"{stem}.{ext}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        (write_gpx if ext == "gpx" else write_tcx)(path, r, start)
    with open(os.path.join(out, "strava", "activities.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Elapsed Time", "Distance", "Activity Gear", "Filename"])
        for aid, start, r, rel in strava_rows:
            w.writerow([aid, start.strftime("%b %d, %Y, %I:%M:%S %p"), "Run", "Run", int(r["dist"] / r["speed"]), f"{r['dist'] / 1000:.2f}", r["gear"], rel])
    with open(os.path.join(out, "legwork.toml"), "w") as fh:
        fh.write(CONFIG)
    print(f"season.py: {len(PLAN)} files in {out}; analyze as of {AS_OF}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
