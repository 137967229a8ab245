# SPDX-License-Identifier: GPL-2.0-or-later
"""ssh_latency -- per-job latency of the ssh transport over a loopback OpenSSH server.

Each side uses its own pair: our distcc with `@127.0.0.1:<our distccd>`, Debian's
distcc with `@127.0.0.1:/usr/bin/distccd`, both through the same sshd (throwaway
keys, dcctest.sshd).  Jobs run one after another (10 per sample, 4 in quick mode),
so the wall time per job is the latency a user waits.  distcc 3.4's server checks
on its compiler only once a second in --inetd mode; the target asks for at least
0.9 s less per job.
"""

from dcctest.sshd import Sshd

from . import client_overhead, measure
from .report import median


def run(ctx, report):
    count = ctx.scaled(10, 4)
    work = client_overhead.prepare(ctx)
    walls = {"ours": [], "theirs": []}
    with Sshd(ctx.new_dir("ssh")) as sshd:
        for side in ctx.order(1):
            hosts = sshd.host_spec(distccd=side.daemon)
            # DISTCC_FALLBACK=0: a job that fails over ssh fails the run instead of
            # compiling locally and looking fast.
            env = ctx.client_env(side, hosts, DISTCC_SSH=sshd.ssh_command, DISTCC_FALLBACK=0)
            stats = measure.run_jobs(ctx, [side.client, *client_overhead.compile_argv(".c")], count, 1, env, work)
            walls[side.name].append(stats.wall / count)
            ctx.log(f"ssh latency: {side} {walls[side.name][-1] * 1e3:.0f} ms/job")
    ours, theirs = median(walls["ours"]) * 1e3, median(walls["theirs"]) * 1e3
    report.row("ssh", "per-job latency, small.c", "ms/job", ours, theirs)
    report.target("ssh job latency", "at least 900 ms lower than distcc 3.4",
                  f"{theirs - ours:.0f} ms lower ({ours:.0f} vs {theirs:.0f} ms/job)", theirs - ours >= 900)
    report.note(f"ssh: {count} sequential jobs per sample over one loopback sshd; each side runs its own "
                "client and its own distccd --inetd at the far end; DISTCC_FALLBACK=0, so no job ran locally.")
