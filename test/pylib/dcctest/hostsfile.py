"""hostsfile -- run a program with a name table of the test's own, without DNS.

Name lookups go through /etc/hosts and /etc/nsswitch.conf.  run() starts the program
in a new user and mount namespace (`unshare -r -m`, which needs no root on Debian)
where a hosts file written by the test is bind-mounted over /etc/hosts and an
nsswitch.conf saying `hosts: files` over /etc/nsswitch.conf, so a name the table
lacks fails at once instead of asking a DNS server.  The network namespace is not
changed: loopback daemons started by the test stay reachable.  Nothing outside the
new namespace is touched.  probe() says why this cannot work here, or None.
"""
import os
import shutil

from . import procs

_SCRIPT = ('mount --bind "$DCC_HOSTS_FILE" /etc/hosts && '
           'mount --bind "$DCC_NSSWITCH_FILE" /etc/nsswitch.conf && exec "$@"')


def probe():
    if not shutil.which("unshare"):
        return "unshare (util-linux) is not installed"
    r = procs.run(["unshare", "-r", "-m", "true"], timeout=20)
    if r.returncode != 0:
        return f"user and mount namespaces are refused here: {r.stderr.strip()}"
    return None


def write_table(directory, entries):
    """Write the hosts file (lines 'ADDRESS NAME') and nsswitch.conf into `directory`;
    returns their paths.  `entries` maps name -> address."""
    os.makedirs(directory, exist_ok=True)
    hosts = os.path.join(directory, "hosts")
    nsswitch = os.path.join(directory, "nsswitch.conf")
    with open(hosts, "w") as f:
        f.write("127.0.0.1 localhost\n")
        f.write("".join(f"{address} {name}\n" for name, address in entries.items()))
    with open(nsswitch, "w") as f:
        f.write("hosts: files\n")
    return hosts, nsswitch


def run(argv, directory, entries, env=None, timeout=60):
    """Run argv where `entries` (name -> address) is the whole name table."""
    hosts, nsswitch = write_table(directory, entries)
    env = dict(os.environ if env is None else env)
    env["DCC_HOSTS_FILE"] = hosts
    env["DCC_NSSWITCH_FILE"] = nsswitch
    return procs.run(["unshare", "-r", "-m", "sh", "-c", _SCRIPT, "sh", *argv], env=env, timeout=timeout)
