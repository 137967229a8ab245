#!/usr/bin/env python3
"""make_daemon_request_corpus.py -- regenerate test/fuzz/corpus/daemon_request.

Seeds for the daemon request fuzzer: valid protocol 1 and 2 jobs, every refusal the
daemon knows (versions, the scanner, the whitelist, CVE-2004-2687 shapes, output
paths, caps) and broken framing.  Run from the source tree's top.
"""
import os
import sys

sys.path.insert(0, "test/pylib")
from dcctest.wire import argv_packets, packet as pkt, request  # noqa: E402

OUT = "test/fuzz/corpus/daemon_request"
SOURCE = b"int foo(){return 0;}"


def job(argv, version=1, doti=None):
    """A request for `argv` with SOURCE (LZO-framed for version 2), or with `doti`
    sent as it is."""
    if doti is None:
        return request(argv, SOURCE, version)
    return pkt(b"DIST", value=version) + argv_packets(argv) + pkt(b"DOTI", doti)


BASE = ["gcc", "-c", "hello.c", "-o", "hello.o"]
seeds = {
    "v1_ok": job(BASE),
    "v2_ok": job(BASE, 2),
    "v1_joined_output": job(["cc", "-O2", "-g", "-ohello.o", "-c", "hello.c"]),
    "v1_usr_bin": job(["/usr/bin/gcc", "-c", "hello.c"]),
    "v1_wp_md": job(["gcc", "-Wp,-MD,deps/x.d", "-c", "hello.c", "-o", "x.o"]),
    "v1_cpp": job(["gcc", "-x", "c++", "-c", "hello.cpp", "-o", "hello.o"]),
    "v3_refused": pkt(b"DIST", value=3) + pkt(b"CDIR", b"/tmp") + pkt(b"ARGC", value=1) + pkt(b"ARGV", b"gcc"),
    "v4": pkt(b"DIST", value=4),
    "sh_c": job(["sh", "-c", "id", "hello.c"]),
    "absolute": job(["/tmp/evil/gcc", "-c", "hello.c", "-o", "hello.o"]),
    "plugin": job(BASE + ["-fplugin=/tmp/evil.so"]),
    "wrapper": job(BASE + ["-wrapper", "sh,-c,id"]),
    "prefix": job(BASE + ["-B/tmp/evil"]),
    "specs": job(BASE + ["-specs=/tmp/evil.specs"]),
    "mf_abs": job(BASE + ["-MF", "/etc/x"]),
    "response_file": job(BASE + ["@/etc/passwd"]),
    "preprocess": job(["gcc", "-E", "hello.c"]),
    "link": job(["gcc", "hello.c", "-o", "hello"]),
    "huge_argc": pkt(b"DIST", value=1) + b"ARGCffffffff",
    "huge_doti": job(BASE, doti=b"")[:-12] + b"DOTIffffffff",
    "lzo_garbage": job(BASE, 2, doti=b"\xff\x00\x13\x37"),
    # One literal, then a distance-1 match whose zero-run length escape expands to
    # about 3 MB: over the fuzz cap of 1 MiB, refused by the streaming decoder.
    "lzo_bomb": job(BASE, 2, doti=b"\x12\x00" + b"\x20" + b"\x00" * 12000 + b"\xff\x00\x00" + b"\x11\x00\x00"),
    "truncated": job(BASE)[:-5],
    "http": b"GET / HTTP/1.0\r\n\r\n",
    "empty": b"",
}
os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(f"wrote {len(seeds)} seeds to {OUT}")
