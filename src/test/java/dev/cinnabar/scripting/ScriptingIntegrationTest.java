package dev.cinnabar.scripting;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts through a real client (the lock-release idiom, a rate limiter, EVALSHA with the EVAL fallback on
 * NOSCRIPT as redis-py's register_script does) and long-running scripts: -BUSY for other clients past
 * busy-reply-threshold, SCRIPT KILL, UNKILLABLE once the script wrote, NOTBUSY.
 */
class ScriptingIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("busy-reply-threshold 200");

    private static final String RELEASE = "if redis.call('get',KEYS[1]) == ARGV[1] then return redis.call('del',KEYS[1]) else return 0 end";
    private static final String RATE_LIMIT = """
            local current = redis.call('incr', KEYS[1])
            if current == 1 then redis.call('expire', KEYS[1], ARGV[2]) end
            if current > tonumber(ARGV[1]) then return 0 end
            return 1
            """;

    /**
     * Busy for a second by the server's clock (TIME), whatever the machine's speed: TIME stands still in a script
     * until it is past busy-reply-threshold, then moves on each time the other clients are let in (as in 7.2).
     */
    private static final String SPIN_ONE_SECOND = "local function now() local t = redis.call('time') "
            + "return tonumber(t[1]) * 1000000 + tonumber(t[2]) end local start = now() "
            + "while now() - start < 1000000 do end";

    /** As in Redis 7.2, TIME inside a script or a transaction answers the time the whole unit started at. */
    @Test
    void timeStandsStillWithinAScriptAndATransaction() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            String script = "local a = redis.call('time') for i = 1, 3000000 do end local b = redis.call('time') "
                    + "return {a[1], a[2], b[1], b[2]}";
            String[] times = c.call("EVAL", script, "0").split("\r\n");
            assertEquals(times[2] + " " + times[4], times[6] + " " + times[8], String.join(" ", times));
            assertEquals("+OK\r\n", c.call("MULTI"));
            assertEquals("+QUEUED\r\n", c.call("TIME"));
            assertEquals("+QUEUED\r\n", c.call("TIME"));
            String exec = c.call("EXEC");                                 // *2, then two TIME replies
            String replies = exec.substring("*2\r\n".length());
            int second = replies.lastIndexOf("*2\r\n");
            assertEquals(replies.substring(0, second), replies.substring(second), exec);
            assertEquals("+OK\r\n", c.call("MULTI"));                  // a script in a transaction: one unit
            assertEquals("+QUEUED\r\n", c.call("TIME"));
            assertEquals("+QUEUED\r\n", c.call("EVAL", "return redis.call('time')", "0"));
            String withScript = c.call("EXEC").substring("*2\r\n".length());
            int scriptReply = withScript.lastIndexOf("*2\r\n");
            assertEquals(withScript.substring(0, scriptReply), withScript.substring(scriptReply), withScript);
            String[] outside = c.call("TIME").split("\r\n");
            assertTrue(Long.parseLong(outside[2]) >= Long.parseLong(times[2]), String.join(" ", outside));
        }
    }

    @Test
    void lockReleaseThroughJedis() {
        try (Jedis jedis = cinnabar.jedis()) {
            jedis.set("lock", "token");
            assertEquals(0L, jedis.eval(RELEASE, List.of("lock"), List.of("other")));
            assertEquals("token", jedis.get("lock"));
            assertEquals(1L, jedis.eval(RELEASE, List.of("lock"), List.of("token")));
            assertEquals(null, jedis.get("lock"));
        }
    }

    @Test
    void evalshaFallsBackToEvalOnNoscript() {
        try (Jedis jedis = cinnabar.jedis()) {
            jedis.scriptFlush();
            String sha = Sha1.hex(RATE_LIMIT.getBytes());
            assertThrows(JedisNoScriptException.class, () -> jedis.evalsha(sha, List.of("rl"), List.of("2", "60")));
            assertEquals(1L, jedis.eval(RATE_LIMIT, List.of("rl"), List.of("2", "60")));
            assertEquals(1L, jedis.evalsha(sha, List.of("rl"), List.of("2", "60")));
            assertEquals(0L, jedis.evalsha(sha, List.of("rl"), List.of("2", "60")));
            assertTrue(jedis.ttl("rl") > 0);
            assertEquals(true, jedis.scriptExists(sha));
            jedis.del("rl");
        }
    }

    @Test
    void busyScriptIsKilledBySecondClient() throws Exception {
        try (RespConnection runner = cinnabar.connect(); RespConnection other = cinnabar.connect()) {
            assertEquals("-NOTBUSY No scripts in execution right now.\r\n", other.call("SCRIPT", "KILL"));
            runner.send("EVAL", "while true do end", "0");
            Thread.sleep(400);
            assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n",
                    other.call("GET", "x"));
            assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n",
                    other.call("PING"));
            assertEquals("+OK\r\n", other.call("SCRIPT", "KILL"));
            String reply = runner.readReply();
            assertTrue(reply.startsWith("-ERR Script killed by user with SCRIPT KILL... script: "), reply);
            assertEquals("+PONG\r\n", other.call("PING"));
            assertEquals("+PONG\r\n", runner.call("PING"));
        }
    }

    @Test
    void pcallLoopsAndCoroutinesCannotEscapeTheKill() throws Exception {
        for (String script : List.of("while true do pcall(function() while true do end end) end",
                "coroutine.wrap(function() while true do end end)()",
                "local co = coroutine.create(function() while true do end end) coroutine.resume(co) while true do end")) {
            try (RespConnection runner = cinnabar.connect(); RespConnection other = cinnabar.connect()) {
                runner.send("EVAL", script, "0");
                Thread.sleep(300);
                assertEquals("+OK\r\n", other.call("SCRIPT", "KILL"), script);
                String reply = runner.readReply();
                assertTrue(reply.startsWith("-ERR Script killed by user with SCRIPT KILL..."), script + ": " + reply);
            }
        }
    }

    @Test
    void busyFunctionIsKilledWithFunctionKill() throws Exception {
        try (RespConnection runner = cinnabar.connect(); RespConnection other = cinnabar.connect()) {
            runner.call("FUNCTION", "LOAD", "REPLACE", "#!lua name=spin\nredis.register_function('spin', function()\nwhile true do end\nend)");
            runner.send("FCALL", "spin", "0");
            Thread.sleep(400);
            String busy = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";
            assertEquals(busy, other.call("PING"));
            assertEquals(busy, other.call("SCRIPT", "KILL"));
            String stats = other.call("FUNCTION", "STATS");
            assertTrue(stats.contains("$4\r\nspin\r\n$7\r\ncommand\r\n*3\r\n$5\r\nFCALL\r\n"), stats);
            assertEquals("+OK\r\n", other.call("FUNCTION", "KILL"));
            assertEquals("-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:3.\r\n",
                    runner.readReply());
            assertEquals("+OK\r\n", other.call("FUNCTION", "DELETE", "spin"));
        }
    }

    @Test
    void scriptThatWroteIsUnkillable() throws Exception {
        try (RespConnection runner = cinnabar.connect(); RespConnection other = cinnabar.connect()) {
            runner.send("EVAL", "redis.call('set', 'written', '1') " + SPIN_ONE_SECOND + " return 'done'", "0");
            Thread.sleep(400);
            assertEquals("-UNKILLABLE Sorry the script already executed write commands against the dataset. You can "
                    + "either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE "
                    + "command.\r\n", other.call("SCRIPT", "KILL"));
            assertEquals("$4\r\ndone\r\n", runner.readReply());
            assertEquals("$1\r\n1\r\n", other.call("GET", "written"));
            other.call("DEL", "written");
        }
    }

    @Test
    void pipelinedCommandsWaitForTheBusyScript() throws Exception {
        try (RespConnection runner = cinnabar.connect(); RespConnection other = cinnabar.connect()) {
            runner.send("EVAL", SPIN_ONE_SECOND + " return 1", "0");
            runner.send("PING");
            Thread.sleep(300);
            assertTrue(other.call("PING").startsWith("-BUSY"));
            assertEquals(":1\r\n", runner.readReply());
            assertEquals("+PONG\r\n", runner.readReply());
        }
    }

    @Test
    void infoReportsCachedScripts() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            c.call("SCRIPT", "FLUSH");
            c.call("SCRIPT", "LOAD", "return 1");
            String info = c.call("INFO", "memory");
            assertTrue(info.contains("number_of_cached_scripts:1\r\n"), info);
            assertTrue(c.call("INFO", "commandstats").contains("cmdstat_script|load:calls="));
        }
    }

    @Test
    void scriptCommandsCountInCommandstats() throws Exception {
        try (RespConnection c = cinnabar.connect()) {
            c.call("CONFIG", "RESETSTAT");
            c.call("EVAL", "redis.call('set', 'statkey', 1) return redis.call('get', 'statkey')", "0");
            String stats = c.call("INFO", "commandstats");
            assertTrue(stats.contains("cmdstat_set:calls=1,"), stats);
            assertTrue(stats.contains("cmdstat_get:calls=1,"), stats);
            assertTrue(stats.contains("cmdstat_eval:calls=1,"), stats);
            c.call("DEL", "statkey");
        }
    }
}
