"""Pump mode on our client (doc/pump.md): our distcc and our include server, with
Debian's distccd 3.4 as the `,cpp,lzo` server (our client against our own daemon is
in test_daemon_pump.py).  Every job must go out in protocol 3 (the daemon logs `got DIST00000003` at
debug level), fall back to plain mode (protocol 2) with one warning when the include
server cannot help, and `--scan-includes` must print the file list.  Also the `pump`
wrapper: usage, start-up and shut-down, `pump make`, errors and the discrepancy
report.

Objects: without -g a pump object is byte-identical to a local one.  With -g the
only differences are the debug sections that carry Debian 3.4's temporary root
(see test/interop/test_include_server_interop.py for why .debug_line_str keeps it);
code and data are identical.
"""
import os
import re
import signal
import subprocess

import pytest

from dcctest import clientrun, daemons, objects, paths, procs, pumptree, trees
from dcctest import include_server as isv
from dcctest.fixtures import clean_client_env
from dcctest.include_server import IncludeServer

pytestmark = [
    pytest.mark.skipif(not isv.available(), reason="include_server is not built"),
    pytest.mark.skipif(not paths.have_debian_distcc(), reason="Debian's distcc 3.4 is not installed"),
    pytest.mark.skipif(not paths.ours("distcc"), reason="our distcc is not built"),
]

PUMP = os.path.join(paths.TOP_BUILDDIR, "pump")
DEBUG_SECTIONS = {".debug_info", ".debug_str", ".debug_line_str", ".debug_line", ".debug_abbrev",
                  ".rela.debug_info", ".rela.debug_line", ".rela.debug_str", ".debug_aranges",
                  ".rela.debug_aranges", ".debug_rnglists", ".rela.debug_rnglists", ".debug_loclists",
                  ".rela.debug_loclists"}


@pytest.fixture
def pump_daemon(scratch):
    d = daemons.Daemon(paths.DEBIAN_DISTCCD, scratch, name="pump-distccd", log_level="debug").start()
    yield d
    d.stop()


@pytest.fixture
def include_server(scratch):
    with IncludeServer(scratch) as server:
        yield server


def versions(daemon, expected):
    """The protocol versions of the requests the daemon got (waits, bounded, for
    `expected` of them)."""
    found = []

    def seen():
        found[:] = re.findall(r"\(dcc_r_token_int\) got DIST0000000(\d)", daemon.log_text())
        return len(found) >= expected
    try:
        procs.wait_until(seen, 10, what="DIST lines")
    except procs.Timeout:
        pass
    return found


def small_project(root):
    clientrun.write(os.path.join(root, "inc", "value.h"), "#define VALUE 42\n")
    clientrun.write(os.path.join(root, "src", "main.c"),
                    '#include "value.h"\n#include <stdio.h>\n'
                    'int main(void) { printf("%d\\n", VALUE); return 0; }\n')
    return root


def client_warnings(stderr):
    return [m for m in clientrun.messages(stderr) if m.startswith("Warning") or m.startswith("ERROR")]


def test_one_job_goes_out_in_protocol_3(scratch, pump_daemon, include_server):
    proj = small_project(os.path.join(scratch, "proj"))
    env = clean_client_env(scratch, hosts=pump_daemon.host_spec(",cpp,lzo"), INCLUDE_SERVER_PORT=include_server.socket)
    r = clientrun.distcc(["gcc", "-O2", "-Iinc", "-c", "src/main.c", "-o", "main.o", "-MD"], env, proj)
    assert r.returncode == 0, r.stderr
    assert clientrun.distcc_lines(r.stderr) == []
    assert versions(pump_daemon, 1) == ["3"]
    clientrun.local_object(["gcc", "-O2", "-Iinc", "-c", "src/main.c", "-o", "local.o", "-MD", "-MF", "local.d"],
                           proj)
    assert clientrun.read(os.path.join(proj, "main.o")) == clientrun.read(os.path.join(proj, "local.o"))
    # The .d came back as DOTD with client paths and the -MT target the client added.
    with open(os.path.join(proj, "main.d")) as f:
        dotd = f.read()
    with open(os.path.join(proj, "local.d")) as f:
        local_dotd = f.read().replace("local.o:", "main.o:", 1)
    # Same target and prerequisites; the daemon's rewrite may wrap lines differently.
    assert dotd.replace("\\\n", " ").split() == local_dotd.replace("\\\n", " ").split()
    assert "distccd_" not in dotd and dotd.startswith("main.o:")
    assert include_server.stderr() == ""


def test_include_server_down_means_plain_mode_with_one_warning(scratch, pump_daemon):
    proj = small_project(os.path.join(scratch, "proj"))
    env = clean_client_env(scratch, hosts=pump_daemon.host_spec(",cpp,lzo"),
                           INCLUDE_SERVER_PORT=os.path.join(scratch, "nowhere", "socket"))
    r = clientrun.distcc(["gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o"], env, proj)
    assert r.returncode == 0, r.stderr
    warnings = client_warnings(r.stderr)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("Warning: failed to get includes from include server, preprocessing locally")
    assert versions(pump_daemon, 1) == ["2"]
    clientrun.local_object(["gcc", "-Iinc", "-c", "src/main.c", "-o", "local.o"], proj)
    assert clientrun.read(os.path.join(proj, "main.o")) == clientrun.read(os.path.join(proj, "local.o"))


@pytest.mark.parametrize("case,extra_env,args,expected", [
    ("no-port", {}, ["-c", "src/main.c", "-o", "main.o"],
     "Warning: failed to get includes from include server, preprocessing locally: INCLUDE_SERVER_PORT not set"),
    ("cpath", {"CPATH": "/nonexistent"}, ["-c", "src/main.c", "-o", "main.o"],
     "Warning: CPATH is set, preprocessing locally"),
    ("preprocessed", {}, ["-c", "src/pre.i", "-o", "pre.o"],
     "Warning: cannot use distcc_pump on already preprocessed file (such as emitted by ccache)"),
])
def test_every_plain_job_on_a_pump_host_says_why(scratch, pump_daemon, include_server, case, extra_env, args,
                                                  expected):
    proj = small_project(os.path.join(scratch, "proj"))
    clientrun.write(os.path.join(proj, "src", "pre.i"), "int pre(void) { return 1; }\n")
    env = clean_client_env(scratch, hosts=pump_daemon.host_spec(",cpp,lzo"), **extra_env)
    if case != "no-port":
        env["INCLUDE_SERVER_PORT"] = include_server.socket
    r = clientrun.distcc(["gcc", "-Iinc", *args], env, proj)
    assert r.returncode == 0, r.stderr
    warnings = client_warnings(r.stderr)
    assert len(warnings) == 1 and warnings[0].startswith(expected), warnings
    assert versions(pump_daemon, 1) == ["2"]


def test_testing_include_server_makes_the_failure_fatal(scratch, pump_daemon):
    proj = small_project(os.path.join(scratch, "proj"))
    env = clean_client_env(scratch, hosts=pump_daemon.host_spec(",cpp,lzo"), DISTCC_TESTING_INCLUDE_SERVER="1",
                           INCLUDE_SERVER_PORT=os.path.join(scratch, "nowhere", "socket"))
    r = clientrun.distcc(["gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o"], env, proj)
    assert r.returncode == 100, r.stderr
    assert not os.path.exists(os.path.join(proj, "main.o"))
    assert versions(pump_daemon, 0) == []


def test_scan_includes_prints_the_file_list(scratch, pump_daemon, include_server):
    proj = os.path.realpath(small_project(os.path.join(scratch, "proj")))
    os.symlink("inc", os.path.join(proj, "linkinc"))
    env = clean_client_env(scratch, hosts=pump_daemon.host_spec(",cpp,lzo"), INCLUDE_SERVER_PORT=include_server.socket)
    r = clientrun.distcc(["--scan-includes", "gcc", f"-I{proj}/linkinc", "-c", "src/main.c", "-o", "main.o"], env,
                         proj)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"FILE      {proj}/src/main.c"
    assert f"FILE      {proj}/inc/value.h" in lines
    assert "SYSTEMDIR /usr/include" in lines
    assert f"SYMLINK   {proj}/linkinc" in lines
    assert f"DIRECTORY {proj}/src" in lines
    assert all(re.match(r"(FILE {5}|SYMLINK {2}|SYSTEMDIR|DIRECTORY) /", line) for line in lines), lines
    assert not os.path.exists(os.path.join(proj, "main.o"))
    assert versions(pump_daemon, 0) == []


def test_scan_includes_needs_a_pump_host(scratch, pump_daemon, include_server):
    proj = small_project(os.path.join(scratch, "proj"))
    env = clean_client_env(scratch, hosts=pump_daemon.host_spec(",lzo"), INCLUDE_SERVER_PORT=include_server.socket)
    r = clientrun.distcc(["--scan-includes", "gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o"], env, proj)
    assert r.returncode == 100
    assert "'--scan_includes' specified, but distcc wouldn't have used include server" in r.stderr
    r = clientrun.distcc(["--scan-includes", "gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o"],
                         dict(env, DISTCC_HOSTS=pump_daemon.host_spec(",cpp,lzo"),
                              INCLUDE_SERVER_PORT=os.path.join(scratch, "none", "socket")), proj)
    assert r.returncode == 1
    assert "failed to get includes from include server" in r.stderr


# --- the pump wrapper -------------------------------------------------------------

def pump_env(scratch, hosts, **extra):
    extra.setdefault("DISTCC_INCLUDE_SERVER", isv.BINARY)
    return clean_client_env(scratch, hosts=hosts, TMPDIR=scratch, **extra)


def pump(args, env, cwd=None, timeout=300):
    return procs.run([PUMP, *args], env=env, cwd=cwd, timeout=timeout)


def test_pump_make_sends_every_unit_in_protocol_3(scratch, pump_daemon):
    tree, count = pumptree.write(os.path.join(scratch, "pumptree"), units=12, cxx_every=4)
    r = trees.make(tree, jobs=2)
    assert r.returncode == 0, r.stderr
    local = trees.collect_outputs(tree, tree + ".local")
    assert trees.make(tree, ["clean"]).returncode == 0
    env = pump_env(scratch, pump_daemon.host_spec("/4,cpp,lzo"))
    r = procs.run([PUMP, "make", "-j4", "CC=distcc gcc", "CXX=distcc g++"], env=env, cwd=tree, timeout=300)
    assert r.returncode == 0, r.stderr
    assert clientrun.distcc_lines(r.stderr) == []
    assert versions(pump_daemon, count) == ["3"] * count
    assert r.stderr.splitlines()[:2] == [f"__________Using distcc-pump from {paths.TOP_BUILDDIR}",
                                         "__________Using 1 distcc server in pump mode"]
    assert "__________Shutting down distcc-pump include server" in r.stderr
    built = trees.collect_outputs(tree, tree + ".dist")
    for rel in trees.object_files(local):
        verdict, sections = objects.compare(os.path.join(built, rel), os.path.join(local, rel))
        assert verdict in ("identical", "debug-only"), (rel, verdict, sections)
        assert set(sections) <= DEBUG_SECTIONS, (rel, sections)
    # Nothing left behind in TMPDIR by pump.
    assert not [n for n in os.listdir(scratch) if n.startswith("distcc-pump")]


def test_pump_startup_and_shutdown(scratch, pump_daemon):
    env = pump_env(scratch, pump_daemon.host_spec(",cpp,lzo"))
    r = pump(["--startup"], env)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    names = [re.match(r"export (\w+)='", line).group(1) for line in lines]
    assert names == ["INCLUDE_SERVER_PID", "INCLUDE_SERVER_DIR", "INCLUDE_SERVER_PORT", "DISTCC_HOSTS", "PATH"]
    values = dict(re.match(r"export (\w+)='(.*)'$", line).groups() for line in lines)
    pid = int(values["INCLUDE_SERVER_PID"])
    assert values["INCLUDE_SERVER_PORT"] == values["INCLUDE_SERVER_DIR"] + "/socket"
    assert values["PATH"].startswith(paths.TOP_BUILDDIR + ":")
    assert os.path.dirname(values["INCLUDE_SERVER_DIR"]) == scratch
    try:
        procs.wait_until(lambda: os.path.exists(values["INCLUDE_SERVER_PORT"]), 10, what="socket")
        os.kill(pid, 0)
        proj = small_project(os.path.join(scratch, "proj"))
        build_env = dict(env, **values)
        r = clientrun.distcc(["gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o"], build_env, proj)
        assert r.returncode == 0 and clientrun.distcc_lines(r.stderr) == [], r.stderr
        assert versions(pump_daemon, 1) == ["3"]
        # A counted discrepancy is reported at shut-down, and demotes later jobs.
        with open(os.path.join(values["INCLUDE_SERVER_DIR"], "discrepancy_counter"), "w") as f:
            f.write("@")
        r = clientrun.distcc(["gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o"], build_env, proj)
        assert r.returncode == 0, r.stderr
        assert [w[:60] for w in client_warnings(r.stderr)] == [
            "Warning: pump mode demoted to plain mode after 1 discrepancies"[:60]]
        assert versions(pump_daemon, 2) == ["3", "2"]
        r = pump(["--shutdown"], build_env)
        assert r.returncode == 0
        assert "__________Warning: 1 pump-mode compilation(s) failed on server, but succeeded locally." in r.stderr
        assert "__________Distcc-pump was demoted to plain mode." in r.stderr
        procs.wait_until(lambda: not procs.pid_alive(pid), 10, what="include server exit")
        assert not os.path.exists(values["INCLUDE_SERVER_DIR"])
    finally:
        if procs.pid_alive(pid):
            os.kill(pid, signal.SIGTERM)


def test_pump_report_prints_the_summary_of_the_build(scratch, pump_daemon):
    """`pump --report make` (doc/pump.md): the clients write a job journal in pump's
    directory and distcc-report's summary follows the build; DISTCC_REPORT_ARGS
    reaches distcc-report."""
    if not paths.ours("distcc-report"):
        pytest.skip("distcc-report is not built")
    tree, count = pumptree.write(os.path.join(scratch, "pumptree"), units=6, cxx_every=3)
    page = os.path.join(scratch, "report.html")
    host = pump_daemon.host_spec("/4,cpp,lzo")
    env = pump_env(scratch, host, DISTCC_REPORT_ARGS=f"--html '{page}'")
    r = procs.run([PUMP, "--report", "make", "-j4", "CC=distcc gcc", "CXX=distcc g++"], env=env, cwd=tree,
                  timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"distcc build report: {count} jobs in " in r.stdout, r.stdout
    assert f"({count} remote)" in r.stdout
    assert re.search(rf"^  {re.escape(host)} +pump +{count} jobs", r.stdout, re.M), r.stdout
    assert "time per phase:" in r.stdout and "preprocess" in r.stdout
    assert os.path.getsize(page) > 0
    assert not [n for n in os.listdir(scratch) if n.startswith("distcc-pump")], "the journal went with pump's dir"
    r = pump(["--report", "--startup"], env)
    assert r.returncode == 1 and "--report needs a COMMAND" in r.stderr


@pytest.mark.parametrize("args", [[], ["-h"], ["--help"]])
def test_pump_usage(scratch, args):
    r = pump(args, clean_client_env(scratch))
    assert r.returncode == 0
    assert r.stdout.startswith("Usage:") and "--startup" in r.stdout and "--shutdown" in r.stdout


@pytest.mark.parametrize("hosts,extra,message", [
    (None, {}, 'error: expected environment variables "DISTCC_HOSTS" or "DISTCC_POTENTIAL_HOSTS" to be set'),
    ("127.0.0.1:1,lzo", {}, "error: pump mode requested, but distcc hosts list does not contain any hosts with "
                            "',cpp' option"),
    ("127.0.0.1:1,cpp,lzo", {"DISTCC_MAX_DISCREPANCY": "0"}, "Bad DISTCC_MAX_DISCREPANCY value"),
    ("127.0.0.1:1,cpp,lzo", {"DISTCC_LOCATION": "/nonexistent"}, "error: can't find distcc (looked in /nonexistent)"),
])
def test_pump_refuses_to_start(scratch, hosts, extra, message):
    env = pump_env(scratch, hosts, **extra)
    r = pump(["true"], env)
    assert r.returncode == 1
    assert message in r.stderr
    assert not [n for n in os.listdir(scratch) if n.startswith("distcc-pump")]


def test_pump_reports_an_include_server_that_does_not_start(scratch):
    env = pump_env(scratch, "127.0.0.1:1,cpp,lzo", INCLUDE_SERVER_ARGS="--no-such-option")
    r = pump(["true"], env)
    assert r.returncode == 1
    assert "__________Could not start distcc-pump include server" in r.stderr
    assert not [n for n in os.listdir(scratch) if n.startswith("distcc-pump")]


def test_pump_passes_the_command_status_through(scratch):
    env = pump_env(scratch, "127.0.0.1:1,cpp,lzo")
    r = pump(["sh", "-c", 'test -S "$INCLUDE_SERVER_PORT" && exit 7'], env)
    assert r.returncode == 7, r.stderr
    assert not [n for n in os.listdir(scratch) if n.startswith("distcc-pump")]


def test_installed_pump_and_its_debian_name(scratch):
    """`make install` puts pump in bindir with distcc-pump linked to it, and the
    script names the installed include server."""
    destdir = os.path.join(scratch, "root")
    r = procs.run(["make", "-s", "-C", paths.TOP_BUILDDIR, "install", f"DESTDIR={destdir}"], timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    found = {}
    for root, _dirs, files in os.walk(destdir):
        for name in files:
            found.setdefault(name, os.path.join(root, name))
    pump_path, server = found["pump"], found["include_server"]
    alias = os.path.join(os.path.dirname(pump_path), "distcc-pump")
    assert os.readlink(alias) == "pump"
    installed_server = server[len(destdir):]
    assert f"include_server_default='{installed_server}'" in open(pump_path).read()
    env = pump_env(scratch, "127.0.0.1:1,cpp,lzo", DISTCC_INCLUDE_SERVER=server)
    r = procs.run([alias, "sh", "-c", 'test -S "$INCLUDE_SERVER_PORT" && command -v distcc'], env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == os.path.join(os.path.dirname(pump_path), "distcc")
    r = procs.run(["make", "-s", "-C", paths.TOP_BUILDDIR, "uninstall", f"DESTDIR={destdir}"], timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert not os.path.lexists(alias) and not os.path.exists(pump_path)


# --- discrepancies ------------------------------------------------------------------

MAILERS = ("/usr/sbin/sendmail", "/bin/mail")


def discrepancy_setup(scratch, pump_daemon, include_server):
    """A job whose pump compile must fail remotely and succeed locally: the stub
    answer (INCLUDE_SERVER_STUB) ships main.c without the header it includes."""
    proj = os.path.realpath(small_project(os.path.join(scratch, "proj")))
    clientrun.write(os.path.join(proj, "src", "main.c"), '#include "value.h"\nint main(void) { return VALUE; }\n')
    mirrors = include_server.ask(proj, ["gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o"])
    main_mirror = [p for p in mirrors if isv.client_name(p) == f"{proj}/src/main.c"]
    assert len(main_mirror) == 1, mirrors
    pump_dir = os.path.join(scratch, "pumpdir")
    os.makedirs(pump_dir)
    port = os.path.join(pump_dir, "socket")
    open(port, "w").close()  # only its ctime (the build start) and directory matter
    # E-mail only where nothing could really send it (hermetic): no sendmail, no mail.
    email = "0" if any(os.path.exists(m) for m in MAILERS) else "1"
    env = clean_client_env(scratch, hosts=pump_daemon.host_spec(",cpp,lzo"), INCLUDE_SERVER_PORT=port,
                           INCLUDE_SERVER_STUB=main_mirror[0], DISTCC_ENABLE_DISCREPANCY_EMAIL=email,
                           DISTCC_EMAILLOG_WHOM_TO_BLAME="nobody@invalid", DISTCC_MAX_DISCREPANCY="2",
                           DISTCC_BACKOFF_PERIOD="0")  # the failed host is backed off otherwise
    return proj, pump_dir, env


def test_discrepancy_is_counted_and_mailed(scratch, pump_daemon, include_server):
    proj, pump_dir, env = discrepancy_setup(scratch, pump_daemon, include_server)
    argv = ["gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o", "-MD"]
    r = clientrun.distcc(argv, env, proj)
    assert r.returncode == 0, r.stderr
    assert versions(pump_daemon, 1) == ["3"]
    text = "\n".join(clientrun.messages(r.stderr))
    assert "remote compilation of 'src/main.c' failed, retried locally and got a different result." in text
    if env["DISTCC_ENABLE_DISCREPANCY_EMAIL"] == "1":
        assert "Will send an email to nobody@invalid" in text
        assert "failed to send the discrepancy e-mail" in text  # neither mailer is installed
    assert "changed during the build" not in text
    counter = os.path.join(pump_dir, "discrepancy_counter")
    assert open(counter).read() == "@"
    assert "now using plain distcc" not in text
    # The second one reaches DISTCC_MAX_DISCREPANCY=2: demoted, said once.
    r = clientrun.distcc(argv, env, proj)
    assert r.returncode == 0, r.stderr
    assert open(counter).read() == "@@"
    assert "now using plain distcc, possibly due to inconsistent file system changes during build" in r.stderr
    # From then on, plain mode with the reason.
    r = clientrun.distcc(argv, env, proj)
    assert r.returncode == 0, r.stderr
    assert "pump mode demoted to plain mode after 2 discrepancies" in r.stderr
    assert versions(pump_daemon, 3) == ["3", "3", "2"]


def test_discrepancy_explained_by_a_changed_file(scratch, pump_daemon, include_server):
    proj, pump_dir, env = discrepancy_setup(scratch, pump_daemon, include_server)
    header = os.path.join(proj, "inc", "value.h")
    os.chmod(header, 0o644)  # a ctime at or after the build start (the port's ctime)
    assert os.stat(header).st_ctime_ns >= os.stat(env["INCLUDE_SERVER_PORT"]).st_ctime_ns
    r = clientrun.distcc(["gcc", "-Iinc", "-c", "src/main.c", "-o", "main.o", "-MD"], env, proj)
    assert r.returncode == 0, r.stderr
    assert "file 'inc/value.h', a dependency of src/main.c, changed during the build" in r.stderr
    assert "Will send an email" not in r.stderr
    assert open(os.path.join(pump_dir, "discrepancy_counter")).read() == "@"


def test_pump_finds_hosts_with_lsdistcc(scratch, pump_daemon):
    """DISTCC_POTENTIAL_HOSTS: the hosts lsdistcc finds become DISTCC_HOSTS, shuffled
    and marked ,cpp,lzo; the silent one is left out."""
    env = pump_env(scratch, None, DISTCC_POTENTIAL_HOSTS="127.0.0.1 127.0.0.2",
                   LSDISTCC_ARGS=f"-r{pump_daemon.port}")
    r = pump(["sh", "-c", 'printf "%s\\n" "$DISTCC_HOSTS"'], env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["--randomize", f"127.0.0.1:{pump_daemon.port},cpp,lzo"]
    assert "__________Found 1 available distcc servers" in r.stderr
