// Exercises Cinnabar through ioredis with its default settings. Usage: node ioredis-check.js PORT
const Redis = require("ioredis");
const assert = require("assert");

(async () => {
  const r = new Redis({ port: Number(process.argv[2]), host: "127.0.0.1", lazyConnect: true });
  await r.connect();
  assert.strictEqual(await r.ping(), "PONG");
  assert.strictEqual(await r.set("io:a", "1"), "OK");
  assert.strictEqual(await r.get("io:a"), "1");
  assert.strictEqual(await r.incr("io:a"), 2);
  assert.strictEqual(await r.set("io:lock", "token", "NX", "EX", 30), "OK");
  assert.strictEqual(await r.set("io:lock", "other", "NX", "EX", 30), null);
  const ttl = await r.ttl("io:lock");
  assert.ok(ttl > 0 && ttl <= 30, "ttl " + ttl);
  await r.mset({ "io:x": "1", "io:y": "2" });
  assert.deepStrictEqual(await r.mget("io:x", "io:y", "io:none"), ["1", "2", null]);
  const results = await r.pipeline().set("io:p", "v").get("io:p").del("io:p").exec();
  assert.deepStrictEqual(results, [[null, "OK"], [null, "v"], [null, 1]]);
  await assert.rejects(r.incr("io:lock"), /ERR value is not an integer or out of range/);
  const keys = new Set();
  let cursor = "0";
  do {
    const [next, batch] = await r.scan(cursor, "MATCH", "io:*", "COUNT", 2);
    batch.forEach((k) => keys.add(k));
    cursor = next;
  } while (cursor !== "0");
  assert.deepStrictEqual([...keys].sort(), ["io:a", "io:lock", "io:x", "io:y"]);
  assert.strictEqual(await r.del("io:a", "io:lock", "io:x", "io:y"), 4);
  await r.quit();
  console.log("ioredis ok");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
