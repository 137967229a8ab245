"""The client's user-visible messages, side by side with Debian's distcc 3.4: the
phrases scripts and people grep for keep 3.4's words.  Every case runs our client and
3.4's (skipped when /usr/bin/distcc is absent) and asserts the same phrases, at the
same severity, in both.  Where we add something (the reason after a fallback
warning), it follows 3.4's phrase after ": ".

Cases: commands local by nature (silent), an empty or bad host list, connection
refused, backoff, a compiler the server does not whitelist, an access-list refusal,
an I/O timeout, a remote compiler crash, a remote compile error, fallbacks
disabled, recursion.
"""
import os

import pytest

from dcctest import daemons, daemontest, paths, procs
from dcctest.clientrun import SilentServer, distcc, messages, write
from dcctest.fixtures import clean_client_env

CLIENTS = {"ours": paths.OUR_DISTCC, "debian": paths.DEBIAN_DISTCC}
SOURCE = "int f(int x) { return x * 2; }\nint main(void) { return f(0); }\n"
COMPILE = ["gcc", "-c", "x.c", "-o", "x.o"]
REFUSED = ("server provided no answer. Is the server configured to allow access from your IP address? Is the "
           "server performing authentication and your client isn't? Does the server have the compiler installed? "
           "Is the server configured to access the compiler?")


@pytest.fixture(params=sorted(CLIENTS))
def client(request):
    binary = CLIENTS[request.param]
    if not os.access(binary, os.X_OK):
        pytest.skip(f"{binary} is not built/installed")
    return binary


@pytest.fixture
def tree(scratch):
    write(os.path.join(scratch, "x.c"), SOURCE)
    write(os.path.join(scratch, "y.c"), "int y;\n")
    write(os.path.join(scratch, "asm.s"), ".text\n")
    write(os.path.join(scratch, "conftest.c"), SOURCE)
    procs.run(["gcc", "-c", "x.c", "-o", "main.o"], cwd=scratch, check=True)
    return scratch


def run(client, args, env, cwd, expect_code=0):
    r = distcc(args, env, cwd, binary=client)
    assert r.returncode == expect_code, r.stderr
    return messages(r.stderr)


def has(lines, prefix, *phrases):
    """A line starting with `prefix` (severity and 3.4's phrase) holds every phrase."""
    for line in lines:
        if line.startswith(prefix) and all(p in line for p in phrases):
            return True
    raise AssertionError(f"no line {prefix!r} with {phrases} in:\n" + "\n".join(lines))


@pytest.mark.parametrize("args", [
    ["main.o", "-o", "prog"],
    ["-o", "prog", "main.o"],
    ["-E", "x.c", "-o", "x.i"],
    ["-M", "x.c"],
    ["-MM", "x.c"],
    ["-c", "conftest.c", "-o", "conftest.o"],
    ["-c", "asm.s", "-o", "asm.o"],
    ["-c", "x.c", "y.c"],
    ["-march=native", "-c", "x.c", "-o", "native.o"],
    ["-S", "x.c", "-o", "-"],
], ids=["link", "link-o-first", "E", "M", "MM", "conftest", "assembler", "two-inputs", "march-native", "stdout"])
def test_local_by_nature_is_silent(client, tree, our_daemon, args):
    env = clean_client_env(tree, hosts=our_daemon.host_spec())
    assert run(client, ["gcc", *args], env, tree) == []
    assert our_daemon.summaries_in(expected=0) == []


def test_empty_host_list(client, tree):
    lines = run(client, COMPILE, clean_client_env(tree, hosts=""), tree)
    # 3.4 reads the list twice and warns twice; the set of lines is the same.
    assert set(lines) == {"Warning: $DISTCC_HOSTS contained no hosts; can't distribute work",
                          "Warning: failed to distribute, running locally instead"}, lines


def test_bad_host_spec(client, tree):
    lines = run(client, COMPILE, clean_client_env(tree, hosts="a:b"), tree)
    has(lines, "ERROR: ", 'invalid tcp port specification in "b"')
    has(lines, "Warning: failed to distribute, running locally instead")


def test_connection_refused_then_backoff(client, tree):
    port = procs.free_port()
    env = clean_client_env(tree, hosts=f"127.0.0.1:{port}", DISTCC_BACKOFF_PERIOD="60")
    lines = run(client, COMPILE, env, tree)
    has(lines, "", f"nonblocking connect to 127.0.0.1:{port} failed: Connection refused")
    has(lines, f"Warning: failed to distribute x.c to 127.0.0.1:{port}, running locally instead")
    again = run(client, COMPILE, env, tree)
    has(again, "Warning: failed to distribute, running locally instead")


def test_compiler_not_whitelisted(client, tree, our_daemon):
    bin_dir = os.path.join(tree, "bin")
    write(os.path.join(bin_dir, "unlisted-cc"), '#!/bin/sh\nexec gcc "$@"\n', mode=0o755)
    env = clean_client_env(tree, hosts=our_daemon.host_spec(), PATH=f"{bin_dir}:{os.environ['PATH']}")
    lines = run(client, ["unlisted-cc", "-c", "x.c", "-o", "x.o"], env, tree)
    has(lines, "", REFUSED)
    has(lines, f"Warning: failed to distribute x.c to {our_daemon.host_spec()}, running locally instead")


def test_access_denied(client, tree, scratch):
    with daemontest.our_daemon_for(scratch, allow=("10.77.0.0/16",), name="refusing") as d:
        lines = run(client, COMPILE, clean_client_env(tree, hosts=d.host_spec()), tree)
    # What the client sees depends on timing: a hang-up before or after it sent the
    # request.  The fallback line does not.
    has(lines, f"Warning: failed to distribute x.c to {d.host_spec()}, running locally instead")


def test_io_timeout(client, tree):
    with SilentServer() as server:
        env = clean_client_env(tree, hosts=server.host_spec(), DISTCC_IO_TIMEOUT="1")
        lines = run(client, COMPILE, env, tree)
    assert any("timeout" in line.lower() for line in lines), lines
    has(lines, f"Warning: failed to distribute x.c to {server.host_spec()}, running locally instead")


def test_remote_compiler_crash(client, tree, scratch):
    bin_dir = os.path.join(scratch, "crash-bin")
    # Crashes where the daemon runs it (CRASH_HERE is in the daemon's environment only).
    write(os.path.join(bin_dir, "crashcc"), '#!/bin/sh\n[ "$CRASH_HERE" = 1 ] && kill -SEGV $$\nexec gcc "$@"\n',
          mode=0o755)
    os.chmod(bin_dir, 0o755)
    path = f"{bin_dir}:{os.environ['PATH']}"
    env = dict(os.environ, PATH=path, CRASH_HERE="1")
    with daemontest.our_daemon_for(scratch, extra_args=["--enable-tcp-insecure"], env=env, name="crashing") as d:
        lines = run(client, ["crashcc", "-c", "x.c", "-o", "x.o"], clean_client_env(tree, hosts=d.host_spec(), PATH=path),
                    tree)
        assert d.summaries_in("COMPILE_ERROR")[0]["sig"] == "11"
    has(lines, f"Warning: failed to distribute x.c to {d.host_spec()}, running locally instead")
    has(lines, "", "Segmentation fault")


def test_remote_compile_error_is_retried_locally(client, tree, our_daemon):
    write(os.path.join(tree, "bad.c"), "int f(void) { return undeclared_thing; }\n")
    env = clean_client_env(tree, hosts=our_daemon.host_spec())
    lines = run(client, ["gcc", "-c", "bad.c", "-o", "bad.o"], env, tree, expect_code=1)
    has(lines, "Warning: remote compilation of 'bad.c' failed, retrying locally")
    has(lines, "ERROR: compile bad.c on localhost failed")


def test_fallback_disabled(client, tree):
    env = clean_client_env(tree, hosts=f"127.0.0.1:{procs.free_port()}", DISTCC_FALLBACK="0")
    r = distcc(COMPILE, env, tree, binary=client)
    assert r.returncode in (103, 116), r.stderr  # 3.4 retries and ends with "no hosts"
    has(messages(r.stderr), "ERROR: failed to distribute and fallbacks are disabled")
    assert not os.path.exists(os.path.join(tree, "x.o"))


def test_recursion(client, tree):
    env = clean_client_env(tree, hosts="127.0.0.1:1", _DISTCC_SAFEGUARD="1")
    lines = run(client, COMPILE, env, tree, expect_code=111)
    assert lines == ["CRITICAL! distcc seems to have invoked itself recursively!"]
