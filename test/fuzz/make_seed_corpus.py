#!/usr/bin/env python3
"""make_seed_corpus.py -- regenerate test/fuzz/corpus/request_reader.

Seeds are valid requests of protocols 1, 2 and 3 (built by hand from the grammar in
src/proto/messages.hpp) and a few broken ones.  Run from the source tree's top.
"""
import os

OUT = "test/fuzz/corpus/request_reader"
FOO_LZO = b"\x25" + b"int foo(){return 0;}" + b"\x11\x00\x00"


def pkt(token, body=None, value=None):
    if body is None:
        return token + b"%08x" % value
    return token + b"%08x" % len(body) + body


def argv(words):
    return pkt(b"ARGC", value=len(words)) + b"".join(pkt(b"ARGV", w) for w in words)


ARGS = [b"gcc", b"-c", b"hello.c", b"-o", b"hello.o"]
seeds = {
    "v1_hello": pkt(b"DIST", value=1) + argv(ARGS) + pkt(b"DOTI", b"int foo(){return 0;}"),
    "v1_empty_doti": pkt(b"DIST", value=1) + argv(ARGS) + pkt(b"DOTI", value=0),
    "v2_hello": pkt(b"DIST", value=2) + argv(ARGS) + pkt(b"DOTI", FOO_LZO),
    "v3_hello": pkt(b"DIST", value=3) + pkt(b"CDIR", b"/") + argv(ARGS) + pkt(b"NFIL", value=1)
    + pkt(b"NAME", b"/hello.c") + pkt(b"FILE", FOO_LZO),
    "v3_links": pkt(b"DIST", value=3) + pkt(b"CDIR", b"/tmp/p") + argv(ARGS) + pkt(b"NFIL", value=3)
    + pkt(b"NAME", b"/tmp/p/hello.c") + pkt(b"FILE", FOO_LZO)
    + pkt(b"NAME", b"/usr/include") + pkt(b"LINK", b"../" * 22 + b"usr/include")
    + pkt(b"NAME", b"/tmp/p/forcing_technique_271828") + pkt(b"FILE", value=0),
    "bad_version": pkt(b"DIST", value=4) + argv(ARGS),
    "huge_length": pkt(b"DIST", value=1) + argv(ARGS) + b"DOTIffffffff",
    "http_get": b"GET / HTTP/1.0\r\n\r\n",
    "lzo_garbage": pkt(b"DIST", value=2) + argv(ARGS) + pkt(b"DOTI", b"\xff\x00\x13\x37"),
}
os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(f"wrote {len(seeds)} seeds to {OUT}")
