"""GSS-API in the programs themselves (doc/protocol.md §11, doc/client.md §7.2,
doc/daemon.md §1 and §3), with a private MIT KDC (dcctest.kdc): our distcc with
`,auth` hosts against our distccd --auth and Debian's, Debian's distcc with `,auth`
against our distccd --auth in each serving mode, refusals and the local fallback
they lead to, start-up failures, and --show-principal.  The handshake on its own is
tested through auth-peer in test_gssapi_handshake.py and test_gssapi_interop.py.
"""
import os
import socket
import subprocess
import threading
import time

import pytest

from dcctest import daemons, paths, procs
from dcctest.clientrun import distcc, local_object, read, write
from dcctest.fixtures import clean_client_env

from test_gssapi_handshake import realm, write_list  # noqa: F401

# No header and no macro: a remote compile gives the very object a local one does.
HELLO = "int square(int x) { return x * x; }\nint main(void) { return square(3) - 9; }\n"
COMPILE = ["gcc", "-O2", "-c", "hello.c", "-o", "hello.o"]
EXIT_GSSAPI_FAILED = 119


def built_with_gssapi():
    if not paths.ours("distcc") or not paths.ours("distccd"):
        return False
    return "GSS-API" in procs.run([paths.OUR_DISTCCD, "--version"], timeout=10).stdout


pytestmark = pytest.mark.skipif(not built_with_gssapi(), reason="our programs are not built with GSS-API")


def need_debian():
    if not paths.have_debian_distcc():
        pytest.skip("Debian's distcc 3.4 is not installed (apt-get install distcc)")


@pytest.fixture(params=["ours", "debian"])
def server_binary(request):
    if request.param == "debian":
        need_debian()
        return paths.DEBIAN_DISTCCD
    return paths.OUR_DISTCCD


@pytest.fixture
def hello(scratch):
    write(os.path.join(scratch, "hello.c"), HELLO)
    local_object(["gcc", "-O2", "-c", "hello.c", "-o", "local.o"], scratch)
    return scratch


@pytest.fixture
def start_daemon(realm, scratch):
    """start(binary, *args, auth=True): a distccd on loopback holding host/localhost's key."""
    started = []

    def start(binary, *args, auth=True):
        d = daemons.Daemon(binary, scratch, name=f"auth-{len(started)}", extra_args=[*(["--auth"] if auth else []),
                                                                                     *args],
                           env=realm.server_env(), log_level="debug")
        d.start()
        started.append(d)
        return d
    yield start
    for d in started:
        d.stop()


def compile_on(realm, cwd, hosts, user="alice", binary=None, **extra):
    env = clean_client_env(cwd, hosts=hosts, **extra)
    env.update({k: v for k, v in realm.client_env(user).items() if k.startswith("KRB5")})
    return distcc(COMPILE, env, cwd, timeout=60, binary=binary)


def same_as_local(cwd):
    return read(os.path.join(cwd, "hello.o")) == read(os.path.join(cwd, "local.o"))


def test_auth_host_compiles_remotely(realm, start_daemon, server_binary, hello):
    d = start_daemon(server_binary)
    r = compile_on(realm, hello, d.host_spec(",auth"))
    assert r.returncode == 0, r.stderr
    assert "failed to distribute" not in r.stderr
    assert len(d.summaries_in(expected=1)) == 1, d.log_text()
    assert same_as_local(hello)
    assert "Successfully authenticated alice@DCC.TEST." in d.log_text()
    if server_binary == paths.OUR_DISTCCD:
        assert "authenticated as alice" in d.log_text()


def test_denied_principal_compiles_locally_with_a_warning(realm, start_daemon, server_binary, hello):
    d = start_daemon(server_binary, "--blacklist", write_list(realm, f"black-{os.path.basename(hello)}", "alice"))
    r = compile_on(realm, hello, d.host_spec(",auth"))
    assert r.returncode == 0, r.stderr
    assert "running locally instead: Access denied by server." in r.stderr
    assert same_as_local(hello)
    assert d.summaries_in(expected=0) == []
    assert "Access denied - alice blacklisted." in d.log_text()


def test_server_without_auth_costs_a_second_then_local(realm, start_daemon, server_binary, hello):
    d = start_daemon(server_binary, auth=False)
    started = time.monotonic()
    r = compile_on(realm, hello, d.host_spec(",auth"))
    elapsed = time.monotonic() - started
    assert r.returncode == 0, r.stderr
    assert "running locally instead: Timeout - does this server require authentication?" in r.stderr
    assert 1.0 <= elapsed < 10, elapsed
    assert same_as_local(hello)
    assert d.summaries_in(expected=0) == []


def test_auth_name_and_distcc_principal(realm, start_daemon, hello):
    """,auth=NAME names the server's host instead of the reverse lookup;
    DISTCC_PRINCIPAL turns "host/NAME" into the host-based service "host@NAME"."""
    d = start_daemon(paths.OUR_DISTCCD)
    r = compile_on(realm, hello, d.host_spec(",auth=localhost"), user="bob", DISTCC_PRINCIPAL="host",
                   DISTCC_VERBOSE=1)
    assert r.returncode == 0, r.stderr
    assert 'using "localhost" server name instead of fqdn lookup' in r.stderr
    assert "Successfully authenticated host@localhost." in r.stderr
    assert len(d.summaries_in(expected=1)) == 1, d.log_text()
    assert "authenticated as bob" in d.log_text()


@pytest.mark.parametrize("mode", [[], ["--no-fork"]], ids=["preforking", "no-fork"])
def test_debian_client_authenticates_to_our_daemon(realm, start_daemon, hello, mode):
    need_debian()
    d = start_daemon(paths.OUR_DISTCCD, *mode)
    r = compile_on(realm, hello, d.host_spec(",auth"), binary=paths.DEBIAN_DISTCC, DISTCC_FALLBACK=0)
    assert r.returncode == 0, r.stderr
    assert len(d.summaries_in(expected=1)) == 1, d.log_text()
    assert same_as_local(hello)
    assert "authenticated as alice" in d.log_text()


def test_client_without_auth_is_closed_without_a_job(realm, start_daemon, hello):
    d = start_daemon(paths.OUR_DISTCCD)
    r = compile_on(realm, hello, d.host_spec())
    assert r.returncode == 0, r.stderr
    assert "running locally instead" in r.stderr
    procs.wait_until(lambda: "No client handshake" in d.log_text(), 5, what="the refusal in the daemon's log")
    assert d.summaries() == [], "a refused client is no job: no summary line, as distccd 3.4"


class InetdLauncher:
    """Accepts one loopback connection and runs `argv` on it as inetd would (the
    socket as stdin and stdout)."""

    def __init__(self, argv, env):
        self.argv, self.env = argv, env
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(30)
        self.port = self.sock.getsockname()[1]
        self.proc = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            self.proc = subprocess.Popen(self.argv, stdin=conn, stdout=conn, stderr=subprocess.DEVNULL, env=self.env)

    def wait(self, timeout=30):
        self.thread.join(timeout)
        self.sock.close()
        return self.proc.wait(timeout) if self.proc else None


def test_inetd_mode_authenticates(realm, scratch, hello):
    log = os.path.join(scratch, "inetd.log")
    daemons.world_writable_file(log)
    tmpdir = os.path.join(scratch, "inetd.tmp")
    os.makedirs(tmpdir, mode=0o1777)
    os.chmod(tmpdir, 0o1777)
    launcher = InetdLauncher([paths.OUR_DISTCCD, "--inetd", "--auth", "--log-file", log, "--log-level", "info"],
                             realm.server_env(TMPDIR=tmpdir))
    r = compile_on(realm, hello, f"127.0.0.1:{launcher.port},auth", DISTCC_FALLBACK=0)
    assert launcher.wait() == 0
    with open(log) as f:
        text = f.read()
    assert r.returncode == 0, r.stderr + text
    assert same_as_local(hello)
    assert "authenticated as alice" in text and "COMPILE_OK" in text


def start_and_fail(binary, env, *args):
    """Run a daemon that must refuse to start; its exit code and log."""
    r = procs.run([binary, "--daemon", "--no-detach", "--log-stderr", "--port", str(procs.free_port()),
                   "--listen", "127.0.0.1", "--allow", "127.0.0.1", *args], env=env, timeout=30)
    return r.returncode, r.stderr


def test_auth_without_principal_does_not_start(realm, server_binary):
    env = realm.server_env()
    del env["DISTCCD_PRINCIPAL"]
    code, log = start_and_fail(server_binary, env, "--auth")
    assert (code, "No principal name specified." in log) == (EXIT_GSSAPI_FAILED, True), log


def test_auth_with_a_missing_list_does_not_start(realm, server_binary, scratch):
    code, log = start_and_fail(server_binary, realm.server_env(), "--auth", "--whitelist",
                               os.path.join(scratch, "no-such-list"))
    assert code == EXIT_GSSAPI_FAILED, log


def test_both_lists_are_a_usage_error(scratch):
    need_debian()
    ours = procs.run([paths.OUR_DISTCCD, "--blacklist", "a", "--whitelist", "b"], timeout=10)
    theirs = procs.run([paths.DEBIAN_DISTCCD, "--blacklist", "a", "--whitelist", "b"], timeout=10)
    assert ours.returncode == theirs.returncode == 101
    assert "Can't specify both --blacklist and --whitelist." in ours.stderr
    assert "Can't specify both --blacklist and --whitelist." in theirs.stderr


@pytest.mark.parametrize("ours,theirs,variable", [(paths.OUR_DISTCC, paths.DEBIAN_DISTCC, "DISTCC_PRINCIPAL"),
                                                  (paths.OUR_DISTCCD, paths.DEBIAN_DISTCCD, "DISTCCD_PRINCIPAL")],
                         ids=["distcc", "distccd"])
def test_show_principal_prints_what_distcc_34_prints(scratch, ours, theirs, variable):
    need_debian()
    for value in (None, "distccd/build@DCC.TEST"):
        env = clean_client_env(scratch)
        env.pop("DISTCCD_PRINCIPAL", None)
        if value:
            env[variable] = value
        mine = procs.run([ours, "--show-principal"], env=env, timeout=10)
        reference = procs.run([theirs, "--show-principal"], env=env, timeout=10)
        assert (mine.returncode, mine.stdout) == (reference.returncode, reference.stdout)
        assert (value or "Not Set") in mine.stdout


def test_banners_and_help_name_the_features():
    for binary in (paths.OUR_DISTCC, paths.OUR_DISTCCD):
        assert "Built with GSS-API support for mutual authentication." in procs.run([binary, "--version"]).stdout
    assert "HOSTSPEC,auth" in procs.run([paths.OUR_DISTCC, "--help"]).stdout
    assert "--whitelist FILE" in procs.run([paths.OUR_DISTCCD, "--help"]).stdout
