"""The include server over its socket (doc/include-server.md): the reply's four
sections and their files on disk, the three-component root, .lzo versus .lzo.abs,
links accumulating across requests, malformed requests answered with ARGC00000000
while the server keeps serving, and non-UTF-8 bytes passed through."""
import os
import stat

import pytest

from dcctest import include_server as isv
from dcctest.include_server import IncludeServer

pytestmark = pytest.mark.skipif(not isv.available(), reason="include_server is not built")


@pytest.fixture
def server(scratch):
    with IncludeServer(scratch) as s:
        yield s


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode())


def project(scratch):
    proj = os.path.join(os.path.realpath(scratch), "proj")
    write(os.path.join(proj, "src/main.c"), '#include "foo.h"\n#include <stdio.h>\nint main(void){return FOO;}\n')
    write(os.path.join(proj, "inc/foo.h"), '#define FOO 0\n#include "bar.h"\n')
    write(os.path.join(proj, "inc/bar.h"), "/* bar */\n")
    os.symlink("inc", os.path.join(proj, "linkinc"))
    return proj


def test_reply_sections_match_the_observed_upstream_reply(server, scratch):
    proj = project(scratch)
    paths = server.ask(proj, ["x86_64-linux-gnu-gcc", f"-I{proj}/linkinc", "-c", "src/main.c", "-o", "main.o"])
    root = "/".join(paths[0].split("/")[:4])
    assert len(root.split("/")) == 4, root  # three components
    names = [p[len(root):] for p in paths]
    assert names[:3] == [f"{proj}/src/main.c.lzo", f"{proj}/inc/foo.h.lzo.abs", f"{proj}/inc/bar.h.lzo.abs"]
    system_links = [n for n in names if os.path.islink(root + n) and os.readlink(root + n).startswith("../")]
    assert "/usr/include" in system_links
    assert os.readlink(root + "/usr/include") == "../" * 22 + "usr/include"
    assert names[3:3 + len(system_links)] == system_links
    rest = names[3 + len(system_links):]
    assert rest == [f"{proj}/linkinc", f"{proj}/src/{isv.PLACEHOLDER}", f"{proj}/inc/{isv.PLACEHOLDER}"]
    assert os.readlink(root + f"{proj}/linkinc") == f"{proj}/inc"
    for placeholder in rest[1:]:
        st = os.lstat(root + placeholder)
        assert stat.S_ISREG(st.st_mode) and st.st_size == 0
    # What a client sends for each entry.
    assert isv.client_name(paths[1]) == f"{proj}/inc/foo.h"
    assert server.warnings() == []


def test_links_and_placeholders_accumulate(server, scratch):
    proj = project(scratch)
    write(os.path.join(proj, "other/b.c"), "int b;\n")
    first = server.ask(proj, ["gcc", "-c", "src/main.c"])
    second = server.ask(proj, ["gcc", "-c", "other/b.c"])
    placeholders = [p for p in second if p.endswith(isv.PLACEHOLDER)]
    assert [p for p in first if p.endswith(isv.PLACEHOLDER)][0] in placeholders
    assert any("/other/" in p for p in placeholders)


def test_empty_file_is_the_lzo_end_marker(server, scratch):
    proj = os.path.realpath(scratch)
    write(os.path.join(proj, "empty.c"), "")
    paths = server.ask(proj, ["gcc", "-c", "empty.c"])
    with open(paths[0], "rb") as f:
        assert f.read() == b"\x11\x00\x00"


def test_mode_of_the_socket_is_private(server):
    assert stat.S_IMODE(os.stat(server.socket).st_mode) == 0o600


@pytest.mark.parametrize("payload", [
    b"",
    b"garbage that is not a token",
    b"CDIR00000004/tmpARGC00000000",
    b"CDIR00000004/tmpARGC00000002ARGV00000003gcc",
    b"CDIRffffffff",
    b"ARGC00000001ARGV00000003gcc",
    b"CDIR00000004/tmpARGC00000002ARGV00000003gccARGVzzzzzzzz",
])
def test_malformed_requests_get_an_empty_reply_and_the_server_goes_on(server, scratch, payload):
    assert server.raw(payload) == b"ARGC00000000"
    proj = project(scratch)
    assert server.ask(proj, ["gcc", "-c", "src/main.c"])


def test_silent_client_does_not_block_others(server, scratch):
    import socket
    proj = project(scratch)
    silent = [socket.socket(socket.AF_UNIX) for _ in range(12)]
    try:
        for s in silent:
            s.connect(server.socket)
        assert server.ask(proj, ["gcc", "-c", "src/main.c"], timeout=5)
    finally:
        for s in silent:
            s.close()


def test_non_utf8_and_blank_file_names(server, scratch):
    proj = os.path.realpath(scratch).encode()
    name = b"caf\xe9 file.h"
    write((proj + b"/" + name).decode("utf-8", "surrogateescape"), "")
    write(os.path.join(proj.decode(), "u.c"), b'#include "' + name + b'"\n')
    paths = server.ask(proj.decode(), ["gcc", "-c", "u.c"])
    wanted = (proj + b"/" + name).decode("utf-8", "surrogateescape")
    assert any(isv.client_name(p) == wanted for p in paths), paths
    assert os.path.exists([p for p in paths if isv.client_name(p) == wanted][0])


def test_reply_larger_than_the_socket_buffer_to_a_slow_reader(server, scratch):
    """An idle server answers a lone request in its main thread; a reply the socket
    cannot take at once goes to a worker, so the main thread goes on serving while
    this client has not read a byte, and the reply arrives whole when it does."""
    import socket
    proj = os.path.join(os.path.realpath(scratch), "wide")
    names = [f"h{i:04d}_" + "x" * 180 + ".h" for i in range(1500)]
    for name in names:
        write(os.path.join(proj, "inc", name), "")
    write(os.path.join(proj, "wide.c"), "".join(f'#include "inc/{n}"\n' for n in names))
    slow = socket.socket(socket.AF_UNIX)
    try:
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow.connect(server.socket)
        slow.sendall(isv.request_bytes(proj, ["gcc", "-c", "wide.c"]))
        small = project(scratch)
        assert server.ask(small, ["gcc", "-c", "src/main.c"], timeout=10)
        slow.settimeout(30)
        data = b""
        while chunk := slow.recv(65536):
            data += chunk
    finally:
        slow.close()
    paths = isv.parse_reply(data)
    assert len(data) > 300_000, len(data)  # more than a Unix socket takes unread
    assert sum(1 for p in paths if isv.client_name(p).endswith("_" + "x" * 180 + ".h")) == len(names)
