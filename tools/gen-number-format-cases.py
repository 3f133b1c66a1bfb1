#!/usr/bin/env python3
"""Writes src/test/resources/scripting/number-format-cases.txt: doubles (as IEEE bits in hex) with how real
redis-server's Lua prints them with string.format %.17g, %.14g, %.5g, %.1g (glibc printf), and whether Lua's
tonumber accepts a few spellings. Usage: gen-number-format-cases.py PORT OUTPUT"""
import random
import socket
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from importlib import import_module

gen = import_module("gen-lua-lib-cases")


def values():
    rnd = random.Random(7)
    out = []
    for _ in range(150):
        out.append(rnd.getrandbits(64))
    for _ in range(100):
        out.append(struct.unpack(">Q", struct.pack(">d", rnd.uniform(-1e6, 1e6)))[0])
    for _ in range(50):
        out.append(struct.unpack(">Q", struct.pack(">d", float(rnd.randrange(-2**60, 2**60))))[0])
    specials = [0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 9.5, 95.0, 0.15, 0.25, 1e-5, 1e-4, 9.99999999999999e-5,
                99999999999999.5, 999999999999999.0, 1e14, 1e15, 1e16, 1e21, 1e22, 2.0**53, 2.0**63, 2.0**64,
                5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123456.789e3, 0.1 + 0.2,
                float("inf"), float("-inf"), 1 / 3, 2 / 3, 100.0, 1e100, 12345678901234567890.0]
    for v in specials:
        out.append(struct.unpack(">Q", struct.pack(">d", v))[0])
    return out


def main():
    port, target = int(sys.argv[1]), sys.argv[2]
    sock = socket.create_connection(("127.0.0.1", port))
    f = sock.makefile("rb")
    lines = []
    for bits in values():
        hexbits = "%016x" % bits
        lua = ("local d = struct.unpack('>d', '" + "".join("\\%d" % b for b in bytes.fromhex(hexbits)) + "') "
               "if d ~= d then return 'nan' end "
               "return string.format('%.17g|%.14g|%.5g|%.1g', d, d, d, d)")
        sock.sendall(gen.resp_command("EVAL", lua, "0"))
        lines.append(hexbits + "\t" + gen.read_reply(f))
    with open(target, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
