#!/usr/bin/env python3
"""Independent reference for legwork's weeks, flags and shoes tables.

Written from /work/shared/METRICS.md and DESIGN.md only (not from analyze/),
so that the two can disagree. It takes per-activity facts from
`legwork inspect --json` (start, offset, local date, sport, distance,
duration, duplicate_of, load, source) and recomputes everything else:
which sessions count, weeks, weekly changes, ACWR, rest days, monotony,
session spikes, shoes and every flag.

Usage:
  reference.py --inspect activities.jsonl --as-of 2026-11-25 \
      [--config legwork.toml] [--input DIR_OR_ZIP ...] --out expected.json

--input names the inputs given to `legwork run`, in the same order, so
that a Strava bulk export's activities.csv (in a folder or a .zip) can
name the gear of each activity.

Python 3.11 standard library only. All arithmetic is float64, in the
order the formulas in METRICS.md are written.
"""

import argparse
import bisect
import csv
import datetime as dt
import io
import json
import math
from fractions import Fraction
import os
import re
import sys
import tomllib
import zipfile

MILE_M = 1609.344
DEFAULT_COUNTED = ["running", "trail_running", "treadmill_running", "track_running"]
DEFAULT_WARN_M = 300 * MILE_M
DEFAULT_REPLACE_M = 500 * MILE_M

# Interpretations of things METRICS.md does not fix. Each is named in the
# output JSON ("assumptions") so a mismatch can be traced to one of them.
ASSUMPTIONS = {
    "runs_include_no_distance": "a counted session without distance counts in runs (and duration, load) but not in distance, longest run, rest days or spikes",
    "duration": "weeks.duration_s = sum over counted sessions of moving_s, or elapsed_s when moving_s is null (unknown)",
    "first_week": "weeks start at the week of the first counted session (METRICS.md), not of the first activity of any sport",
    "boundaries": "'more than pct percent' is decided exactly on the float64 inputs (cur - prev > pct/100 * prev in rational arithmetic), not by evaluating the written formula in float64; --literal-float does the latter (see over_pct)",
    "spike_window": "session-spike window [t-30d, t) and the history condition use UTC start instants, 30*86400 s",
    "severity_spike_between_pct_and_10": "a weekly spike with pct < delta <= 30 is caution (also when pct < 10); > 30 is high",
    "load_restart": "restart is only about distance; a week after a week without load gets no load change and no flag",
    "acwr_flag": "acwr_high is judged per week on the weekly acwr value (last day of the week, or T)",
    "no_rest_severity": "no_rest_day and monotony_high are caution",
    "shoe_flags": "one flag per shoe: shoe_replace when past replace_at, else shoe_worn when past warn_at; retired shoes too; severities (worn info, replace caution) are not in METRICS.md and follow analyze/flags.go's doc comment",
    "shoe_assignment": "match glob and Strava gear ignore the shoe's dates and sports; date ties go to the first shoe in the file",
    "gear_name": "Strava gear names a shoe when equal to its name after trimming, case-insensitively",
    "flag_units": "value/threshold: spikes in percent (delta, pct); session_spike r*100 vs 10; acwr ratio vs 1.5; monotony vs 2; shoes metres vs mark; restart distance vs 0; return_after_break days (fractional, between UTC starts) since the previous counted run with distance vs 30; no_rest_day rest days (0) vs 1 (units from analyze/flags.go's doc comment, read after the first run)",
}


def parse_date(s):
    return dt.date.fromisoformat(s)


def parse_time(s):
    # RFC 3339 in UTC, possibly with fractional seconds.
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    return dt.datetime.fromisoformat(s)


def parse_distance(v):
    """A distance string with a unit ("500 mi", "800 km", "0 km", "120 m") in metres."""
    if isinstance(v, (int, float)):
        raise ValueError(f"distance {v!r} has no unit")
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(mi|km|m)\s*", v)
    if not m:
        raise ValueError(f"bad distance {v!r}")
    x = float(m.group(1))
    return x * {"mi": MILE_M, "km": 1000.0, "m": 1.0}[m.group(2)]


def week_of(d, week_start):
    """First day of the week holding date d."""
    if week_start == "sunday":
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    return d - dt.timedelta(days=d.weekday())


def glob_regex(pattern):
    """A regex for a path glob: ** spans directories, * and ? do not."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1 : j]
                if body.startswith("!") or body.startswith("^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def strava_gear(inputs):
    """Maps activity source (input-relative path) to the gear named in a
    Strava bulk export's activities.csv, for every activities.csv found in
    the inputs (folders walked, .zip files opened)."""
    gear = {}

    def read_csv(text, prefix):
        for row in csv.reader(io.StringIO(text)):
            header = row
            break
        else:
            return
        try:
            fi = header.index("Filename")
            gi = header.index("Activity Gear")
        except ValueError:
            return
        rows = list(csv.reader(io.StringIO(text)))[1:]
        for row in rows:
            if len(row) <= max(fi, gi):
                continue
            fn, g = row[fi].strip(), row[gi].strip()
            if fn and g:
                gear[prefix + fn] = g

    def scan_zip(zf, prefix):
        for name in zf.namelist():
            if name.endswith("/"):
                continue
            if os.path.basename(name) == "activities.csv":
                d = os.path.dirname(name)
                read_csv(zf.read(name).decode("utf-8-sig", "replace"), prefix + (d + "/" if d else ""))

    for inp in inputs:
        if not os.path.exists(inp):
            raise SystemExit(f"reference: input {inp} does not exist")
        if os.path.isdir(inp):
            for root, _dirs, files in os.walk(inp):
                for f in files:
                    p = os.path.join(root, f)
                    rel = os.path.relpath(p, inp).replace(os.sep, "/")
                    if f == "activities.csv":
                        d = os.path.dirname(rel)
                        with open(p, encoding="utf-8-sig", errors="replace") as fh:
                            read_csv(fh.read(), d + "/" if d else "")
                    elif f.lower().endswith(".zip"):
                        try:
                            with zipfile.ZipFile(p) as zf:
                                scan_zip(zf, rel + "!/")
                        except zipfile.BadZipFile:
                            pass
        elif inp.lower().endswith(".zip"):
            try:
                with zipfile.ZipFile(inp) as zf:
                    scan_zip(zf, os.path.basename(inp) + "!/")
            except (zipfile.BadZipFile, FileNotFoundError):
                pass
    return gear


def load_config(path):
    cfg = {}
    if path:
        with open(path, "rb") as fh:
            cfg = tomllib.load(fh)
    athlete = cfg.get("athlete", {})
    rules = cfg.get("rules", {})
    shoes = []
    for s in cfg.get("shoes", []):
        shoes.append(
            {
                "name": s["name"],
                "from": s.get("from"),
                "to": s.get("to"),
                "sports": list(s.get("sports", [])),
                "start_m": parse_distance(s["start_distance"]) if "start_distance" in s else 0.0,
                "warn_m": parse_distance(s["warn_at"]) if "warn_at" in s else DEFAULT_WARN_M,
                "replace_m": parse_distance(s["replace_at"]) if "replace_at" in s else DEFAULT_REPLACE_M,
                "match": [glob_regex(g) for g in s.get("match", [])],
            }
        )
    return {
        "week_start": athlete.get("week_start", "monday"),
        "pct": float(rules.get("weekly_increase_pct", 10)),
        "counted": list(rules.get("counted_sports", DEFAULT_COUNTED)),
        "shoes": shoes,
    }


def read_inspect(path):
    acts, problems = [], []
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            o = json.loads(line)
            if "activity_id" in o:
                acts.append(o)
            else:
                problems.append(o)
    return acts, problems


FORMAT_RANK = {"fit": 0, "tcx": 1, "gpx": 2}
DUP_START_WINDOW_S = 600


def same_run(s1, e1, s2, e2):
    """METRICS.md, Duplicates: the ranges overlap by more than half of the
    shorter one, and the starts are within 10 minutes or the overlap is
    also more than half of the longer one. Distances play no part. A
    zero-length session overlaps a range that holds its start."""
    overlap = (min(e1, e2) - max(s1, s2)).total_seconds()
    l1, l2 = (e1 - s1).total_seconds(), (e2 - s2).total_seconds()
    shorter, longer = min(l1, l2), max(l1, l2)
    if shorter <= 0:
        if overlap < 0:
            return False
    elif overlap <= shorter / 2:
        return False
    return abs((s1 - s2).total_seconds()) <= DUP_START_WINDOW_S or overlap > longer / 2


def duplicate_checks(acts, problems=()):
    """Checks legwork's duplicate_of against METRICS.md's rule as far as the
    inspect facts allow (sample counts are not in them): every duplicate is
    the same run as the activity it names, which is itself kept (duplicates
    never chain) and not worse by completeness (a file whose error says
    "partial read" is partial) then format (FIT over TCX over GPX); no two
    kept activities are the same run; and no duplicate is the same run as a
    kept activity strictly better than the one it names (the best copy
    claims its copies first)."""
    out = []
    by_id = {a["activity_id"]: a for a in acts}
    partial_sources = {p["source"] for p in problems if "partial read" in (p.get("error") or "")}

    def span(a):
        st = parse_time(a["start_time"])
        return st, st + dt.timedelta(seconds=a.get("elapsed_s") or 0)

    def rank(a):
        return (a["source"] in partial_sources, FORMAT_RANK.get(a["format"], 3))

    spans = {a["activity_id"]: span(a) for a in acts}
    kept = [a for a in acts if not a.get("duplicate_of")]
    for a in acts:
        d = a.get("duplicate_of")
        if not d:
            continue
        k = by_id.get(d)
        if k is None:
            out.append(f"{a['source']}: duplicate_of {d} names no activity")
            continue
        if k.get("duplicate_of"):
            out.append(f"{a['source']}: duplicate of {k['source']}, itself a duplicate (chained)")
        if not same_run(*spans[a["activity_id"]], *spans[d]):
            out.append(f"{a['source']} and {k['source']}: linked by duplicate_of, but not one run by METRICS.md's rule")
        if rank(k) > rank(a):
            out.append(f"{k['source']} ({k['format']}) kept over {a['source']} ({a['format']})")
    # Kept activities against each other and against every duplicate, by start.
    order = sorted(acts, key=lambda a: spans[a["activity_id"]][0])
    longest = max(((e - s) for s, e in spans.values()), default=dt.timedelta(0))
    starts = [spans[a["activity_id"]][0] for a in order]
    for k in kept:
        ks, ke = spans[k["activity_id"]]
        lo = bisect.bisect_left(starts, ks - longest - dt.timedelta(seconds=DUP_START_WINDOW_S))
        hi = bisect.bisect_right(starts, ke + dt.timedelta(seconds=DUP_START_WINDOW_S))
        for b in order[lo:hi]:
            if b is k or not same_run(ks, ke, *spans[b["activity_id"]]):
                continue
            if not b.get("duplicate_of"):
                if k["activity_id"] < b["activity_id"]:
                    out.append(f"{k['source']} and {b['source']}: one run by METRICS.md's rule, but both counted")
            elif rank(k) < rank(by_id.get(b["duplicate_of"], b)):
                out.append(f"{b['source']}: duplicate of {by_id[b['duplicate_of']]['source']}, but {k['source']} is a better copy of the same run")
    return out


def monotony(days):
    n = len(days)
    mean = sum(days) / n
    var = sum((x - mean) ** 2 for x in days) / n
    sd = math.sqrt(var)
    if sd == 0:
        return 10.0 if mean > 0 else None
    return min(mean / sd, 10.0)


def over_pct(cur, prev, pct, complete, literal, ratio=False):
    """Whether cur is more than pct percent above prev (prev > 0).

    literal evaluates METRICS.md's formulas as written, in float64:
    complete weeks Δ = (cur − prev) / prev × 100 > pct; the current week
    cur > (1 + pct/100)·prev; a session r = cur / prev − 1 > pct/100.
    Otherwise the comparison is exact on the float64 inputs (rational
    arithmetic): cur − prev > pct/100 · prev. The two differ only at exact
    boundaries, e.g. a run of exactly 11000 m after 10000 m: 11000/10000 − 1
    is 0.10000000000000009 in float64, above 0.10."""
    if literal:
        if ratio:
            return cur / prev - 1 > pct / 100
        if complete:
            return (cur - prev) / prev * 100 > pct
        return cur > (1 + pct / 100) * prev
    c, p = Fraction(cur), Fraction(prev)
    return (c - p) * 100 > Fraction(pct) * p


def compute(acts, cfg, as_of, gear, literal=False):
    checks = []
    counted_sports = set(cfg["counted"])
    pct = cfg["pct"]
    ws = cfg["week_start"]

    runs = []  # counted sessions
    for a in acts:
        ld = parse_date(a["local_date"])
        st = parse_time(a["start_time"])
        # Consistency of the per-activity facts we take as given.
        local = st + dt.timedelta(seconds=a.get("utc_offset_s") or 0)
        if local.date() != ld:
            checks.append(f"{a['activity_id']} {a['source']}: local_date {ld} but start+offset is {local.isoformat()}")
        counted = a["sport"] in counted_sports and not a.get("duplicate_of") and ld <= as_of
        if bool(a.get("counted")) != counted:
            checks.append(f"{a['activity_id']} {a['source']}: inspect says counted={a.get('counted')}, reference {counted}")
        if counted:
            d = a.get("distance_m")
            runs.append(
                {
                    "id": a["activity_id"],
                    "source": a["source"],
                    "sport": a["sport"],
                    "start": st,
                    "date": ld,
                    "dist": d if (d is not None and d > 0) else None,
                    "moving": a.get("moving_s") or 0.0,
                    "elapsed": a.get("elapsed_s") or 0.0,
                    "load": a.get("load"),
                }
            )
    runs.sort(key=lambda r: (r["start"], r["id"]))

    weeks, flags = [], []
    if runs:
        first_week = week_of(min(r["date"] for r in runs), ws)
        last_week = week_of(as_of, ws)
        n_weeks = (last_week - first_week).days // 7 + 1
        rows = []
        for k in range(n_weeks):
            start = first_week + dt.timedelta(days=7 * k)
            end = start + dt.timedelta(days=6)
            wr = [r for r in runs if start <= r["date"] <= end]
            dist = 0.0
            load = 0.0
            dur = 0.0
            longest = 0.0
            for r in wr:  # in start order, as a running total would add them
                if r["dist"] is not None:
                    dist += r["dist"]
                    longest = max(longest, r["dist"])
                if r["load"] is not None:
                    load += r["load"]
                dur += r["moving"] if r["moving"] > 0 else r["elapsed"]
            daily = [0.0] * 7
            for r in wr:
                if r["dist"] is not None:
                    daily[(r["date"] - start).days] += r["dist"]
            rows.append(
                {
                    "week_start": start.isoformat(),
                    "runs": len(wr),
                    "distance_m": dist,
                    "duration_s": dur,
                    "elapsed_s": sum(r["elapsed"] for r in wr),
                    "load": load,
                    "longest_run_m": longest,
                    "distance_change_pct": None,
                    "load_change_pct": None,
                    "acwr": None,
                    "rest_days": 7 - sum(1 for x in daily if x > 0),
                    "complete": as_of > end,
                    "monotony": monotony(daily) if as_of > end else None,
                    "_daily": daily,
                    "_end": end,
                }
            )

        # ACWR on daily counted distance from the first counted day.
        day0 = min(r["date"] for r in runs)
        by_day = {}
        for r in runs:
            if r["dist"] is not None:
                by_day[r["date"]] = by_day.get(r["date"], 0.0) + r["dist"]
        acwr_on = {}
        a = c = 0.0
        n = 0
        d = day0
        while d <= as_of:
            x = by_day.get(d, 0.0)
            n += 1
            a = 0.25 * x + 0.75 * a
            c = (2 / 29) * x + (27 / 29) * c
            ah = a / (1 - 0.75**n)
            ch = c / (1 - (27 / 29) ** n)
            if n >= 28 and ch >= 100:
                acwr_on[d] = ah / ch
            d += dt.timedelta(days=1)

        for k, w in enumerate(rows):
            start = parse_date(w["week_start"])
            wday = min(w["_end"], as_of)
            w["acwr"] = acwr_on.get(wday)
            wk = parse_date(w["week_start"])
            if k > 0:
                prev = rows[k - 1]
                W0, W1 = prev["distance_m"], w["distance_m"]
                if W0 > 0:
                    delta = (W1 - W0) / W0 * 100
                    w["distance_change_pct"] = delta
                    if over_pct(W1, W0, pct, w["complete"], literal):
                        sev = "high" if over_pct(W1, W0, 30.0, True, literal) else "caution"
                        flags.append(flag("weekly_distance_spike", sev, week=wk, value=delta, threshold=pct))
                elif W1 > 0:
                    flags.append(flag("restart", "info", week=wk, value=W1, threshold=0.0))
                L0, L1 = prev["load"], w["load"]
                if L0 > 0:
                    delta = (L1 - L0) / L0 * 100
                    w["load_change_pct"] = delta
                    if over_pct(L1, L0, pct, w["complete"], literal):
                        sev = "high" if over_pct(L1, L0, 30.0, True, literal) else "caution"
                        flags.append(flag("weekly_load_spike", sev, week=wk, value=delta, threshold=pct))
            if w["acwr"] is not None and w["acwr"] >= 1.5:
                flags.append(flag("acwr_high", "caution", week=wk, value=w["acwr"], threshold=1.5))
            if w["complete"]:
                if w["rest_days"] == 0:
                    flags.append(flag("no_rest_day", "caution", week=wk, value=0.0, threshold=1.0))
                if w["monotony"] is not None and w["monotony"] > 2.0:
                    flags.append(flag("monotony_high", "caution", week=wk, value=w["monotony"], threshold=2.0))
        for w in rows:
            del w["_daily"], w["_end"]
        weeks = rows

        # Session spikes.
        window = dt.timedelta(days=30)
        first_start = runs[0]["start"]
        with_dist = [r for r in runs if r["dist"] is not None]
        for s in with_dist:
            t = s["start"]
            if first_start > t - window:
                continue
            inwin = [r["dist"] for r in with_dist if t - window <= r["start"] < t]
            if not inwin:
                before = [r["start"] for r in with_dist if r["start"] < t]
                since = (t - (max(before) if before else first_start)).total_seconds() / 86400
                flags.append(flag("return_after_break", "info", activity=s["id"], value=float(since), threshold=30.0))
                continue
            M = max(inwin)
            r = s["dist"] / M - 1
            if over_pct(s["dist"], M, 10.0, True, literal, ratio=True):
                sev = "high" if over_pct(s["dist"], M, 100.0, True, literal, ratio=True) else "caution"
                flags.append(flag("session_spike", sev, activity=s["id"], value=r * 100, threshold=10.0))

    # Shoes.
    shoes_out = []
    assigned = {s["name"]: [] for s in cfg["shoes"]}
    assignment = {}
    by_name = {s["name"].strip().lower(): s for s in cfg["shoes"]}
    for r in runs:
        shoe = None
        how = None
        for s in cfg["shoes"]:
            if any(g.match(r["source"]) for g in s["match"]):
                shoe, how = s, "match"
                break
        if shoe is None and r["source"] in gear:
            s = by_name.get(gear[r["source"]].strip().lower())
            if s is not None:
                shoe, how = s, "gear"
        if shoe is None:
            best = None
            for s in cfg["shoes"]:
                if s["from"] is not None and r["date"] < s["from"]:
                    continue
                if s["to"] is not None and r["date"] > s["to"]:
                    continue
                if s["sports"] and r["sport"] not in s["sports"]:
                    continue
                f = s["from"] or dt.date.min
                if best is None or f > (best["from"] or dt.date.min):
                    best = s
            if best is not None:
                shoe, how = best, "dates"
        if shoe is not None:
            assigned[shoe["name"]].append(r)
            assignment[r["id"]] = {"shoe": shoe["name"], "by": how}
    for s in cfg["shoes"]:
        rs = assigned[s["name"]]
        dist = s["start_m"]
        for r in rs:
            if r["dist"] is not None:
                dist += r["dist"]
        status = "replace" if dist > s["replace_m"] else "worn" if dist > s["warn_m"] else "ok"
        retired = s["to"] is not None and as_of > s["to"]
        shoes_out.append(
            {
                "shoe": s["name"],
                "runs": len(rs),
                "distance_m": dist,
                "first_run": min(r["date"] for r in rs).isoformat() if rs else None,
                "last_run": max(r["date"] for r in rs).isoformat() if rs else None,
                "warn_at_m": s["warn_m"],
                "replace_at_m": s["replace_m"],
                "retired": retired,
                "status": status,
            }
        )
        if status == "replace":
            flags.append(flag("shoe_replace", "caution", shoe=s["name"], value=dist, threshold=s["replace_m"]))
        elif status == "worn":
            flags.append(flag("shoe_worn", "info", shoe=s["name"], value=dist, threshold=s["warn_m"]))

    activities = {}
    for a in acts:
        ld = parse_date(a["local_date"])
        counted = a["sport"] in counted_sports and not a.get("duplicate_of") and ld <= as_of
        activities[a["activity_id"]] = {
            "counted": counted,
            "week_start": week_of(ld, ws).isoformat(),
            # Only counted runs are assigned here: METRICS.md sums "the
            # counted distance of the runs assigned" and says nothing of others.
            "shoe": assignment.get(a["activity_id"], {}).get("shoe") if counted else None,
        }

    return {
        "as_of": as_of.isoformat(),
        "activities": activities,
        "config": {"week_start": ws, "weekly_increase_pct": pct, "counted_sports": cfg["counted"]},
        "assumptions": ASSUMPTIONS,
        "weeks": weeks,
        "flags": flags,
        "shoes": shoes_out,
        "shoe_of": assignment,
        "checks": checks,
    }


def flag(kind, severity, week=None, activity=None, shoe=None, value=0.0, threshold=0.0):
    return {
        "kind": kind,
        "severity": severity,
        "week_start": week.isoformat() if week else None,
        "activity_id": activity,
        "shoe": shoe,
        "value": float(value),
        "threshold": float(threshold),
    }


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inspect", required=True, help="output of legwork inspect --json")
    ap.add_argument("--as-of", required=True, type=parse_date)
    ap.add_argument("--config")
    ap.add_argument("--input", action="append", default=[], help="an input given to legwork run (for Strava gear)")
    ap.add_argument("--loads", help="JSON object activity_id -> load from the run's activities table (overrides inspect's loads)")
    ap.add_argument("--literal-float", action="store_true",
                    help="decide the 10%% rules with METRICS.md's formulas evaluated in float64 as written, not exactly")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    cfg = load_config(args.config)
    acts, problems = read_inspect(args.inspect)
    load_checks = []
    if args.loads:
        with open(args.loads) as fh:
            loads = json.load(fh)
        for a in acts:
            if a["activity_id"] not in loads:
                load_checks.append(f"{a['activity_id']} {a['source']}: not in the run's activities table")
                continue
            v = loads[a["activity_id"]]
            if (v is None) != (a.get("load") is None) or (v is not None and abs(v - a["load"]) > 1e-9 * max(1, abs(v))):
                load_checks.append(f"{a['activity_id']} {a['source']}: load inspect {a.get('load')}, run {v}")
            a["load"] = v
    res = compute(acts, cfg, args.as_of, strava_gear(args.input), literal=args.literal_float)
    res["checks"] = load_checks + duplicate_checks(acts, problems) + res["checks"]
    with open(args.out, "w") as fh:
        json.dump(res, fh, indent=1)
        fh.write("\n")
    for c in res["checks"][:5]:
        print("reference: check:", c, file=sys.stderr)
    if len(res["checks"]) > 5:
        print(f"reference: check: … {len(res['checks']) - 5} more (in the JSON's checks)", file=sys.stderr)
    print(
        f"reference: {len(acts)} activities, {len(res['weeks'])} weeks, {len(res['flags'])} flags, {len(res['shoes'])} shoes",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
