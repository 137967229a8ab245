"""wire -- speak the distcc protocol directly from a test (doc/protocol.md §5).

Requests are built packet by packet, so tests can send valid ones and every kind of
broken one (garbage, lies about lengths, truncation).  Replies are parsed when they
are uncompressed (protocol 1); for protocol 2 the LZO bodies are returned raw.
`lzo_literal()` encodes bytes as a valid LZO1X stream made of one literal run,
enough to send a protocol-2 DOTI without an LZO module.
"""
import socket
import time


def packet(token, body=None, value=None):
    """One packet: token + 8 lower-case hex digits (+ body)."""
    token = token.encode() if isinstance(token, str) else token
    if body is None:
        return token + b"%08x" % value
    if isinstance(body, str):
        body = body.encode()
    return token + b"%08x" % len(body) + body


def argv_packets(words):
    return packet("ARGC", value=len(words)) + b"".join(packet("ARGV", w) for w in words)


def lzo_literal(data):
    """A valid LZO1X-1 stream that decompresses to `data` (a single literal run)."""
    if not data:
        return b""
    n = len(data)
    if n <= 238:
        head = bytes([17 + n])
    else:
        rest = n - 18
        head = b"\x00" + b"\x00" * ((rest - 1) // 255) + bytes([rest - 255 * ((rest - 1) // 255)])
    return head + data + b"\x11\x00\x00"


def request(argv, source=b"int x;\n", version=1):
    """A complete protocol 1 or 2 request."""
    if isinstance(source, str):
        source = source.encode()
    body = lzo_literal(source) if version == 2 else source
    return packet("DIST", value=version) + argv_packets(argv) + packet("DOTI", body)


class Reply:
    def __init__(self, version, status, serr, sout, doto):
        self.version, self.status, self.serr, self.sout, self.doto = version, status, serr, sout, doto

    @property
    def exit_code(self):
        return self.status >> 8

    def __repr__(self):
        return (f"Reply(v{self.version} status={self.status:#x} serr={self.serr[:200]!r} "
                f"sout={self.sout[:80]!r} doto={len(self.doto)} bytes)")


class ReplyReader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def header(self, token):
        h = self.data[self.pos:self.pos + 12]
        if len(h) < 12:
            raise EOFError(f"reply ended before {token}: {self.data[:80]!r}")
        if h[:4] != token.encode():
            raise ValueError(f"expected {token}, got {h!r}")
        self.pos += 12
        return int(h[4:], 16)

    def body(self, token):
        n = self.header(token)
        b = self.data[self.pos:self.pos + n]
        if len(b) < n:
            raise EOFError(f"{token} body truncated")
        self.pos += n
        return b


def parse_reply(data):
    """Reply from raw bytes; raises EOFError when the server sent nothing or too little."""
    r = ReplyReader(data)
    version = r.header("DONE")
    status = r.header("STAT")
    serr = r.body("SERR")
    sout = r.body("SOUT")
    doto = r.body("DOTO") if status == 0 else (r.header("DOTO") and b"")
    return Reply(version, status, serr, sout, doto)


def connect(port, host="127.0.0.1", timeout=30):
    s = socket.create_connection((host, port), timeout=timeout)
    return s


def exchange(port, data, host="127.0.0.1", timeout=60, shutdown_write=False):
    """Send `data`, read until the server closes; return all reply bytes (b'' when the
    server closed without answering).  A reset counts as a close."""
    with connect(port, host, timeout) as s:
        try:
            s.sendall(data)
            if shutdown_write:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_all(s, timeout)


def read_all(s, timeout=60):
    chunks = []
    deadline = time.monotonic() + timeout
    s.settimeout(timeout)
    while time.monotonic() < deadline:
        try:
            b = s.recv(65536)
        except ConnectionResetError:
            break
        if not b:
            break
        chunks.append(b)
    return b"".join(chunks)


def compile_remote(port, argv, source=b"int x;\n", version=1, host="127.0.0.1", timeout=60):
    """Send one job and parse its reply (EOFError when refused)."""
    return parse_reply(exchange(port, request(argv, source, version), host, timeout))
