"""Many clients at once (doc/include-server.md, "Answering a request"): 32 simultaneous clients,
as `make -j32` would start them, are all answered -- no refused connection, no
timeout -- and every reply's files are the ones a one-thread server gives for the
same unit, each copy complete when the reply arrives."""
import concurrent.futures
import os

import pytest

from dcctest import include_server as isv
from dcctest import pumptree
from dcctest.include_server import IncludeServer

pytestmark = pytest.mark.skipif(not isv.available(), reason="include_server is not built")

CLIENTS = 32


def files_of(reply):
    """Client names of the file entries, in order."""
    return [isv.client_name(p) for p in reply if p.endswith(".lzo") or p.endswith(".lzo.abs")]


def complete_lzo(path):
    with open(path, "rb") as f:
        data = f.read()
    return data.endswith(b"\x11\x00\x00")  # every LZO1X stream ends with this marker


def test_thirty_two_clients_get_serial_answers(scratch):
    tree, _ = pumptree.write(os.path.join(scratch, "tree"), units=32, cxx_every=8)
    commands = pumptree.compile_commands(tree) * 2  # every unit twice: cold, then warm
    with IncludeServer(scratch, args=["--threads", "1"], name="serial") as serial:
        expected = {tuple(argv): files_of(serial.ask(cwd, argv)) for cwd, argv in commands}
    with IncludeServer(scratch, name="parallel") as parallel:
        def one(command):
            cwd, argv = command
            reply = parallel.ask(cwd, argv, timeout=120)
            incomplete = [p for p in reply if p.endswith((".lzo", ".lzo.abs")) and not complete_lzo(p)]
            return tuple(argv), files_of(reply), incomplete
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(one, commands))
        assert parallel.warnings() == []
    assert len(results) == len(commands)
    for argv, files, incomplete in results:
        assert files, argv
        assert files == expected[argv], argv
        assert incomplete == []


def test_burst_beyond_the_worker_count_is_queued_not_refused(scratch):
    tree, _ = pumptree.write(os.path.join(scratch, "tree"), units=4, cxx_every=0)
    cwd, argv = pumptree.compile_commands(tree)[0]
    with IncludeServer(scratch, args=["--threads", "2"]) as server:
        with concurrent.futures.ThreadPoolExecutor(64) as pool:
            replies = list(pool.map(lambda _: server.ask(cwd, argv, timeout=120), range(256)))
    assert all(files_of(r) == files_of(replies[0]) for r in replies)
