"""Every "not covered" reason of doc/include-server.md ("Failures"), seen from a
client: the reply is exactly ARGC00000000, the server prints upstream's warning
line, and it keeps serving.  Also the e-mail switch and the CPU quota."""
import os

import pytest

from dcctest import include_server as isv
from dcctest.include_server import IncludeServer

pytestmark = pytest.mark.skipif(not isv.available(), reason="include_server is not built")

PREFIX = "WARNING include server: Preprocessing locally. Include server not covering: "


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def expect_not_covered(server, cwd, argv, reason, unit, timeout=30):
    """`reason` is the whole reason, or its first line for multi-line ones."""
    before = len(server.stderr())
    reply = server.raw(isv.request_bytes(cwd, argv), half_close=False, timeout=timeout)
    assert reply == b"ARGC00000000"
    printed = server.stderr()[before:]
    assert printed.startswith(f"{PREFIX}{reason}"), printed
    assert printed.endswith(f" for translation unit '{unit}' \n"), printed
    # Still serving.
    write(os.path.join(cwd, "ok.c"), "int ok;\n")
    assert server.ask(cwd, ["gcc", "-c", "ok.c"])


@pytest.fixture
def server(scratch):
    with IncludeServer(scratch) as s:
        yield s


@pytest.fixture
def proj(scratch):
    path = os.path.join(os.path.realpath(scratch), "proj")
    write(os.path.join(path, "a.c"), "int a;\n")
    return path


CASES = [
    (["gcc", "-c", "missing.c"], "Could not find translation unit 'missing.c'.", "missing.c"),
    (["gcc", "-include", "nope.h", "-c", "a.c"], "Could not find include file 'nope.h'.", "a.c"),
    (["gcc", "-I-", "-c", "a.c"], "-I- is not implemented.  (Use -iquote instead.)", "unknown translation unit"),
    (["gcc", "-imultilib", "m", "-c", "a.c"], "-imultilib is not implemented.  ", "unknown translation unit"),
    (["gcc", "-Xpreprocessor", "-DX", "-c", "a.c"], "-Xpreprocessor is not implemented.  ",
     "unknown translation unit"),
    (["gcc", "-c", "a.c", "-MF"], "No argument found for option '-MF'", "unknown translation unit"),
    (["gcc", "-c", "a.c", "b.c"], "Could not locate name of translation unit: ['a.c', 'b.c'].",
     "unknown translation unit"),
    (["gcc", "-c", "a.f90"], "For source file 'a.f90': unrecognized filename extension", "unknown translation unit"),
    (["gcc", "-DA B=1", "-c", "a.c"], "Unexpected macro definition with LHS: 'A B'.", "a.c"),
]


@pytest.mark.parametrize("argv,reason,unit", CASES, ids=[c[1][:30] for c in CASES])
def test_command_reasons(server, proj, argv, reason, unit):
    expect_not_covered(server, proj, argv, reason, unit)


def test_absolute_include(server, proj):
    write(os.path.join(proj, "abs.c"), '#include "/etc/hostname"\n')
    expect_not_covered(server, proj, ["gcc", "-c", "abs.c"],
                       f"File: '{proj}/abs.c': Filepath must be relative but isn't: '/etc/hostname'. "
                       "Consider setting INCLUDE_SERVER_ARGS='--unsafe_absolute_includes'.", "abs.c")


def test_unsafe_absolute_includes_are_ignored_with_a_warning(scratch, proj):
    write(os.path.join(proj, "abs.c"), '#include "/etc/hostname"\n')
    with IncludeServer(scratch, args=["--unsafe_absolute_includes"]) as server:
        assert server.ask(proj, ["gcc", "-c", "abs.c"])
        assert server.warnings() == ["WARNING include server: absolute filepath '/etc/hostname' was IGNORED "
                                     "(correctness of build may be affected)"]


def test_system_directories_not_determinable(server, proj):
    expect_not_covered(server, proj, ["no-such-compiler-xyz", "-c", "a.c"],
                       "Couldn't determine default system include directories", "unknown translation unit")


def test_unreadable_file(server, proj):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    write(os.path.join(proj, "r.c"), '#include "secret.h"\n')
    secret = os.path.join(proj, "secret.h")
    write(secret, "")
    os.chmod(secret, 0)
    expect_not_covered(server, proj, ["gcc", "-c", "r.c"],
                       f"Parse file: '{secret}': [Errno 13] Permission denied: '{secret}'", "r.c")


def test_verify_mismatch(scratch, proj):
    write(os.path.join(proj, "v.c"), '#include "seen.h"\n#\\\ninclude "missed.h"\n')
    write(os.path.join(proj, "seen.h"), "")
    write(os.path.join(proj, "missed.h"), "")
    with IncludeServer(scratch, args=["-v"]) as server:
        expect_not_covered(server, proj, ["gcc", "-c", "v.c"],
                           f"File: 'v.c': Calculated include closure does not contain: '{proj}/missed.h'.\n"
                           "There is 1 such missing dependency.", "v.c")


def test_cpu_quota(server, proj):
    # Millions of evaluation steps for a handful of values: the quota of 3.8 s of CPU
    # runs out (wall time on a loaded machine may be several times that), the
    # request is not covered, and the caches start a new generation (a new root).
    defs = "".join(f"#define F(x{i}) x{i}\n" for i in range(100))
    write(os.path.join(proj, "slow.c"), defs + "#include F(F(F(F(F(F(<a.h>))))))\n")
    before = server.roots(server.pid)
    expect_not_covered(server, proj, ["gcc", "-c", "slow.c"],
                       "Bailing out because include server spent more than 3.8s user time handling request",
                       "slow.c", timeout=300)
    assert len(server.roots(server.pid)) == len(before) + 1


def test_email_without_sendmail_is_a_warning(scratch, proj):
    if os.path.exists("/usr/sbin/sendmail"):
        pytest.skip("a sendmail is installed; this test must not send mail")
    with IncludeServer(scratch, args=["-e"]) as server:
        assert server.raw(isv.request_bytes(proj, ["gcc", "-I-", "-c", "a.c"]), half_close=False) == b"ARGC00000000"
        assert "tried to send them email but failed." in server.stderr()
