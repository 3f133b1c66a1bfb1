// The list, hash, set and sorted-set patterns of our users, through ioredis with its default settings: a task
// queue with a blocking consumer, a processing list, agent hashes, tag sets, a leaderboard, a priority queue on
// BZPOPMIN and a sliding-window rate limiter. Usage: node ioredis-collections.js PORT
const Redis = require("ioredis");
const assert = require("assert");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

(async () => {
  const options = { port: Number(process.argv[2]), host: "127.0.0.1", lazyConnect: true };
  const r = new Redis(options);
  const consumer = new Redis(options);
  await r.connect();
  await consumer.connect();
  await r.del("ioc:queue", "ioc:processing", "ioc:agent:1", "ioc:tags:a", "ioc:tags:b", "ioc:board", "ioc:prio", "ioc:window");

  // Task queue: a consumer blocked in BRPOP is woken by a producer.
  const waiting = consumer.brpop("ioc:queue", 5);
  await sleep(200);
  assert.strictEqual(await r.lpush("ioc:queue", "t1"), 1);
  assert.deepStrictEqual(await waiting, ["ioc:queue", "t1"]);
  assert.strictEqual(await r.brpop("ioc:queue", 0.1), null);

  // Reliable queue.
  await r.rpush("ioc:queue", "a", "b", "c");
  assert.strictEqual(await r.rpoplpush("ioc:queue", "ioc:processing"), "c");
  assert.strictEqual(await r.lmove("ioc:queue", "ioc:processing", "LEFT", "RIGHT"), "a");
  assert.deepStrictEqual(await r.lrange("ioc:processing", 0, -1), ["c", "a"]);
  assert.strictEqual(await r.lindex("ioc:processing", 0), "c");
  assert.strictEqual(await r.ltrim("ioc:processing", 0, 0), "OK");
  assert.strictEqual(await r.blmove("ioc:queue", "ioc:processing", "RIGHT", "LEFT", 1), "b");
  assert.strictEqual(await r.exists("ioc:queue"), 0);

  // Agent state.
  assert.strictEqual(await r.hset("ioc:agent:1", { status: "active", task: "x" }), 2);
  assert.deepStrictEqual(await r.hgetall("ioc:agent:1"), { status: "active", task: "x" });
  assert.strictEqual(await r.hincrby("ioc:agent:1", "done", 3), 3);
  assert.deepStrictEqual(await r.hmget("ioc:agent:1", "status", "nope", "done"), ["active", null, "3"]);

  // Tag sets.
  await r.sadd("ioc:tags:a", "red", "green", "blue");
  await r.sadd("ioc:tags:b", "green", "black");
  assert.deepStrictEqual((await r.smembers("ioc:tags:a")).sort(), ["blue", "green", "red"]);
  assert.deepStrictEqual(await r.sinter("ioc:tags:a", "ioc:tags:b"), ["green"]);
  assert.deepStrictEqual((await r.sunion("ioc:tags:a", "ioc:tags:b")).sort(), ["black", "blue", "green", "red"]);
  assert.deepStrictEqual((await r.sdiff("ioc:tags:a", "ioc:tags:b")).sort(), ["blue", "red"]);

  // Leaderboard.
  await r.zadd("ioc:board", 100, "p1", 250, "p2", 175, "p3");
  assert.strictEqual(await r.zincrby("ioc:board", 100, "p1"), "200");
  assert.deepStrictEqual(await r.zrevrange("ioc:board", 0, 9, "WITHSCORES"), ["p2", "250", "p1", "200", "p3", "175"]);
  assert.deepStrictEqual(await r.zrangebyscore("ioc:board", "(175", "+inf"), ["p1", "p2"]);

  // Priority queue on BZPOPMIN.
  const next = consumer.bzpopmin("ioc:prio", 5);
  await sleep(200);
  await r.zadd("ioc:prio", 1, "urgent");
  assert.deepStrictEqual(await next, ["ioc:prio", "urgent", "1"]);

  // Sliding-window rate limiter: at most 3 calls in a 1-second window.
  const allowed = async (nowMs) => {
    const [, [, count]] = await r.pipeline()
      .zremrangebyscore("ioc:window", 0, nowMs - 1000)
      .zcard("ioc:window")
      .zadd("ioc:window", nowMs, String(nowMs))
      .expire("ioc:window", 2)
      .exec();
    return count < 3;
  };
  const now = Date.now();
  const verdicts = [];
  for (let i = 0; i < 5; i++) verdicts.push(await allowed(now + i));
  assert.deepStrictEqual(verdicts, [true, true, true, false, false]);
  assert.strictEqual(await allowed(now + 2000), true);

  await assert.rejects(r.lpush("ioc:agent:1", "x"), /WRONGTYPE Operation against a key holding the wrong kind of value/);
  await r.del("ioc:processing", "ioc:agent:1", "ioc:tags:a", "ioc:tags:b", "ioc:board", "ioc:prio", "ioc:window");
  await consumer.quit();
  await r.quit();
  console.log("ioredis collections ok");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
