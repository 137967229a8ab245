# SPDX-License-Identifier: GPL-2.0-or-later
"""report -- the rows, targets and notes a run collects, printed as one table and
written to bench/results/<date>.txt.

A Row is one metric with the median for ours and for distcc 3.4 and their ratio
(ours / theirs); a row may have only our value (a reference such as plain gcc).  A
Target is one of the issue's goals with the measured value and whether it was met.
Workloads add to a Report; they never format anything themselves.
"""
import datetime
import os
import platform
import statistics
import subprocess


def median(values):
    return statistics.median(values) if values else float("nan")


class Row:
    def __init__(self, section, metric, unit, ours, theirs=None, digits=2):
        self.section = section
        self.metric = metric
        self.unit = unit
        self.ours = ours
        self.theirs = theirs
        self.digits = digits

    @property
    def ratio(self):
        if self.theirs is None or not self.theirs:
            return None
        return self.ours / self.theirs

    def cells(self):
        fmt = f"{{:.{self.digits}f}}"
        theirs = "-" if self.theirs is None else fmt.format(self.theirs)
        ratio = "-" if self.ratio is None else f"{self.ratio:.3f}"
        return [self.section, f"{self.metric} [{self.unit}]", fmt.format(self.ours), theirs, ratio]


class Target:
    def __init__(self, name, goal, measured, met, detail=""):
        self.name = name
        self.goal = goal
        self.measured = measured
        self.met = met
        self.detail = detail


class Report:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rows = []
        self.targets = []
        self.notes = []
        self.extra = []  # (title, text) blocks, e.g. the micro-benchmarks

    def row(self, *args, **kwargs):
        r = Row(*args, **kwargs)
        self.rows.append(r)
        return r

    def target(self, *args, **kwargs):
        self.targets.append(Target(*args, **kwargs))

    def note(self, text):
        self.notes.append(text)

    def table(self):
        header = ["workload", "metric", "ours", "distcc 3.4", "ours/3.4"]
        lines = [header] + [r.cells() for r in self.rows]
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

        def fmt(line):
            return "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(line, widths))).rstrip()
        out = [fmt(header), "  ".join("-" * w for w in widths)]
        out += [fmt(line) for line in lines[1:]]
        return "\n".join(out)

    def targets_text(self):
        out = []
        for t in self.targets:
            out.append(f"[{'MET' if t.met else 'NOT MET'}] {t.name}: goal {t.goal}; measured {t.measured}")
            if t.detail:
                out.append(f"    {t.detail}")
        met = sum(1 for t in self.targets if t.met)
        out.append(f"{met} of {len(self.targets)} targets met")
        return "\n".join(out)

    def header_text(self):
        def run(cmd):
            try:
                return subprocess.run(cmd, capture_output=True, text=True, timeout=10,
                                      cwd=self.ctx.srcdir).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                return "?"
        cpu = "?"
        try:
            with open("/proc/cpuinfo") as f:
                cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
        except (OSError, StopIteration):
            pass
        debian = run(["dpkg-query", "-W", "-f=${Version}", "distcc"])
        return "\n".join([
            f"distcc-cpp benchmarks, {datetime.datetime.now().isoformat(timespec='seconds')}",
            f"commit {run(['git', 'rev-parse', '--short', 'HEAD'])}"
            f"{' (uncommitted changes)' if run(['git', 'status', '--porcelain', '--untracked-files=no']) else ''}",
            f"machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), kernel {platform.release()}",
            f"reference: Debian distcc {debian} (/usr/bin/distcc, /usr/bin/distccd)",
            f"mode: {'quick (DCC_BENCH_QUICK=1)' if self.ctx.quick else 'full'}; runs interleaved ours, 3.4, "
            f"3.4, ours; values are medians; only ratios from one run compare",
        ])

    def text(self):
        parts = [self.header_text(), "", self.table(), "", "Targets", "-------", self.targets_text()]
        if self.notes:
            parts += ["", "Notes", "-----"] + [f"- {n}" for n in self.notes]
        for title, text in self.extra:
            parts += ["", title, "-" * len(title), text.rstrip()]
        return "\n".join(parts) + "\n"

    def write(self, results_dir, suffix=""):
        """Write bench/results/<date>[-quick][suffix].txt; returns its path."""
        os.makedirs(results_dir, exist_ok=True)
        stamp = datetime.date.today().isoformat()
        path = os.path.join(results_dir, f"{stamp}{'-quick' if self.ctx.quick else ''}{suffix}.txt")
        with open(path, "w") as f:
            f.write(self.text())
        return path
