#!/usr/bin/env python3
"""Regenerates src/main/resources/commands.json from a running redis-server (the reference implementation).

Usage: tools/gen-command-table.py [port]   (default 6379; start e.g. `redis-server --port 7201 --save ''`)

The table holds interface metadata only: names, arity, flags, key positions, ACL categories and subcommands.
"""
import json
import os
import socket
import sys


class Resp:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def _line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.sock.recv(65536)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self.buf += self.sock.recv(65536)
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def read(self):
        line = self._line()
        t, rest = line[:1], line[1:]
        if t in (b"+", b"-"):
            return rest.decode()
        if t == b":":
            return int(rest)
        if t in (b"$", b"="):
            n = int(rest)
            return None if n < 0 else self._exact(n).decode()
        if t in (b"*", b"~", b">"):
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        if t == b"%":
            n = int(rest)
            return {self.read(): self.read() for _ in range(n)}
        if t == b"_":
            return None
        if t == b"#":
            return rest == b"t"
        if t == b",":
            return float(rest)
        raise ValueError(line)

    def call(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode() if isinstance(a, str) else a
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        return self.read()


def entry(info):
    name, arity, flags, first, last, step, acl = info[:7]
    e = {"name": name, "arity": arity, "flags": flags, "first_key": first, "last_key": last, "step": step,
         "acl_categories": acl}
    subs = info[9] if len(info) > 9 else []
    if subs:
        e["subcommands"] = sorted((entry(s) for s in subs), key=lambda s: s["name"])
    return e


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    r = Resp(port)
    r.call("HELLO", "3")
    table = sorted((entry(i) for i in r.call("COMMAND")), key=lambda e: e["name"])
    out = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "commands.json")
    with open(out, "w") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(e, separators=(",", ":")) for e in table))
        f.write("\n]\n")
    print(f"{len(table)} commands written to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
