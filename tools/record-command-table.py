#!/usr/bin/env python3
"""Records the command table resource from a live Redis 7 (default 127.0.0.1:6379).

Writes the raw RESP3 replies of COMMAND INFO and COMMAND DOCS; the engine parses them at start-up
and keeps only the commands it implements. Run it again when moving to another Redis version.
"""
import socket, sys, os

host, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"), int(sys.argv[2] if len(sys.argv) > 2 else 6379)
out = os.path.join(os.path.dirname(__file__), "..", "server-engine", "src", "main", "resources",
                   "dev", "redisinside", "engine", "command")

def command(sock, *args):
    payload = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
    sock.sendall(payload)

def read_reply(f):
    """Returns the raw bytes of one RESP3 reply."""
    line = f.readline()
    t, rest = line[:1], line[1:-2]
    raw = line
    if t in b"+-:_,#(":
        return raw
    if t in b"$=!":
        n = int(rest)
        return raw + (f.read(n + 2) if n >= 0 else b"")
    if t in b"*~>":
        n = int(rest)
        for _ in range(max(n, 0)):
            raw += read_reply(f)
        return raw
    if t == b"%" or t == b"|":
        n = int(rest)
        for _ in range(2 * n):
            raw += read_reply(f)
        return raw
    raise ValueError("unexpected reply type %r" % line)

with socket.create_connection((host, port)) as s:
    f = s.makefile("rb")
    command(s, b"HELLO", b"3"); read_reply(f)
    for name, args in (("command-info.resp3", (b"COMMAND", b"INFO")), ("command-docs.resp3", (b"COMMAND", b"DOCS"))):
        command(s, *args)
        data = read_reply(f)
        with open(os.path.join(out, name), "wb") as w:
            w.write(data)
        print(name, len(data), "bytes")
