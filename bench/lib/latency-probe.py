#!/usr/bin/env python3
"""Sends PING over one connection, one at a time, until stdin closes or a stop file appears; then prints
"samples max_ms p99_ms p999_ms". Used to see the longest wait a client meets while the server snapshots."""
import socket
import sys
import time
import os

port, stop_file = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
samples = []
while not os.path.exists(stop_file):
    start = time.perf_counter()
    s.sendall(b"PING\r\n")
    got = b""
    while not got.endswith(b"\r\n"):
        chunk = s.recv(64)
        if not chunk:
            sys.exit("connection closed")
        got += chunk
    samples.append((time.perf_counter() - start) * 1000)
    time.sleep(0.0005)
samples.sort()
n = len(samples)
pick = lambda q: samples[min(n - 1, int(q * n))]
print(n, "%.2f" % samples[-1], "%.2f" % pick(0.99), "%.2f" % pick(0.999))
