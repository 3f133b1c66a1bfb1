// Exercises Cinnabar through node-redis with its default settings. Usage: node node-redis-check.js PORT
const { createClient } = require("redis");
const assert = require("assert");

(async () => {
  const r = createClient({ socket: { port: Number(process.argv[2]), host: "127.0.0.1", reconnectStrategy: false } });
  r.on("error", () => {});
  await r.connect();
  assert.strictEqual(await r.ping(), "PONG");
  assert.strictEqual(await r.set("nr:a", "1"), "OK");
  assert.strictEqual(await r.get("nr:a"), "1");
  assert.strictEqual(await r.incrBy("nr:a", 5), 6);
  assert.strictEqual(await r.set("nr:lock", "token", { NX: true, PX: 30000 }), "OK");
  assert.strictEqual(await r.set("nr:lock", "other", { NX: true, PX: 30000 }), null);
  assert.ok((await r.pTTL("nr:lock")) > 0);
  await r.mSet({ "nr:x": "1", "nr:y": "2" });
  assert.deepStrictEqual(await r.mGet(["nr:x", "nr:y", "nr:none"]), ["1", "2", null]);
  // commands sent in the same tick are pipelined by node-redis
  const [s, g] = await Promise.all([r.set("nr:p", "v"), r.get("nr:p")]);
  assert.strictEqual(s, "OK");
  assert.strictEqual(g, "v");
  assert.strictEqual(await r.exists(["nr:a", "nr:x", "nr:none"]), 2);
  assert.strictEqual(await r.del(["nr:a", "nr:lock", "nr:x", "nr:y", "nr:p"]), 5);
  await r.quit();
  console.log("node-redis ok");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
