"""The job journal and distcc-report (issue 13; doc/client.md §19, doc/tools.md,
"distcc-report"): real builds through our client and our daemon with DISTCC_JOURNAL
set -- the generated tree with a host that is down (a retry, a backoff, a real local
fallback) and a link among the jobs, and GNU libiberty from Debian's binutils-source.
The summary must name what happened, the HTML must parse and hold one bar per job (a
headless Chromium screenshot of it is kept as an artefact), the trace must be valid
JSON, and clang-tidy must work from the compile_commands.json.  Also: 64 concurrent
clients, half of them with lines longer than PIPE_BUF, never lose or split a line;
and a journal that cannot be written costs a warning, not the build."""
import html.parser
import json
import os
import shutil
import subprocess

import pytest

from dcctest import gentree, paths, procs, projects
from dcctest.fixtures import clean_client_env

pytestmark = pytest.mark.skipif(not paths.ours("distcc") or not paths.ours("distcc-report"),
                                reason="our distcc or distcc-report has not been built")

REPORT = os.path.join(paths.TOP_BUILDDIR, "distcc-report")
PIPE_BUF = 4096


def read_journal(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    return [json.loads(line) for line in lines]


def artefact_dir(scratch, name):
    """Where pictures worth keeping go: $DCC_TEST_RESULTS/report (kept by CI) or the
    scratch directory."""
    base = os.environ.get("DCC_TEST_RESULTS")
    path = os.path.join(base, "report", name) if base else os.path.join(scratch, "artefacts")
    os.makedirs(path, exist_ok=True)
    return path


class SvgCounter(html.parser.HTMLParser):
    """Counts the job bars (<rect class="bar">) and the other elements of the page."""

    def __init__(self):
        super().__init__()
        self.bars = 0
        self.jobs = 0
        self.tags = set()
        self.external = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "rect" and attrs.get("class") == "bar":
            self.bars += 1
        if tag == "g" and attrs.get("class") == "job":
            self.jobs += 1
        for name in ("src", "href"):
            if attrs.get(name):
                self.external.append((tag, attrs[name]))
        if tag == "link" or tag == "script":
            self.external.append((tag, attrs))


def check_outputs(scratch, journal, name):
    """Run distcc-report with every output; check them; return (summary, records)."""
    records = read_journal(journal)
    out = os.path.join(scratch, "report-out")
    os.makedirs(out, exist_ok=True)
    page, trace, commands = (os.path.join(out, n) for n in ("build.html", "trace.json", "compile_commands.json"))
    r = procs.run([REPORT, "--html", page, "--trace", trace, "--compile-commands", commands, journal], timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    summary = r.stdout
    assert summary.startswith(f"distcc build report: {len(records)} jobs in "), summary

    parser = SvgCounter()
    with open(page, encoding="utf-8") as f:
        parser.feed(f.read())
    parser.close()
    assert {"html", "svg", "rect", "pre"} <= parser.tags
    assert parser.bars == len(records), f"{parser.bars} bars for {len(records)} jobs"
    assert parser.jobs == len(records)
    assert parser.external == [], "the page must be self-contained"

    with open(trace, encoding="utf-8") as f:
        events = json.load(f)["traceEvents"]
    job_events = [e for e in events if e.get("ph") == "X" and e.get("cat") != "phase"]
    assert len(job_events) == len(records)
    assert all(e["dur"] >= 0 and e["ts"] >= 0 for e in events if e.get("ph") == "X")

    with open(commands, encoding="utf-8") as f:
        entries = json.load(f)
    compiles = {(r["cwd"], r["input"], r["output"]) for r in records if r["input"]}
    assert len(entries) == len(compiles)
    for entry in entries:
        assert set(entry) == {"directory", "arguments", "file", "output"}
        assert os.path.isabs(entry["directory"])

    shot = artefact_dir(scratch, name)
    shutil.copy(page, os.path.join(shot, "build.html"))
    screenshot(page, os.path.join(shot, "build.png"))
    return summary, records, commands


def screenshot(page, png):
    """A picture of the page in headless Chromium (package chromium), when installed."""
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium is not installed: no screenshot (apt-get install chromium)")
        return
    home = os.path.join(os.path.dirname(png), "chromium-home")
    os.makedirs(home, exist_ok=True)
    r = procs.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--window-size=1300,900", f"--user-data-dir={home}", f"--screenshot={png}",
                   "file://" + os.path.abspath(page)],
                  env=dict(os.environ, HOME=home), timeout=120)
    shutil.rmtree(home, ignore_errors=True)
    assert os.path.exists(png) and os.path.getsize(png) > 1000, (r.returncode, r.stderr[-2000:])
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    print(f"screenshot: {png}")


def clang_tidy_works(commands, source):
    """clang-tidy -p with the generated compile_commands.json: it finds the command
    for `source` and analyses it without an error."""
    tidy = shutil.which("clang-tidy")
    if not tidy:
        pytest.skip("clang-tidy is not installed (apt-get install clang-tidy)")
    r = procs.run([tidy, "-p", os.path.dirname(commands), "--checks=-*,clang-analyzer-core.*", source],
                  timeout=120)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "Error while processing" not in r.stderr
    assert "Skipping" not in r.stderr, "no compile command was found"


GENERATED_MAKEFILE = """\
CC = gcc
CFLAGS = -O2 -g
OBJS = {objs}

all: units.o

units.o: $(OBJS)
\t$(CC) -r -nostdlib -o $@ $(OBJS)

obj/%.o: src/%.c
\t$(CC) $(CFLAGS) -MD -c $< -o $@

# The host of this unit is down: a real fallback to a local compile.
obj/unit03.o: export DISTCC_HOSTS = {dead}
"""


def test_report_of_the_generated_tree(scratch, our_daemon):
    units = 8
    tree = gentree.write(os.path.join(scratch, "tree"), units=units, functions=4)
    dead = f"127.0.0.1:{procs.free_port()}"
    objs = " ".join(f"obj/unit{u:02d}.o" for u in range(units))
    with open(os.path.join(tree, "Makefile"), "w") as f:
        f.write(GENERATED_MAKEFILE.format(objs=objs, dead=dead))
    journal = os.path.join(scratch, "journal.jsonl")
    env = clean_client_env(scratch, hosts=f"{dead}/2 {our_daemon.host_spec('/4')}", DISTCC_JOURNAL=journal,
                           DISTCC_BACKOFF_PERIOD="60")
    r = procs.run(["make", "-j4", f"CC={paths.OUR_DISTCC} gcc"], cwd=tree, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    summary, records, commands = check_outputs(scratch, journal, "generated-tree")

    assert len(records) == units + 1, "every compile and the link"
    by_input = {rec["input"]: rec for rec in records}
    fallback = by_input["src/unit03.c"]
    assert (fallback["mode"], fallback["outcome"], fallback["host"]) == ("local", "fallback", "localhost")
    assert fallback["reason"] and fallback["reason"] in r.stderr, "the warning's own words"
    link = by_input[""]
    assert link["outcome"] == "local" and link["reason"].startswith("linking"), link
    remote = [rec for rec in records if rec["outcome"] == "remote"]
    assert len(remote) == units - 1
    for rec in remote:
        assert (rec["mode"], rec["host"], rec["protocol"], rec["compression"]) == \
            ("tcp", our_daemon.host_spec("/4"), 1, "none")
        assert rec["bytes_sent"] > 1000 and rec["bytes_received"] > 1000
        assert rec["phases"]["remote_compile"] > 0 and rec["phases"]["connect"] > 0
        assert rec["exit_code"] == 0
        assert abs(sum(rec["phases"].values()) - rec["duration"]) < 0.01
    tried_dead = [rec for rec in records if any(a["host"].startswith(dead) for a in rec["failed_attempts"])]
    assert tried_dead, "some job tried the dead host first"
    assert any(dead in h for rec in records for h in rec["backed_off"]), "and later jobs skipped it"

    assert "jobs per host and mode:" in summary
    assert f"{our_daemon.host_spec('/4')}" in summary and " tcp " in summary
    assert "run locally, by reason:" in summary
    assert "fallback" in summary and fallback["reason"] in summary
    assert "linking" in summary and "e.g. gcc -r -nostdlib -o units.o" in summary
    assert "time per phase:" in summary and "remote_compile" in summary
    assert "slowest jobs:" in summary
    assert "hosts that failed or were backed off:" in summary and dead in summary
    clang_tidy_works(commands, os.path.join(tree, "src", "unit01.c"))


LONG_DEFINES = " ".join(f"-DLONG_MACRO_NAME_NUMBER_{i}=0x{i:08x}" for i in range(150))


def test_concurrent_clients_never_lose_or_split_a_line(scratch, our_daemon):
    jobs = 64
    tree = os.path.join(scratch, "many")
    os.makedirs(tree)
    rules = []
    for i in range(jobs):
        with open(os.path.join(tree, f"u{i}.c"), "w") as f:
            f.write(f"int u{i}(int x) {{ return x * {i + 1}; }}\n")
        extra = LONG_DEFINES if i % 2 else ""
        rules.append(f"u{i}.o: u{i}.c\n\t$(CC) -c {extra} u{i}.c -o u{i}.o\n")
    with open(os.path.join(tree, "Makefile"), "w") as f:
        f.write("all: " + " ".join(f"u{i}.o" for i in range(jobs)) + "\n" + "".join(rules))
    assert len(LONG_DEFINES) > PIPE_BUF
    journal = os.path.join(scratch, "journal.jsonl")
    env = clean_client_env(scratch, hosts=our_daemon.host_spec("/64"),
                           DISTCC_JOURNAL=journal)
    r = procs.run(["make", f"-j{jobs}", f"CC={paths.OUR_DISTCC} gcc"], cwd=tree, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    with open(journal, "rb") as f:
        raw = f.read()
    lines = raw.split(b"\n")
    assert lines[-1] == b"", "ends with a newline"
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == jobs
    assert sorted(rec["input"] for rec in records) == sorted(f"u{i}.c" for i in range(jobs))
    assert sum(1 for line in lines if len(line) > PIPE_BUF) == jobs // 2
    assert len({rec["pid"] for rec in records}) == jobs


def test_unwritable_journal_costs_a_warning_not_the_build(scratch, our_daemon):
    with open(os.path.join(scratch, "a.c"), "w") as f:
        f.write("int a(void) { return 1; }\n")
    env = clean_client_env(scratch, hosts=our_daemon.host_spec(),
                           DISTCC_JOURNAL=os.path.join(scratch, "no", "such", "dir", "journal"))
    r = procs.run([paths.OUR_DISTCC, "gcc", "-c", "a.c", "-o", "a.o"], cwd=scratch, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(os.path.join(scratch, "a.o"))
    assert r.stderr.count("job journal not written") == 1, r.stderr
    assert "cannot open" in r.stderr


def test_report_of_an_empty_or_damaged_journal(scratch):
    journal = os.path.join(scratch, "journal.jsonl")
    with open(journal, "w") as f:
        f.write('{"time": 1, "duration": 0.5, "argv": ["gcc", "-c", "x.c"], "input": "x.c", "output": "x.o",'
                ' "cwd": "/tmp", "mode": "local", "host": "localhost", "outcome": "local", "reason": "r"}\n'
                '{"time": 2, "dur\n')
    r = procs.run([REPORT, journal], timeout=60)
    assert r.returncode == 0, r.stderr
    assert "distcc build report: 1 jobs" in r.stdout
    assert "1 journal lines did not parse" in r.stdout
    r = procs.run([REPORT, os.path.join(scratch, "missing")], timeout=60)
    assert r.returncode == 1 and "cannot read" in r.stderr


@pytest.mark.slow
def test_report_of_libiberty(scratch, our_daemon):
    try:
        project = projects.Libiberty(scratch)
    except projects.Unavailable as e:
        pytest.skip(str(e))
    dead = f"127.0.0.1:{procs.free_port()}"
    journal = os.path.join(scratch, "journal.jsonl")
    env = clean_client_env(scratch, hosts=f"{dead}/1 {our_daemon.host_spec('/4')}", DISTCC_JOURNAL=journal,
                           DISTCC_BACKOFF_PERIOD="60")
    r = project.build(paths.OUR_DISTCC, env)
    assert r.returncode == 0, r.stderr[-3000:]
    # One object again with only the dead host: a real fallback to a local compile.
    os.remove(os.path.join(project.path, "xmalloc.o"))
    r = procs.run(["make", f"CC={paths.OUR_DISTCC} gcc", "xmalloc.o"], cwd=project.path,
                  env=dict(env, DISTCC_HOSTS=f"{dead}/1"), timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    summary, records, commands = check_outputs(scratch, journal, "libiberty")
    compiles = [rec for rec in records if rec["input"].endswith(".c")]
    assert len(compiles) >= project.objects + 1
    assert sum(1 for rec in records if rec["outcome"] == "remote") >= project.objects - 1
    fallback = [rec for rec in records if rec["outcome"] == "fallback"]
    assert [rec["input"] for rec in fallback] == ["./xmalloc.c"], [rec["input"] for rec in fallback]
    assert fallback[0]["reason"] in r.stderr and fallback[0]["reason"] in summary
    assert dead in summary, "the dead host is named as failed or backed off"
    clang_tidy_works(commands, os.path.join(project.path, "xmalloc.c"))
