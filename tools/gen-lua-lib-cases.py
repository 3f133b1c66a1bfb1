#!/usr/bin/env python3
"""Fills in the expected results of the Lua library test cases by running them on a real redis-server.

Usage: gen-lua-lib-cases.py PORT FILE...

Each FILE (src/test/resources/scripting/<lib>-cases.txt) has one case per line: Lua statements separated by
"; ", the last one an expression, optionally followed by " -- comment"; anything after a tab (a previous expected
result) is replaced. The result is
written after a tab as the tests describe values (see LuaCase in the tests). Also writes lib-cases.txt next to the
files: the cases as EVAL scripts whose replies must match real Redis byte for byte.
"""
import os
import re
import socket
import sys

HELPERS = {
    "nest": "local function nest(n, v) local t = {v} for i = 2, n do t = {t} end return t end ",
    "nest_json": "local function nest_json(n) return string.rep('[', n) .. string.rep(']', n) end ",
    "range": "local function range(n) local t = {} for i = 1, n do t[i] = i end return t end ",
    "depth": "local function depth(t) local n = 0 while type(t) == 'table' do n = n + 1 t = t[1] or t.a end return n end ",
}


def helpers_for(body):
    return "".join(code for name, code in HELPERS.items() if re.search(r"(?<![\w.])" + name + r"\(", body))

DESCRIBE = r"""
local function d(v)
  local t = type(v)
  if t == 'nil' then return 'nil'
  elseif t == 'boolean' then return tostring(v)
  elseif t == 'number' then
    if v ~= v then return 'nan' end
    return 'n:' .. string.format('%.17g', v)
  elseif t == 'string' then
    return 's:' .. (string.gsub(v, '[%z\1-\31\\\127-\255]', function(c) return string.format('\\%02x', string.byte(c)) end))
  elseif t == 'table' then
    local parts = {}
    for k, x in pairs(v) do parts[#parts + 1] = d(k) .. '=' .. d(x) end
    table.sort(parts)
    return '{' .. table.concat(parts, ',') .. '}'
  elseif t == 'userdata' and v == cjson.null then return 'null'
  else return t end
end
local function pk(...) return select('#', ...), {...} end
""".replace("\n", " ")  # one line, so that error positions read "user_script:1:"


def resp_command(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def read_reply(f):
    line = f.readline()
    kind, rest = line[:1], line[1:-2]
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        return data[:-2].decode("latin-1")
    if kind in (b"+", b"-", b":"):
        return kind.decode() + rest.decode("latin-1")
    raise RuntimeError("unexpected reply %r" % line)


SETTINGS = re.compile(r"cjson\.(encode|decode)_\w+\(\s*[^)\s]")


def changes_settings(statements):
    """Whether a case changes cjson settings, which outlive the script in Redis's Lua state."""
    return any(SETTINGS.search(s) for s in statements)


def statements(case):
    parts = case.split("; ")
    return parts[:-1], parts[-1]


def main():
    port = int(sys.argv[1])
    sock = socket.create_connection(("127.0.0.1", port))
    f = sock.makefile("rb")

    def call(*args):
        sock.sendall(resp_command(*args))
        return read_reply(f)

    eval_scripts = []
    for path in sys.argv[2:]:
        lines = []
        for raw in open(path, encoding="latin-1").read().splitlines():
            case = raw.split("\t")[0]
            if not case:
                continue
            # " -- depends on table order": the result depends on lua_next's order, so the case stays out of the
            # EVAL list (the unit tests build tables in source order)
            code, _, comment = case.partition(" -- ")
            setup, last = statements(code)
            body = "; ".join(setup + ["return " + last])
            script = ("".join(HELPERS.values()) + DESCRIBE + "local n, r = pk(pcall(function() " + body + " end)) "
                      "if not r[1] then return 'E:' .. tostring(r[2]) end "
                      "local out = {} for i = 2, n do out[#out + 1] = d(r[i]) end "
                      "return table.concat(out, ' | ')")
            call("SCRIPT", "FLUSH")  # cjson settings live in the Lua state
            result = call("EVAL", script, "0")
            lines.append(case + "\t" + result)
            if not changes_settings(setup + [last]) and not comment:
                eval_scripts.append(helpers_for(body) + body)
        with open(path, "w", encoding="latin-1") as out:
            out.write("\n".join(lines) + "\n")
    target = os.path.join(os.path.dirname(sys.argv[2]), "lib-cases.txt")
    with open(target, "w", encoding="latin-1") as out:
        out.write("\n".join(eval_scripts) + "\n")


if __name__ == "__main__":
    main()
