#!/usr/bin/env python3
"""Regenerates src/main/resources/commands.json from a running redis-server (the reference implementation).

Usage: tools/gen-command-table.py [port]   (default 6379; start e.g. `redis-server --port 7201 --save ''`)

For every command and subcommand the table holds what COMMAND INFO and COMMAND DOCS report: arity, flags, legacy
key range, ACL categories, tips, key specs, and the docs (since, group, complexity, doc flags, deprecation,
history versions, argument tree). Sources, applied in this order:

1. The reference server, asked with COMMAND and COMMAND DOCS over RESP3.
2. tools/redis-7.2-delta.json: the interface facts in which Redis 7.2 differs from the reference server (whole
   fields replaced, "docs_removed" fields dropped, "new" commands added in 7.2; history as versions only). Keep it
   in sync when the reference server changes version; a field the server already reports that way is flagged.
3. Redis 7.2 shows a display_text for every argument that is not a oneof or block; it defaults to the name.
4. tools/command-texts.json: our own short descriptions. Redis's prose (command summaries, history descriptions,
   key spec notes) is never copied: a command gets a summary, history or notes only from that file. History
   versions come from Redis; a command whose texts do not cover all its history entries gets no history.

The output lists under "without_own_texts" the commands that lack some of our texts (a command with a handler
must not be among them), and records under "reply_types" the RESP type Redis uses for every field (simple vs
bulk strings, sets vs arrays, maps); the generator checks it against the types the reference server sent.
Each command is one line whose first field is its name: the server's loader relies on that to skip the
commands it does not implement without building them.
"""
import json
import os
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "main", "resources", "commands.json")
DELTA = os.path.join(HERE, "redis-7.2-delta.json")
TEXTS = os.path.join(HERE, "command-texts.json")

INFO_FIELDS = ["name", "arity", "flags", "first_key", "last_key", "step", "acl_categories", "tips", "key_specs"]
DOC_FIELDS = ["summary", "since", "group", "complexity", "module", "doc_flags", "deprecated_since", "replaced_by",
              "history", "arguments"]

# The RESP type of every field of COMMAND INFO / COMMAND DOCS, by field name, as Redis 7.2 writes them
# (server.c). A type is "bulk", "simple", "integer", "map", or [aggregate, element type] for arrays and sets.
# Map keys are always bulk strings. "subcommands" is written by the server code: an array of INFO entries (an
# empty set when there are none) in COMMAND INFO, a map from full name to docs in COMMAND DOCS.
REPLY_TYPES = {
    "name": "bulk", "arity": "integer", "flags": ["set", "simple"], "first_key": "integer",
    "last_key": "integer", "step": "integer", "acl_categories": ["set", "simple"], "tips": ["set", "bulk"],
    "key_specs": ["set", "map"],
    "notes": "bulk", "begin_search": "map", "find_keys": "map", "type": "bulk", "spec": "map", "index": "integer",
    "keyword": "bulk", "startfrom": "integer", "lastkey": "integer", "keystep": "integer", "limit": "integer",
    "keynumidx": "integer", "firstkey": "integer",
    "summary": "bulk", "since": "bulk", "group": "bulk", "complexity": "bulk", "module": "bulk",
    "doc_flags": ["set", "simple"], "deprecated_since": "bulk", "replaced_by": "bulk",
    "history": ["set", ["array", "bulk"]], "arguments": ["array", "map"],
    "display_text": "bulk", "key_spec_index": "integer", "token": "bulk",
}

ARG_FIELDS = ["name", "type", "display_text", "key_spec_index", "token", "summary", "since", "deprecated_since",
              "flags", "arguments"]
FLAG_ORDER = ["write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript", "blocking", "loading", "stale",
              "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth", "no_mandatory_keys", "no_async_loading",
              "no_multi", "movablekeys", "allow_busy"]


class Typed:
    """A RESP3 value that remembers its wire type ('+', '$', ':', '*', '~', '%', '_')."""
    __slots__ = ("t", "v")

    def __init__(self, t, v):
        self.t, self.v = t, v


class Resp:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _fill(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def read(self):
        line = self._line()
        t, rest = chr(line[0]), line[1:]
        if t in "+-":
            return Typed(t, rest.decode())
        if t == ":":
            return Typed(t, int(rest))
        if t in "$=":
            n = int(rest)
            return Typed(t, None if n < 0 else self._exact(n).decode())
        if t in "*~>":
            return Typed(t, [self.read() for _ in range(int(rest))])
        if t == "%":
            return Typed(t, [(self.read(), self.read()) for _ in range(int(rest))])
        if t == "_":
            return Typed(t, None)
        raise ValueError(line)

    def call(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        reply = self.read()
        if reply.t == "-":
            raise RuntimeError(reply.v)
        return reply


WIRE = {"+": "simple", "$": "bulk", ":": "integer", "%": "map", "*": "array", "~": "set"}


def check_type(field, value, declared, path):
    """Checks that a typed reply value matches the declared REPLY_TYPES entry; returns the plain value."""
    actual = WIRE.get(value.t)
    if isinstance(declared, list):
        if actual != declared[0]:
            raise SystemExit(f"{path}: Redis sent {actual}, table says {declared}")
        return [check_type(field, e, declared[1], f"{path}[]") for e in value.v]
    if actual != declared:
        raise SystemExit(f"{path}: Redis sent {actual}, table says {declared}")
    if actual == "map":
        return {k.v: check_type(k.v, v, REPLY_TYPES[k.v], f"{path}.{k.v}") for k, v in value.v}
    return value.v


def info_entry(reply):
    """One COMMAND INFO entry (a 10-element array) as a dict, with its subcommands."""
    items = reply.v
    e = {}
    for field, value in zip(INFO_FIELDS, items):
        e[field] = check_type(field, value, REPLY_TYPES[field], field)
    subs = items[9]
    if subs.v:
        assert subs.t == "*", "subcommands are an array"
        e["subcommands"] = [info_entry(s) for s in subs.v]
    else:
        assert subs.t == "~", "no subcommands is an empty set"
    return e


def docs_entry(reply, path):
    docs, subs = {}, {}
    for k, v in reply.v:
        if k.v == "subcommands":
            assert v.t == "%"
            subs = {name.v: docs_entry(d, name.v) for name, d in v.v}
        else:
            docs[k.v] = check_type(k.v, v, REPLY_TYPES[k.v], f"{path}.{k.v}")
    return docs, subs


def fetch(port):
    r = Resp(port)
    r.call("HELLO", "3")
    version = dict((k.v, v.v) for k, v in r.call("HELLO").v)["version"]
    commands = {}

    def flatten(e):
        commands[e["name"]] = e
        for s in e.get("subcommands", []):
            flatten(s)

    for reply in r.call("COMMAND").v:
        flatten(info_entry(reply))
    docs = {}

    def flatten_docs(name, d):
        own, subs = d
        docs[name] = own
        for sub_name, sub in subs.items():
            flatten_docs(sub_name, sub)

    for name, d in r.call("COMMAND", "DOCS").v:
        flatten_docs(name.v, docs_entry(d, name.v))
    for name, e in commands.items():
        e["docs"] = docs[name]
        e.pop("subcommands", None)
    return version, commands


def apply_delta(commands, delta):
    """Applies the 7.2 differences; returns the list of delta fields the server already reports identically."""
    stale = []
    for name, change in delta.items():
        change = json.loads(json.dumps(change))
        if change.pop("new", False):
            if name in commands:
                stale.append(name)
            docs = change.pop("docs")
            docs["history"] = [[v, None] for v in docs.get("history", [])] or None
            commands[name] = dict({"name": name}, **change, docs={k: v for k, v in docs.items() if v})
            continue
        e = commands[name]
        for field, value in change.items():
            if field == "docs":
                for k, v in value.items():
                    if k == "history":
                        if [h[0] for h in e["docs"].get("history", [])] == v:
                            stale.append(f"{name}.docs.history")
                        v = [[version, None] for version in v]
                    elif e["docs"].get(k) == v:
                        stale.append(f"{name}.docs.{k}")
                    e["docs"][k] = v
            elif field == "docs_removed":
                for k in value:
                    if k not in e["docs"]:
                        stale.append(f"{name}.docs.{k}")
                    e["docs"].pop(k, None)
            else:
                if e.get(field) == value:
                    stale.append(f"{name}.{field}")
                e[field] = value
        e["docs"] = {k: e["docs"][k] for k in DOC_FIELDS if k in e["docs"]}
    return stale


def complete_arguments(args):
    """Adds 7.2's display_text and puts every argument's fields in the order Redis writes them."""
    for i, a in enumerate(args):
        if a["type"] in ("oneof", "block"):
            complete_arguments(a.get("arguments", []))
        else:
            a.setdefault("display_text", a["name"])
        a.pop("summary", None)  # Redis's prose; we write no argument summaries
        unknown = set(a) - set(ARG_FIELDS)
        if unknown:
            raise SystemExit(f"argument {a['name']}: unexpected fields {unknown}")
        args[i] = {k: a[k] for k in ARG_FIELDS if k in a}


def legacy_range(e):
    """Redis's legacy (first, last, step) and movablekeys, derived from the key specs as the server does."""
    specs = e["key_specs"]
    if not specs:
        return (0, 0, 0), False
    def plain_range(s):
        return s["begin_search"]["type"] == "index" and s["find_keys"]["type"] == "range"
    if len(specs) == 1 and plain_range(specs[0]):
        s = specs[0]
        first, last = s["begin_search"]["spec"]["index"], s["find_keys"]["spec"]["lastkey"]
        return (first, last + first if last >= 0 else last, s["find_keys"]["spec"]["keystep"]), \
            "incomplete" in s["flags"]
    movable, first, last, prev = False, None, 0, 0
    for s in specs:
        if not plain_range(s):
            movable = True
            continue
        pos = s["begin_search"]["spec"]["index"]
        if s["find_keys"]["spec"]["keystep"] != 1 or (prev and prev != pos - 1):
            movable = True
            continue
        movable |= "incomplete" in s["flags"]
        first = pos if first is None else min(first, pos)
        lk = s["find_keys"]["spec"]["lastkey"]
        lk = lk + pos if lk >= 0 else lk
        last = lk if (lk & 0xFFFFFFFF) > (last & 0xFFFFFFFF) else last  # unsigned max, as Redis does
        prev = last
    if first is None:
        return (0, 0, 0), True
    return (first, last, 1), movable


def check_key_range(e):
    (first, last, step), movable = legacy_range(e)
    if (e["first_key"], e["last_key"], e["step"]) != (first, last, step) or \
            ("movablekeys" in e["flags"]) != movable:
        raise SystemExit(f"{e['name']}: legacy key range or movablekeys does not follow from its key specs")


def apply_texts(e, texts, missing):
    """Replaces Redis's prose with ours; drops what we have not written."""
    own = texts.get(e["name"], {})
    docs = e["docs"]
    docs.pop("summary", None)
    if "summary" in own:
        docs["summary"] = own["summary"]
    else:
        missing["summary"].append(e["name"])
    if "history" in docs:
        ours = own.get("history", [])
        if [h[0] for h in ours] == [h[0] for h in docs["history"]]:
            docs["history"] = [[v, t] for v, t in ours]
        else:
            del docs["history"]
            missing["history"].append(e["name"])
    elif "history" in own:
        raise SystemExit(f"{e['name']}: command-texts.json has history but Redis reports none")
    notes = own.get("notes")
    noted = [i for i, s in enumerate(e["key_specs"]) if "notes" in s]
    if notes is not None and len(notes) != len(noted):
        raise SystemExit(f"{e['name']}: command-texts.json has {len(notes)} notes, Redis has {len(noted)}")
    for n, i in enumerate(noted):
        spec = e["key_specs"][i]
        del spec["notes"]
        if notes is not None:
            e["key_specs"][i] = dict({"notes": notes[n]}, **spec)
        else:
            missing["notes"].append(e["name"])
    e["docs"] = {k: docs[k] for k in DOC_FIELDS if k in docs}


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    version, commands = fetch(port)
    with open(DELTA) as f:
        delta = json.load(f)
    with open(TEXTS) as f:
        texts = json.load(f)
    stale = apply_delta(commands, delta)
    missing = {"summary": [], "history": [], "notes": []}
    for e in commands.values():
        complete_arguments(e["docs"].get("arguments", []))
        if e["flags"] != [f for f in FLAG_ORDER if f in e["flags"]]:
            raise SystemExit(f"{e['name']}: flags {e['flags']} are not in Redis's order")
        check_key_range(e)
        apply_texts(e, texts, missing)
    unknown = sorted(set(texts) - set(commands))
    if unknown:
        raise SystemExit(f"command-texts.json names commands Redis does not have: {unknown}")

    top = sorted((e for n, e in commands.items() if "|" not in n), key=lambda e: e["name"])
    for e in top:
        subs = sorted((s for n, s in commands.items() if n.startswith(e["name"] + "|")), key=lambda s: s["name"])
        if subs:
            e["subcommands"] = subs
    with open(OUT, "w") as f:
        f.write('{"reply_types":' + json.dumps(REPLY_TYPES, separators=(",", ":")) + ',\n')
        f.write('"without_own_texts":' + json.dumps(sorted(set(sum(missing.values(), []))), separators=(",", ":")))
        f.write(',\n"commands":[\n')
        f.write(",\n".join(json.dumps(e, separators=(",", ":")) for e in top))
        f.write("\n]}\n")
    print(f"{len(top)} commands ({len(commands)} with subcommands) from redis {version} written to "
          f"{os.path.normpath(OUT)}")
    if stale:
        print(f"delta entries the server already reports this way (remove them): {stale}")
    for kind, names in missing.items():
        print(f"without our {kind}: {len(names)}")


if __name__ == "__main__":
    main()
