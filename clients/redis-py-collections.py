"""The list, hash, set and sorted-set patterns of our users, through redis-py with its default settings:
a task queue with a blocking consumer, a processing list, agent hashes, tag sets, a leaderboard, a priority
queue on BZPOPMIN and a sliding-window rate limiter. Usage: python3 redis-py-collections.py PORT"""
import sys
import threading
import time

import redis

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port)
r.delete("pyc:queue", "pyc:processing", "pyc:agent:1", "pyc:tags:a", "pyc:tags:b", "pyc:board", "pyc:prio", "pyc:window")

# Task queue: a consumer blocked in BRPOP is woken by a producer on another connection.
got = []
consumer = threading.Thread(target=lambda: got.append(redis.Redis(host="127.0.0.1", port=port).brpop("pyc:queue", 5)))
consumer.start()
time.sleep(0.2)
assert r.lpush("pyc:queue", "t1") == 1
consumer.join()
assert got == [(b"pyc:queue", b"t1")], got
assert r.brpop("pyc:queue", timeout=0.1) is None

# Reliable queue: tasks move to a processing list.
r.rpush("pyc:queue", "a", "b", "c")
assert r.rpoplpush("pyc:queue", "pyc:processing") == b"c"
assert r.lmove("pyc:queue", "pyc:processing", "LEFT", "RIGHT") == b"a"
assert r.lrange("pyc:processing", 0, -1) == [b"c", b"a"]
assert r.lindex("pyc:processing", -1) == b"a"
assert r.ltrim("pyc:processing", 0, 0) is True
assert r.lrange("pyc:processing", 0, -1) == [b"c"]
assert r.blmove("pyc:queue", "pyc:processing", 1, "RIGHT", "LEFT") == b"b"
assert r.llen("pyc:queue") == 0 and r.exists("pyc:queue") == 0

# Agent state in a hash.
assert r.hset("pyc:agent:1", mapping={"status": "active", "task": "x"}) == 2
assert r.hgetall("pyc:agent:1") == {b"status": b"active", b"task": b"x"}
assert r.hincrby("pyc:agent:1", "done", 3) == 3
assert r.hmget("pyc:agent:1", "status", "nope", "done") == [b"active", None, b"3"]
assert r.hincrbyfloat("pyc:agent:1", "load", 0.25) == 0.25

# Tag sets.
r.sadd("pyc:tags:a", "red", "green", "blue")
r.sadd("pyc:tags:b", "green", "black")
assert r.smembers("pyc:tags:a") == {b"red", b"green", b"blue"}
assert r.sinter("pyc:tags:a", "pyc:tags:b") == {b"green"}
assert r.sunion("pyc:tags:a", "pyc:tags:b") == {b"red", b"green", b"blue", b"black"}
assert r.sdiff("pyc:tags:a", "pyc:tags:b") == {b"red", b"blue"}
assert r.sismember("pyc:tags:a", "red") is True

# Leaderboard.
r.zadd("pyc:board", {"p1": 100, "p2": 250, "p3": 175})
assert r.zincrby("pyc:board", 100, "p1") == 200.0
assert r.zrevrange("pyc:board", 0, 9, withscores=True) == [(b"p2", 250.0), (b"p1", 200.0), (b"p3", 175.0)]
assert r.zrangebyscore("pyc:board", 150, "+inf") == [b"p3", b"p1", b"p2"]
assert r.zrevrank("pyc:board", "p3") == 2
assert r.zscore("pyc:board", "nobody") is None

# Priority queue: the lowest score first, a consumer blocked in BZPOPMIN woken by ZADD.
popped = []
waiter = threading.Thread(target=lambda: popped.append(redis.Redis(host="127.0.0.1", port=port).bzpopmin("pyc:prio", 5)))
waiter.start()
time.sleep(0.2)
r.zadd("pyc:prio", {"urgent": 1})
waiter.join()
assert popped == [(b"pyc:prio", b"urgent", 1.0)], popped
r.zadd("pyc:prio", {"low": 9, "high": 2})
assert r.bzpopmin("pyc:prio", 1) == (b"pyc:prio", b"high", 2.0)

# Sliding-window rate limiter: at most 3 calls in the window.
def allowed(now_ms):
    pipe = r.pipeline(transaction=False)
    pipe.zremrangebyscore("pyc:window", 0, now_ms - 1000)
    pipe.zcard("pyc:window")
    pipe.zadd("pyc:window", {str(now_ms): now_ms})
    pipe.expire("pyc:window", 2)
    _, count, _, _ = pipe.execute()
    return count < 3

now = int(time.time() * 1000)
assert [allowed(now + i) for i in range(5)] == [True, True, True, False, False]
assert allowed(now + 2000) is True
assert 0 < r.ttl("pyc:window") <= 2

try:
    r.lpush("pyc:agent:1", "x")
    raise AssertionError("LPUSH on a hash must fail")
except redis.ResponseError as e:
    assert str(e) == "WRONGTYPE Operation against a key holding the wrong kind of value", str(e)

r.delete("pyc:processing", "pyc:agent:1", "pyc:tags:a", "pyc:tags:b", "pyc:board", "pyc:prio", "pyc:window")
print("redis-py collections ok")
