# SPDX-License-Identifier: GPL-2.0-or-later
"""hostload -- the load-aware host choice (doc/client.md §8.1) in simulation.

Eight hosts per side, each a daemon with --jobs 4 (the clients list each as /4) and
bench/sleep-cc first on its PATH under the compiler's names: it sleeps that host's
time and writes a ready-made object, so the jobs cost no CPU.  Hosts 1 and 2 (first
in the list, where distcc 3.4 looks first) sleep SLOW_MS, the others FAST_MS.  The
job times are long (1 s and 4 s) on purpose: one job costs this machine about
5-20 ms of wall time (client start, connect, the daemon's fork and the fake
compiler's exec, all sharing 2 cores with 16 daemons and up to 32 clients), which
against 100 ms jobs dominated the result and measured the machine, not the
scheduling; against 1 s jobs it is 1-2%.  The job counts are smaller to bound the
run.  Where network namespaces can be used (root; dcctest.netns), every host is a
namespace of its own (10.213.0.2-9, ours on ports 3632/3633, 3.4 on 3642) and the
clients run in a client namespace; otherwise the hosts are the loopback addresses
127.0.2.1-8.  The notes say which.  Our daemons run with --stats, which the
clients ask for `GET /load` (DISTCC_LOAD_PORT).  Every build compiles `job.i`
(preprocessed: no local preprocessor) with bench/job-runner.

The ideal is computed from the known job times alone: the shortest schedule of
identical jobs on these slots, the least T with sum over slots of
floor(T / host time) >= jobs; no per-job cost of the machine is added to it.

(a) one client at -j32, JOBS_A jobs: build time against the ideal, against distcc
    3.4 and against --randomize (both sides), and ours with DISTCC_LOAD_AWARE=0; a
    floor row runs the same build on the fast hosts alone (load-aware), to show
    what this machine adds to a schedule with no choice to make;
(b) four clients at once, each its own DISTCC_DIR (four developers), JOBS_B jobs at
    -j8 each: the slowest client against the ideal for all their jobs together,
    and the most jobs any host was sent at once (running + queued, from polling
    `GET /load` every 20 ms) against its 4 slots;
(c) a tenant with its own DISTCC_DIR keeps host 3's slots full (job-runner -j4 on
    it alone): the share of a -j8 build's jobs host 3 gets; then a tenant starts on
    host 4 one second into a longer build: the build's jobs on host 4 that started
    more than TENANT_REACT_SEC after it (from the build's DISTCC_JOURNAL).
Our client's observations persist in its DISTCC_DIR across the rounds of a
scenario (as on a developer's machine); one unmeasured warm-up build runs first.
"""
import json
import os
import signal
import subprocess
import threading
import time

from . import measure
from .report import median

FAST_MS = 1000
SLOW_MS = 4000
HOSTS = 8
SLOW_HOSTS = 2
SLOTS = 4
JOBS_A = 128
JOBS_A_EVEN = 120  # a count the fast slots alone divide evenly (see the notes)
PARALLEL_A = 32
CLIENTS_B = 4
JOBS_B = 24
PARALLEL_B = 8
JOBS_C = 32
JOBS_C_SHIFT = 64
PARALLEL_C = 8
TENANT_REACT_SEC = 2.0
NETNS_PORTS = {"ours": (3632, 3633), "theirs": (3642, 3643)}  # (job, stats) in every host namespace


class Loopback:
    """Hosts on loopback addresses 127.0.2.k; clients run here."""
    kind = "loopback addresses 127.0.2.1-8 (no network namespaces: not root)"
    allow = ("127.0.0.0/8",)

    def __init__(self):
        self.addresses = [f"127.0.2.{k + 1}" for k in range(HOSTS)]

    def ports(self, side):
        from dcctest import procs
        return procs.free_port(self.addresses[0]), procs.free_port(self.addresses[0])

    def daemon(self, k, binary, workdir, **kwargs):
        from dcctest import daemons
        return daemons.Daemon(binary, workdir, listen=self.addresses[k], **kwargs)

    def wrap(self):
        return []

    def enter(self):
        pass

    def close(self):
        pass


class Namespaces:
    """Hosts in network namespaces of their own on one bridge; clients (and the
    load poller's thread) in a client namespace."""
    kind = "network namespaces, one per host (10.213.0.2-9) and one for the clients"

    def __init__(self):
        from dcctest import cluster, netns
        self.netns = netns
        self.allow = (cluster.ALLOW_MASK,)
        self.network = netns.Network()
        try:
            self.client = self.network.add_host("client")
            self.hosts = [self.network.add_host(f"h{k + 1}") for k in range(HOSTS)]
        except BaseException:
            self.network.close()
            raise
        self.addresses = [h.address for h in self.hosts]

    def ports(self, side):
        return NETNS_PORTS[side.name]

    def daemon(self, k, binary, workdir, **kwargs):
        return self.netns.NsDaemon(self.hosts[k], binary, workdir, **kwargs)

    def wrap(self):
        return self.client.argv([])

    def enter(self):
        self.netns.join_namespace(self.client.ns)

    def close(self):
        self.network.close()


def make_place(ctx):
    from dcctest import netns
    why = netns.probe()
    if why is None:
        try:
            return Namespaces()
        except (OSError, RuntimeError) as e:
            why = str(e)
    ctx.log(f"hostload: loopback hosts ({why})")
    place = Loopback()
    place.kind = f"loopback addresses 127.0.2.1-8 (no network namespaces: {why})"
    return place


def host_ms(k):
    return SLOW_MS if k < SLOW_HOSTS else FAST_MS


def ideal_seconds(jobs, times):
    """The least T at which slots with these job times (seconds) finish `jobs`
    identical jobs."""
    candidates = sorted({t * n for t in set(times) for n in range(1, jobs + 1)})
    for T in candidates:
        if sum(int(T / t + 1e-9) for t in times) >= jobs:
            return T
    return None


def slot_times():
    return [host_ms(k) / 1e3 for k in range(HOSTS) for _ in range(SLOTS)]


def prepare(ctx):
    work = ctx.source_dir("hostload", "job", "int hostload_job(int x) { return x * 5 + 2; }\n")
    subprocess.run(["gcc", "-c", "job.i", "-o", "template.o"], cwd=work, check=True)
    with open(os.path.join(work, "job.i")) as f:
        text = f.read()
    with open(os.path.join(work, "tenant.i"), "w") as f:
        f.write(text)
    fakes = {}
    for ms in sorted({host_ms(k) for k in range(HOSTS)}):
        fake = measure.CompilerMeter(ctx, f"hostload-{ms}ms", program=ctx.sleep_cc)
        with open(os.path.join(fake.dir, "sleep_ms"), "w") as f:
            f.write(str(ms))
        subprocess.run(["cp", os.path.join(work, "template.o"), os.path.join(fake.dir, "template.o")], check=True)
        fakes[ms] = fake
    return work, fakes


class Fleet:
    """HOSTS daemons of one side, one per host of `place`; ours with --stats on stats_port."""

    def __init__(self, ctx, place, side, fakes, port, stats_port):
        self.side = side
        self.place = place
        self.stats_port = stats_port
        self.daemons = []
        for k in range(HOSTS):
            extra = ["--sandbox=off", "--stats", "--stats-port", str(stats_port)] if side.name == "ours" else []
            env = dict(os.environ, PATH=fakes[host_ms(k)].path_value())
            d = place.daemon(k, side.daemon, ctx.new_dir("daemons", side.name, mode=0o777), port=port, jobs=SLOTS,
                             allow=place.allow, env=env, log_level="info", name=f"hostload{k}-{side.name}",
                             extra_args=extra, pump_tmpdir=False)
            self.daemons.append(d.start())

    def stop(self):
        for d in reversed(self.daemons):
            d.stop()

    def spec(self, order=None):
        return " ".join(self.daemons[k].host_spec(f"/{SLOTS}") for k in (order or range(HOSTS)))

    def counts(self, stem):
        """Jobs compiled so far per host whose input is <stem>.i."""
        return [sum(1 for s in d.summaries() if s["category"] == "COMPILE_OK" and (s.get("input") or "").endswith(
            stem + ".i")) for d in self.daemons]


class LoadPoller:
    """Polls `GET /load` of every host every 20 ms; keeps the most jobs each had."""

    def __init__(self, fleet):
        self.fleet = fleet
        self.most = [0] * HOSTS
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self):
        import socket
        self.fleet.place.enter()  # this thread only: its sockets reach the hosts
        while not self.stop_flag.is_set():
            for k in range(HOSTS):
                try:
                    with socket.create_connection((self.fleet.place.addresses[k], self.fleet.stats_port),
                                                  timeout=1) as s:
                        s.sendall(b"GET /load HTTP/1.0\r\n\r\n")
                        data = b""
                        while chunk := s.recv(4096):
                            data += chunk
                    fields = dict(w.split("=", 1) for w in data.decode().split() if "=" in w)
                    self.most[k] = max(self.most[k], int(fields["running"]) + int(fields["queued"]))
                except (OSError, KeyError, ValueError):
                    pass
            self.stop_flag.wait(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join(5)


def client_env(ctx, side, fleet, name, hosts=None, **extra):
    from dcctest import fixtures
    env = fixtures.clean_client_env(ctx.new_dir("hostload-clients", side.name, name), hosts=hosts or fleet.spec(),
                                    DISTCC_FALLBACK=0, **extra)
    if side.name == "ours":
        env["DISTCC_LOAD_PORT"] = str(fleet.stats_port)
    return env


def build(ctx, fleet, env, work, count, parallel, stem="job"):
    argv = [fleet.side.client, "gcc", "-c", f"{stem}.i", "-o", "obj/%N.o"]
    return measure.run_jobs(ctx, argv, count, parallel, env, work, wrap=fleet.place.wrap()).wall


def start_tenant(ctx, side, fleet, k, work):
    """job-runner -j4 on host k alone, from its own DISTCC_DIR, until stopped."""
    env = client_env(ctx, side, fleet, f"tenant{k}", hosts=fleet.daemons[k].host_spec(f"/{SLOTS}"))
    argv = [*fleet.place.wrap(), ctx.job_runner, "-j", str(SLOTS), "-n", "100000", "--", side.client, "gcc", "-c",
            "tenant.i", "-o", "obj/t%N.o"]
    proc = subprocess.Popen(argv, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    return proc


def stop_tenant(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the group we started: job-runner and its clients
    except ProcessLookupError:
        pass
    proc.wait(10)


def scenario_a(ctx, fleets, work, rounds):
    results = {}
    for side in ctx.order(rounds // 2 or 1):
        fleet = fleets[side.name]
        modes = [("list", {}), ("randomize", {})]
        if side.name == "ours":
            modes.append(("plain", {"DISTCC_LOAD_AWARE": 0}))
        for mode, extra in modes:
            hosts = fleet.spec() + (" --randomize" if mode == "randomize" else "")
            env = client_env(ctx, side, fleet, f"a-{mode}", hosts=hosts, **extra)
            if (side.name, mode) not in results:
                build(ctx, fleet, env, work, PARALLEL_A, PARALLEL_A)  # warm-up: one wave
                results[(side.name, mode)] = []
            results[(side.name, mode)].append(build(ctx, fleet, env, work, JOBS_A, PARALLEL_A))
            ctx.log(f"hostload: (a) {side.name} {mode}: {results[(side.name, mode)][-1]:.2f} s")
    # The machine's floor: the same build on the fast hosts alone (no choice to
    # make), which shows what the per-job costs of this machine add to any ideal.
    side = ctx.sides["ours"]
    fleet = fleets["ours"]
    # The same scenario at a job count the 24 fast slots divide evenly: the ideal for
    # JOBS_A needs the slow slots only for the tail, which a client that does not
    # know how many jobs are coming cannot plan (see run()).
    for side in ctx.order(rounds // 2 or 1):
        fleet = fleets[side.name]
        env = client_env(ctx, side, fleet, "a-list", hosts=fleet.spec())
        results.setdefault((side.name, "even"), []).append(build(ctx, fleet, env, work, JOBS_A_EVEN, PARALLEL_A))
    side = ctx.sides["ours"]
    fleet = fleets["ours"]
    env = client_env(ctx, side, fleet, "a-fast", hosts=fleet.spec(range(SLOW_HOSTS, HOSTS)))
    build(ctx, fleet, env, work, PARALLEL_A, PARALLEL_A)
    results[("ours", "fast-only")] = [build(ctx, fleet, env, work, JOBS_A, PARALLEL_A) for _ in range(rounds)]
    return {k: median(v) for k, v in results.items()}


def concurrently(fns):
    """Run the callables at once; their results in order."""
    out = [None] * len(fns)

    def one(i):
        out[i] = fns[i]()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(fns))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    return out


def scenario_b(ctx, fleet, side, work):
    envs = [client_env(ctx, side, fleet, f"b{i}") for i in range(CLIENTS_B)]
    # Warm-up: each client learns the hosts (one wave each, all at once).
    concurrently([lambda env=env: build(ctx, fleet, env, work, PARALLEL_B, PARALLEL_B) for env in envs])
    time.sleep(1.0)  # the warm-up's jobs leave the published loads
    poller = LoadPoller(fleet) if side.name == "ours" else None
    if poller:
        poller.__enter__()
    try:
        walls = concurrently([lambda env=env: build(ctx, fleet, env, work, JOBS_B, PARALLEL_B) for env in envs])
    finally:
        if poller:
            poller.__exit__()
    return max(walls), (max(poller.most) if poller else None)


def scenario_c(ctx, fleet, side, work):
    env = client_env(ctx, side, fleet, "c")
    build(ctx, fleet, env, work, PARALLEL_C, PARALLEL_C)  # warm-up: one wave
    tenant = start_tenant(ctx, side, fleet, 2, work)
    try:
        time.sleep(1.0)
        before = fleet.counts("job")
        build(ctx, fleet, env, work, JOBS_C, PARALLEL_C)
        after = fleet.counts("job")
    finally:
        stop_tenant(tenant)
    share = (after[2] - before[2]) / JOBS_C
    shift = None
    if side.name == "ours":
        journal = os.path.join(env["DISTCC_DIR"], "journal.jsonl")
        env_j = dict(env, DISTCC_JOURNAL=journal)
        time.sleep(2.5)  # the tenant's load report ages out
        runner = threading.Thread(target=build, args=(ctx, fleet, env_j, work, JOBS_C_SHIFT, PARALLEL_C))
        runner.start()
        time.sleep(1.0)
        started = time.time()
        tenant = start_tenant(ctx, side, fleet, 3, work)
        try:
            runner.join(600)
        finally:
            stop_tenant(tenant)
        host4 = fleet.daemons[3].host_spec(f"/{SLOTS}")
        late = [j for j in map(json.loads, open(journal)) if j["time"] > started + TENANT_REACT_SEC]
        on4 = [j for j in late if j.get("host") == host4]
        shift = (len(on4), len(late))
    return share, shift


def run(ctx, report):
    rounds = ctx.scaled(2, 1)
    work, fakes = prepare(ctx)
    fleets = {}
    place = make_place(ctx)
    try:
        for side in ctx.sides.values():
            port, stats_port = place.ports(side)
            fleets[side.name] = Fleet(ctx, place, side, fakes, port, stats_port)
            ctx.log(f"hostload: {HOSTS} {side} daemons on port {port} ({place.kind})")
        ideal_a = ideal_seconds(JOBS_A, slot_times())
        a = scenario_a(ctx, fleets, work, rounds)
        ctx.log("hostload: (a) done")
        b = {s: scenario_b(ctx, fleets[s], ctx.sides[s], work) for s in ("ours", "theirs")}
        ctx.log("hostload: (b) done")
        c = {s: scenario_c(ctx, fleets[s], ctx.sides[s], work) for s in ("ours", "theirs")}
        ctx.log("hostload: (c) done")
    finally:
        for fleet in fleets.values():
            fleet.stop()
        place.close()

    sec = "hostload (a) 8 hosts, 2 4x slower, -j32"
    report.row(sec, f"build of {JOBS_A} jobs (ideal {ideal_a:.2f})", "s", a[("ours", "list")], a[("theirs", "list")])
    report.row(sec, "with --randomize", "s", a[("ours", "randomize")], a[("theirs", "randomize")])
    report.row(sec, "ours with DISTCC_LOAD_AWARE=0", "s", a[("ours", "plain")])
    ideal_even = ideal_seconds(JOBS_A_EVEN, slot_times())
    report.row(sec, f"build of {JOBS_A_EVEN} jobs (ideal {ideal_even:.2f})", "s", a[("ours", "even")],
               a[("theirs", "even")])
    ideal_fast = ideal_seconds(JOBS_A, [FAST_MS / 1e3] * ((HOSTS - SLOW_HOSTS) * SLOTS))
    report.row(sec, f"floor: ours on the 6 fast hosts only (ideal {ideal_fast:.2f})", "s", a[("ours", "fast-only")])
    report.row(sec, "build / ideal", "x", a[("ours", "list")] / ideal_a, a[("theirs", "list")] / ideal_a)
    report.target("(a) build time vs ideal schedule", "<= 1.15x",
                  f"{a[('ours', 'list')] / ideal_a:.2f}x", a[("ours", "list")] / ideal_a <= 1.15)
    ratio = a[("ours", "list")] / a[("theirs", "list")]
    report.target("(a) build time vs distcc 3.4", "<= 0.7x", f"{ratio:.2f}x", ratio <= 0.7)
    report.note(f"hostload (a): at {JOBS_A_EVEN} jobs ours / ideal = {a[('ours', 'even')] / ideal_even:.2f}x, "
                f"ours / 3.4 = {a[('ours', 'even')] / a[('theirs', 'even')]:.2f}x.  At -j{PARALLEL_A} a job never "
                f"waits more than one fast job for a fast slot, so a slow host (4x) never finishes that job "
                f"sooner; the throughput rule (doc/client.md §8.1) sends waiting jobs to the slow slots once this "
                f"machine's jobs have waited for 1.25 fast job times without a break (about 1.3 s into the build), "
                f"so they end near 5.3 s; the ideal ({ideal_a:.2f} s) starts them at 0-1 s, which needs the job "
                f"count; fast slots alone need {ideal_fast:.2f} s.")
    ratio_r = a[("ours", "list")] / a[("theirs", "randomize")]
    report.note(f"hostload (a): ours / distcc 3.4 --randomize = {ratio_r:.2f}x; ours --randomize / ours = "
                f"{a[('ours', 'randomize')] / a[('ours', 'list')]:.2f}x")

    ideal_b = ideal_seconds(JOBS_B * CLIENTS_B, slot_times())
    sec = f"hostload (b) {CLIENTS_B} clients x {JOBS_B} jobs -j{PARALLEL_B}"
    report.row(sec, f"slowest client (ideal {ideal_b:.2f})", "s", b["ours"][0], b["theirs"][0])
    report.row(sec, "slowest / ideal fair share", "x", b["ours"][0] / ideal_b, b["theirs"][0] / ideal_b)
    report.target("(b) largest client vs ideal fair share", "<= 1.2x", f"{b['ours'][0] / ideal_b:.2f}x",
                  b["ours"][0] / ideal_b <= 1.2)
    report.target("(b) most jobs sent to one host at once", f"<= {SLOTS} (its slots)", str(b["ours"][1]),
                  b["ours"][1] <= SLOTS)

    sec = "hostload (c) tenant keeps host 3 full, -j8"
    report.row(sec, f"share of {JOBS_C} jobs on host 3", "%", c["ours"][0] * 100, c["theirs"][0] * 100, digits=1)
    report.target("(c) share of jobs on the tenant's host", "<= 5%", f"{c['ours'][0] * 100:.1f}%",
                  c["ours"][0] <= 0.05)
    on4, late = c["ours"][1]
    fair = 1 / HOSTS
    report.target(f"(c) host busy mid-build: its share of jobs started > {TENANT_REACT_SEC:.0f} s later",
                  f"<= 5% (an even share is {fair * 100:.0f}%)", f"{on4}/{late}", late > 0 and on4 <= 0.05 * late)
    report.note(f"hostload: sleep-cc {FAST_MS} ms on 6 hosts, {SLOW_MS} ms on hosts 1-2 (first in the list); "
                f"{SLOTS} slots per host; hosts: {place.kind}; our clients ask GET /load at most once per second "
                f"per host (per DISTCC_DIR).")
