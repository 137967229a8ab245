#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# distcc-report: reads the job journal the client writes with DISTCC_JOURNAL=FILE
# (doc/client.md §19, one JSON object per line) and explains the build -- a summary a
# person reads in ten seconds, and on request a self-contained HTML page with an SVG
# timeline, Chrome trace-event JSON, or a compile_commands.json.  Python 3 standard
# library only; doc/tools.md, "distcc-report" and man/distcc-report.1
# describe it.
import argparse
import html
import json
import os
import sys

PHASES = ["slot_wait", "preprocess", "connect", "send", "remote_compile", "receive", "local_compile", "other"]
COLOURS = {
    "slot_wait": "#bdbdbd", "preprocess": "#f2a93b", "connect": "#8c6bb1", "send": "#41b6c4",
    "remote_compile": "#2c7fb8", "receive": "#7fcdbb", "local_compile": "#e34a33", "other": "#eeeeee",
}
LOCAL_OUTCOMES = ("local", "fallback")


def load(path):
    """The records of the journal at `path` and the number of lines that did not parse."""
    jobs, bad = [], 0
    with open(path, "rb") as f:
        for raw in f:
            if not raw.strip():
                continue
            try:
                job = json.loads(raw.decode("utf-8", "replace"))
            except ValueError:
                bad += 1
                continue
            if not isinstance(job, dict) or "time" not in job:
                bad += 1
                continue
            job.setdefault("duration", 0.0)
            job.setdefault("phases", {})
            job.setdefault("spans", [])
            jobs.append(job)
    jobs.sort(key=lambda j: j["time"])
    return jobs, bad


def quantile(values, q):
    """The q-quantile (nearest rank) of a non-empty list."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(q * len(ordered) + 0.5)) - 1))
    return ordered[index]


def seconds(value):
    return "%.3fs" % value if value < 100 else "%.0fs" % value


def job_name(job):
    return job.get("input") or os.path.basename((job.get("argv") or ["?"])[0])


def command_text(job, limit=100):
    text = " ".join(job.get("argv") or [])
    return text if len(text) <= limit else text[: limit - 3] + "..."


def peak_concurrency(jobs):
    events = []
    for job in jobs:
        events.append((job["time"], 1))
        events.append((job["time"] + job["duration"], -1))
    events.sort(key=lambda e: (e[0], e[1]))
    running = peak = 0
    for _, delta in events:
        running += delta
        peak = max(peak, running)
    return peak


def assign_lanes(jobs):
    """One lane per host slot: jobs of a host are packed into as few lanes as never
    overlap (greedy by start time, preferring the slot the client recorded).  Local
    jobs get the host "localhost" and so their own lanes.  Returns (lanes, lane_of)."""
    by_host = {}
    for index, job in enumerate(jobs):
        host = "localhost" if job.get("mode") == "local" else (job.get("host") or "?")
        by_host.setdefault(host, []).append(index)
    lanes, lane_of = [], {}
    hosts = sorted(by_host, key=lambda h: (h == "localhost", h))
    for host in hosts:
        ends = []  # end time per lane of this host
        first_lane = len(lanes)
        for index in sorted(by_host[host], key=lambda i: jobs[i]["time"]):
            job = jobs[index]
            slot = job.get("slot", -1)
            chosen = None
            if isinstance(slot, int) and 0 <= slot < len(ends) and ends[slot] <= job["time"] + 1e-9:
                chosen = slot
            if chosen is None:
                for lane, end in enumerate(ends):
                    if end <= job["time"] + 1e-9:
                        chosen = lane
                        break
            if chosen is None:
                chosen = len(ends)
                ends.append(0.0)
                lanes.append("%s #%d" % (host, chosen))
            ends[chosen] = job["time"] + job["duration"]
            lane_of[index] = first_lane + chosen
    return lanes, lane_of


def summary(jobs, bad_lines=0):
    """The ten-second summary, as text."""
    out = []
    if not jobs:
        return "distcc-report: the journal holds no jobs\n"
    start = min(j["time"] for j in jobs)
    end = max(j["time"] + j["duration"] for j in jobs)
    span = max(end - start, 1e-9)
    busy = sum(j["duration"] for j in jobs)
    outcomes = {}
    for job in jobs:
        outcomes[job.get("outcome", "?")] = outcomes.get(job.get("outcome", "?"), 0) + 1
    out.append("distcc build report: %d jobs in %s (%s)" % (
        len(jobs), seconds(span), ", ".join("%d %s" % (n, o) for o, n in sorted(outcomes.items()))))
    if bad_lines:
        out.append("  (%d journal lines did not parse and were skipped)" % bad_lines)
    lanes, _ = assign_lanes(jobs)
    out.append("parallelism: %.1f jobs on average, peak %d, against %d slots used (%d remote, %d local)" % (
        busy / span, peak_concurrency(jobs), len(lanes), sum(1 for l in lanes if not l.startswith("localhost ")),
        sum(1 for l in lanes if l.startswith("localhost "))))

    out.append("")
    out.append("jobs per host and mode:")
    table = {}
    for job in jobs:
        key = (job.get("host") or "localhost", job.get("mode", "?"))
        count, total = table.get(key, (0, 0.0))
        table[key] = (count + 1, total + job["duration"])
    for (host, mode), (count, total) in sorted(table.items(), key=lambda kv: -kv[1][0]):
        out.append("  %-32s %-16s %6d jobs %10s" % (host, mode, count, seconds(total)))

    local = [j for j in jobs if j.get("outcome") in LOCAL_OUTCOMES or (j.get("outcome") == "error" and j.get("reason"))]
    if local:
        out.append("")
        out.append("run locally, by reason:")
        groups = {}
        for job in local:
            groups.setdefault((job.get("outcome"), job.get("reason") or "?"), []).append(job)
        for (outcome, reason), members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            out.append("  %5d  %-8s %s" % (len(members), outcome, reason))
            out.append("         e.g. %s" % command_text(members[0]))

    out.append("")
    out.append("time per phase:          total   median/job   p90/job   jobs")
    for phase in PHASES:
        values = [float(j["phases"].get(phase, 0.0)) for j in jobs if float(j["phases"].get(phase, 0.0)) > 0]
        if not values:
            continue
        out.append("  %-16s %10s %12s %9s %6d" % (phase, seconds(sum(values)), seconds(quantile(values, 0.5)),
                                                  seconds(quantile(values, 0.9)), len(values)))

    out.append("")
    out.append("slowest jobs:")
    for job in sorted(jobs, key=lambda j: -j["duration"])[:5]:
        out.append("  %10s  %-24s %-16s %s" % (seconds(job["duration"]), job.get("host") or "localhost",
                                               job.get("mode", "?"), job_name(job)))

    failed, backed = {}, {}
    for job in jobs:
        for attempt in job.get("failed_attempts") or []:
            entry = failed.setdefault(attempt.get("host", "?"), [0, attempt.get("reason", "")])
            entry[0] += 1
        for host in job.get("backed_off") or []:
            backed[host] = backed.get(host, 0) + 1
    out.append("")
    if failed or backed:
        out.append("hosts that failed or were backed off:")
        for host, (count, reason) in sorted(failed.items(), key=lambda kv: -kv[1][0]):
            out.append("  %-32s failed %d times, e.g.: %s" % (host, count, reason))
        for host, count in sorted(backed.items(), key=lambda kv: -kv[1]):
            out.append("  %-32s skipped by %d jobs (in backoff or down)" % (host, count))
    else:
        out.append("no host failed or was backed off")
    return "\n".join(out) + "\n"


def svg_timeline(jobs):
    """The timeline: one lane per host slot, one bar per job, its phases as coloured
    segments inside the bar."""
    lanes, lane_of = assign_lanes(jobs)
    start = min(j["time"] for j in jobs)
    end = max(j["time"] + j["duration"] for j in jobs)
    span = max(end - start, 1e-6)
    label_w, width, lane_h = 190, 1000, 18
    scale = width / span
    height = 30 + lane_h * len(lanes) + 40
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
             'font-size="11">' % (label_w + width + 20, height)]
    for i, lane in enumerate(lanes):
        y = 30 + i * lane_h
        parts.append('<text x="4" y="%d">%s</text>' % (y + 13, html.escape(lane)))
        parts.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#ddd"/>' % (label_w, label_w + width, y + lane_h,
                                                                                  y + lane_h))
    ticks = 10
    for t in range(ticks + 1):
        x = label_w + width * t / ticks
        parts.append('<text x="%.1f" y="20" text-anchor="middle">%s</text>' % (x, seconds(span * t / ticks)))
    for index, job in enumerate(jobs):
        y = 30 + lane_of[index] * lane_h + 2
        x = label_w + (job["time"] - start) * scale
        w = max(job["duration"] * scale, 1.0)
        title = "%s on %s (%s, %s): %s%s" % (job_name(job), job.get("host") or "localhost", job.get("mode", "?"),
                                            job.get("outcome", "?"), seconds(job["duration"]),
                                            "; " + job["reason"] if job.get("reason") else "")
        parts.append('<g class="job"><title>%s</title>' % html.escape(title))
        parts.append('<rect class="bar" x="%.2f" y="%d" width="%.2f" height="%d" fill="#fafafa" stroke="#555" '
                     'stroke-width="0.5"/>' % (x, y, w, lane_h - 4))
        for span_entry in job.get("spans") or []:
            try:
                phase, offset, duration = span_entry[0], float(span_entry[1]), float(span_entry[2])
            except (IndexError, TypeError, ValueError):
                continue
            parts.append('<path class="phase" d="M%.2f %dh%.2fv%dh-%.2fz" fill="%s"/>' % (
                x + offset * scale, y, max(duration * scale, 0.3), lane_h - 4, max(duration * scale, 0.3),
                COLOURS.get(phase, "#000")))
        parts.append('</g>')
    legend_y = 30 + lane_h * len(lanes) + 20
    x = label_w
    for phase in PHASES:
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>' % (
            x, legend_y, COLOURS[phase], x + 14, legend_y + 9, phase))
        x += 110
    parts.append('</svg>')
    return "\n".join(parts)


def write_html(jobs, text, out_path):
    page = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"><title>distcc build report</title>',
            '<style>body{font-family:sans-serif;margin:1em}pre{background:#f6f6f6;padding:1em}</style>',
            '</head><body>', '<h1>distcc build report</h1>', '<pre>%s</pre>' % html.escape(text)]
    if jobs:
        page.append('<h2>Timeline</h2>')
        page.append(svg_timeline(jobs))
    page.append('</body></html>')
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


def write_trace(jobs, out_path):
    """Chrome trace-event JSON: a complete event per job, one per phase inside it, one
    thread per lane (Perfetto, chrome://tracing)."""
    events = []
    if jobs:
        lanes, lane_of = assign_lanes(jobs)
        start = min(j["time"] for j in jobs)
        events.append({"name": "process_name", "ph": "M", "pid": 1, "tid": 0, "args": {"name": "distcc build"}})
        for tid, lane in enumerate(lanes):
            events.append({"name": "thread_name", "ph": "M", "pid": 1, "tid": tid, "args": {"name": lane}})
        for index, job in enumerate(jobs):
            ts = (job["time"] - start) * 1e6
            args = {k: job.get(k) for k in ("host", "mode", "outcome", "exit_code", "reason", "bytes_sent",
                                            "bytes_received", "pid")}
            events.append({"name": job_name(job), "cat": job.get("mode", "?"), "ph": "X", "ts": ts,
                           "dur": job["duration"] * 1e6, "pid": 1, "tid": lane_of[index], "args": args})
            for entry in job.get("spans") or []:
                events.append({"name": entry[0], "cat": "phase", "ph": "X", "ts": ts + float(entry[1]) * 1e6,
                               "dur": float(entry[2]) * 1e6, "pid": 1, "tid": lane_of[index]})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"traceEvents": events, "displayTimeUnit": "ms"}, f)


def write_compile_commands(jobs, out_path):
    """compile_commands.json from the recorded compiles (jobs with an input file), the
    last record of each (directory, file, output) winning."""
    entries = {}
    for job in jobs:
        if not job.get("input") or not job.get("argv") or not job.get("cwd"):
            continue
        entry = {"directory": job["cwd"], "arguments": list(job["argv"]), "file": job["input"]}
        if job.get("output"):
            entry["output"] = job["output"]
        entries[(entry["directory"], entry["file"], entry.get("output", ""))] = entry
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(list(entries.values()), f, indent=1)
        f.write("\n")


def main(argv):
    parser = argparse.ArgumentParser(prog="distcc-report",
                                     description="Explain a distcc build from its job journal (DISTCC_JOURNAL).")
    parser.add_argument("journal", help="the journal file the clients appended to")
    parser.add_argument("--html", metavar="OUT", help="write a self-contained HTML report with an SVG timeline")
    parser.add_argument("--trace", metavar="OUT", help="write Chrome trace-event JSON (Perfetto, chrome://tracing)")
    parser.add_argument("--compile-commands", metavar="OUT", help="write a compile_commands.json")
    parser.add_argument("--quiet", action="store_true", help="do not print the summary")
    args = parser.parse_args(argv)
    try:
        jobs, bad = load(args.journal)
    except OSError as error:
        print("distcc-report: cannot read %s: %s" % (args.journal, error.strerror), file=sys.stderr)
        return 1
    text = summary(jobs, bad)
    try:
        if args.html:
            write_html(jobs, text, args.html)
        if args.trace:
            write_trace(jobs, args.trace)
        if args.compile_commands:
            write_compile_commands(jobs, args.compile_commands)
    except OSError as error:
        print("distcc-report: cannot write %s: %s" % (error.filename, error.strerror), file=sys.stderr)
        return 1
    if not args.quiet:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
