"""Exercises Cinnabar through redis-py with its default settings. Usage: python3 redis-py-check.py PORT"""
import sys

import redis

r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]))
assert r.ping() is True
assert r.set("py:a", "1") is True
assert r.get("py:a") == b"1"
assert r.incrbyfloat("py:a", 0.5) == 1.5
assert r.set("py:lock", "token", nx=True, ex=30) is True
assert r.set("py:lock", "other", nx=True, ex=30) is None
assert 0 < r.ttl("py:lock") <= 30
r.mset({"py:x": "1", "py:y": "2"})
assert r.mget("py:x", "py:y", "py:none") == [b"1", b"2", None]
pipe = r.pipeline(transaction=False)
pipe.set("py:p", "v").get("py:p").delete("py:p")
assert pipe.execute() == [True, b"v", 1]
try:
    r.incr("py:lock")
    raise AssertionError("INCR on a non-integer must fail")
except redis.ResponseError as e:
    assert str(e) == "value is not an integer or out of range", str(e)
assert sorted(r.scan_iter(match="py:*", count=2)) == [b"py:a", b"py:lock", b"py:x", b"py:y"]
assert r.delete("py:a", "py:lock", "py:x", "py:y") == 4
print("redis-py ok")
