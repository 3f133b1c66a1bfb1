package dev.cinnabar.scripting;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * EVAL scripts, EVALSHA and SCRIPT run on Cinnabar and on a real redis-server, replies compared byte for byte in
 * RESP2 and RESP3: every reply conversion rule, redis.call on each data type, error texts with their script
 * locations, the sandbox. Where 7.0 and 7.2 differ, 7.2's behaviour is asserted (see {@link #numbersAsArguments}).
 */
class ScriptingDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** Scripts whose replies must be identical; each runs with KEYS {k1, k2} and ARGV {a1, 3.5}. */
    private static final List<String> SCRIPTS = List.of(
            "local f, e = loadstring(string.dump(function() return 1 end)) return {tostring(f), e}",
            "local f, e = loadstring(string.dump(function() return 1 end), 'name') return {tostring(f), e}",
            "return loadstring(string.dump(function() return 1 end))()",
            "return loadstring('return 5')()",
            "local g = getmetatable(_G) g.__index = {}",
            "local g = getmetatable(_G) rawset(g, '__index', {})",
            "local g = getmetatable(_G) return type(g.__index)",
            "return nosuchglobal",
            "redis.call('del', 'sortset') redis.call('sadd', 'sortset', 'b', 'aa', 'c', 'a', '10', '9') "
                    + "return redis.call('sort', 'sortset', 'by', 'nosort')",
            "redis.call('del', 'sortset') redis.call('sadd', 'sortset', 'b', 'aa', 'c', 'a') "
                    + "return redis.call('sort_ro', 'sortset', 'by', 'constant', 'limit', '1', '2')",
            "return 1",
            "return -7",
            "return 3.99",
            "return -3.99",
            "return 1e308",
            "return -1e308",
            "return 0/0",
            "return 2^53 + 1",
            "return 'hello'",
            "return ''",
            "return true",
            "return false",
            "return nil",
            "return {}",
            "return {1, 2.9, 'x', true, false, {ok='OK'}, nil, 'after-nil'}",
            "return {1, {2, {3, {4}}}}",
            "return {ok='fine'}",
            "return {ok='multi\\r\\nline'}",
            "return {err='custom failure'}",
            "return {err='MYCODE custom'}",
            "return {err=1}",
            "return {ok=1}",
            "return {double=3.5}",
            "return {big_number='123456789012345678901234567890'}",
            "return {map={a=1}}",
            "return {set={a=true}}",
            "return {verbatim_string={format='txt', string='hi'}}",
            "return redis.status_reply('STATUS')",
            "return redis.status_reply(1)",
            "return redis.status_reply()",
            "return redis.error_reply('x')",
            "return redis.error_reply('MY ERR')",
            "return redis.error_reply('-OWN code')",
            "return redis.error_reply(5)",
            "return redis.sha1hex('')",
            "return redis.sha1hex('abc')",
            "return redis.sha1hex(12)",
            "return redis.sha1hex()",
            "return KEYS",
            "return ARGV",
            "return {KEYS[1], ARGV[2], #KEYS, #ARGV}",
            "return redis.call('set', KEYS[1], ARGV[1])",
            "redis.call('set', KEYS[1], ARGV[1]); return redis.call('get', KEYS[1])",
            "return redis.call('get', 'missing')",
            "return redis.call('incr', 'counter')",
            "return redis.call('incrbyfloat', 'f', '1.5')",
            "redis.call('del', 'l'); redis.call('rpush', 'l', 'a', 'b', 'c'); return redis.call('lrange', 'l', 0, -1)",
            "return redis.call('lpop', 'nolist')",
            "redis.call('del', 'h'); redis.call('hset', 'h', 'f1', 'v1', 'f2', 'v2'); return redis.call('hgetall', 'h')",
            "redis.call('del', 's'); redis.call('sadd', 's', 'm'); return redis.call('smembers', 's')",
            "redis.call('del', 'z'); redis.call('zadd', 'z', 1.5, 'a', 2, 'b'); return redis.call('zrange', 'z', 0, -1, 'withscores')",
            "redis.call('del', 'z'); redis.call('zadd', 'z', 1.5, 'a'); return redis.call('zscore', 'z', 'a')",
            "return redis.call('type', KEYS[1])",
            "return redis.call('ping')",
            "return redis.call('exists', KEYS[1], KEYS[2])",
            "return redis.pcall('incr', 'l')",
            "redis.call('del', 'l'); redis.call('rpush', 'l', 'a'); return redis.call('incr', 'l')",
            "redis.call('del', 'l'); redis.call('rpush', 'l', 'a');\nlocal x = 1\nreturn redis.call('incr', 'l')",
            "return redis.call('nope')",
            "if KEYS[1] == 'k1' then\nreturn redis.call('nope')\nend\nreturn 1",
            "local x = redis.call('nope')\nreturn x",
            "local t = {}\nt[1] = redis.pcall('nope')\nreturn redis.call('incr', 'l', 'extra')",
            "return redis.pcall('nope')",
            "return redis.call()",
            "return redis.pcall()",
            "return redis.call('get')",
            "return redis.call('get', {})",
            "return redis.call('config')",
            "return redis.call('config', 'bogus')",
            "return redis.call('eval', 'return 1', 0)",
            "return redis.call('client', 'id')",
            "return redis.call('subscribe', 'c')",
            "local ok, e = pcall(redis.call, 'nope') return e",
            "local ok, e = pcall(redis.call, 'nope') return {ok, e.err}",
            "return pcall(function() error({err='inner'}) end)",
            "local ok, e = pcall(function() error('inner') end) return e",
            "error('boom')",
            "error({err='X y'})",
            "error({err='X y'}, 0)",
            "error()",
            "error(12)",
            "return x",
            "x = 5",
            "local t = nil; return t.field",
            "return nil + 1",
            "string.foo = 1",
            "redis.call = nil",
            "rawset(_G, 'a', 1)",
            "setmetatable(_G, nil)",
            "return rawget(_G, 'nothing')",
            "return type(os)",
            "return type(io)",
            "return type(debug)",
            "return type(print)",
            "return type(require)",
            "return type(package)",
            "return type(loadfile)",
            "return type(dofile)",
            "return type(module)",
            "return type(java)",
            "return {type(loadstring), type(unpack), type(setfenv), type(getfenv), type(gcinfo), type(newproxy), type(coroutine)}",
            "local t = {} for k, v in pairs(_G) do t[#t+1] = k end table.sort(t) return t",
            // cjson.new (a second cjson instance) is not provided: the library model cannot return functions
            "local t = {} for _, lib in ipairs({'bit', 'cjson', 'cmsgpack', 'struct'}) do "
                    + "for k, v in pairs(_G[lib]) do if k ~= 'new' then t[#t+1] = lib .. '.' .. k .. ':' .. type(v) end end end "
                    + "table.sort(t) return t",
            "local t = {} for k, v in pairs(redis) do t[#t+1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(string) do t[#t+1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(math) do t[#t+1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(table) do t[#t+1] = k end table.sort(t) return t",
            "return _G == _G._G",
            "return redis.REDIS_VERSION_NUM > 0",
            "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}",
            "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}",
            "redis.log(redis.LOG_DEBUG, 'from a script', 1, 2)",
            "redis.log(redis.LOG_WARNING)",
            "redis.log('x', 'y')",
            "redis.log(9, 'y')",
            "return redis.setresp(4)",
            "return redis.setresp()",
            "return redis.set_repl(redis.REPL_ALL)",
            "return redis.set_repl(8)",
            "return redis.set_repl()",
            "return redis.replicate_commands()",
            "return redis.breakpoint()",
            "return redis.debug('x')",
            "return redis.acl_check_cmd('get', 'x')",
            "return redis.acl_check_cmd('nope')",
            "return redis.acl_check_cmd()",
            "return {math.random(), math.random(10), math.random(5, 7)}",
            "math.randomseed(42) return {math.random(100), math.random(100)}",
            "local r = math.random(0) return r",
            "local r = math.random(1, 2, 3) return r",
            "return tostring(10/2)",
            "return tostring(-0.0)",
            "return string.format('%5.2f', 3.14159)",
            "return tostring(2^63)",
            "return coroutine.wrap(function() coroutine.yield(7) end)()",
            "local co = coroutine.create(function(a) return a * 2 end) return {coroutine.resume(co, 21)}",
            "return loadstring('return 1 + 1')()",
            "redis.call('set', KEYS[1], 'in-co') return coroutine.wrap(function(k) return redis.call('get', k) end)(KEYS[1])",
            "local co = coroutine.create(function() local x = redis.call('nope') end) return {coroutine.resume(co)}",
            "local f = loadstring('y = 1') return pcall(f)",
            "if x then",
            "return 'unterminated",
            "#!lua\nreturn 1",
            "#!lua flags=no-writes\nreturn redis.call('set', 'w', 1)",
            "#!lua flags=no-writes,allow-oom\nreturn redis.call('get', 'w')",
            "#!lua flags=bad\nreturn 1",
            "#!luax\nreturn 1",
            "#!lua x=y\nreturn 1",
            "#!lua",
            "#!lua\nerror(1)",
            "redis.setresp(3) return redis.call('hgetall', 'h')",
            "redis.setresp(3) return redis.call('smembers', 's')",
            "redis.setresp(3) return redis.call('get', 'missing')",
            "redis.setresp(3) return redis.call('zscore', 'z', 'a')",
            "redis.setresp(3) return redis.call('lpop', 'nolist')",
            "redis.setresp(3) return {true, false}",
            "redis.setresp(3) return {map={a=1}, double=1.5}",
            "redis.setresp(3) local r = redis.call('hgetall', 'h') return r.map.f1",
            "redis.setresp(3) local r = redis.call('zscore', 'z', 'a') return {r.double * 2}",
            "return redis.call('hello', '3')",
            "return redis.call('xread', 'block', 0, 'streams', 's', '$')",
            "return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 10, 'streams', 's', '>')",
            "return redis.pcall('xread', 'COUNT', 1, 'BLOCK', 'x', 'streams', 's', '0')");

    /** Scripts whose 7.2 reply differs from 7.0's; checked byte for byte against a 7.2 reference only. */
    private static final java.util.Set<String> DIFFERENT_IN_70 = java.util.Set.of(
            // 7.0 removed setfenv/getfenv/newproxy from the globals
            "return {type(loadstring), type(unpack), type(setfenv), type(getfenv), type(gcinfo), type(newproxy), type(coroutine)}",
            "local t = {} for k, v in pairs(_G) do t[#t+1] = k end table.sort(t) return t",
            // 7.0 reported a missing argument without the script location
            "return redis.set_repl()");

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void scriptsReplyAsRedisDoes(int protocol) throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            boolean is72 = ReferenceVersion.of(c.redis()).is72();
            java.util.List<String> differing = new java.util.ArrayList<>();
            for (String script : SCRIPTS) {
                c.same("DEL", "k1", "k2", "counter", "f", "w");
                String expected = c.redis().call("EVAL", script, "2", "k1", "k2", "a1", "3.5");
                String actual = c.cinnabar().call("EVAL", script, "2", "k1", "k2", "a1", "3.5");
                if (is72) assertEquals(expected, actual, script);
                else if (!expected.equals(actual)) differing.add(script);
            }
            // a 7.0 reference differs where 7.2 changed (globals it removed, argument formats...): only there
            differing.removeAll(DIFFERENT_IN_70);
            assertEquals(List.of(), differing, "replies differing from the 7.0 reference");
            // 7.0 refused blocking commands in scripts (noscript); 7.2 runs them as if they timed out at once
            if (ReferenceVersion.of(c.redis()).is72()) c.same("EVAL", "return redis.call('blpop', 'nolist', 0)", "0");
            else assertEquals(protocol == 2 ? "$-1\r\n" : "_\r\n", c.cinnabar().call("EVAL", "return redis.call('blpop', 'nolist', 0)", "0"));
        }
    }

    @Test
    void binarySafeKeysAndArguments() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            String binary = "a\u0000b\r\nc";
            c.same("EVAL", "redis.call('set', KEYS[1], ARGV[1]) return {redis.call('get', KEYS[1]), #ARGV[1]}",
                    "1", binary, binary + "\u0000");
            // 0xFF and other bytes that are not UTF-8 on their own, sent raw to both servers
            c.sameRaw("*5\r\n$4\r\nEVAL\r\n$69\r\nredis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])\r\n"
                    + "$1\r\n1\r\n$2\r\n\u00ff\u0000\r\n$3\r\n\u00ff\u00fe\u0000\r\n", 1);
            c.same("DEL", binary);
        }
    }

    /**
     * Numbers passed to redis.call: 7.2 sends whole numbers as integers and others in the shortest round-trip
     * form (3.99, not 7.0's %.17g "3.9900000000000002"), so with a 7.0 reference only whole numbers compare.
     */
    @Test
    void numbersAsArguments() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            boolean is72 = ReferenceVersion.of(c.redis()).is72();
            List<String> numbers = is72 ? List.of("3", "-0", "0", "1e15", "123456", "1e21", "2^53", "2^62", "3.99", "-2.5", "1e308", "1/3", "0.1", "2^63", "-2^70")
                    : List.of("3", "0", "2^53");
            for (String n : numbers) {
                c.same("EVAL", "redis.call('set', 'n', " + n + ") return redis.call('get', 'n')", "0");
            }
            if (!is72) {
                assertEquals("$4\r\n3.99\r\n",
                        c.cinnabar().call("EVAL", "redis.call('set', 'n', 3.99) return redis.call('get', 'n')", "0"));
            }
            c.same("DEL", "n");
        }
    }

    @Test
    void scriptCommands() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.same("SCRIPT", "FLUSH");
            String sha = c.same("SCRIPT", "LOAD", "return 'loaded'");
            String hex = sha.substring(sha.indexOf('\n') + 1).trim();
            c.same("EVALSHA", hex, "0");
            c.same("EVALSHA", hex.toUpperCase(), "0");
            c.same("EVALSHA_RO", hex, "0");
            c.same("SCRIPT", "EXISTS", hex, "0000000000000000000000000000000000000000", "short");
            c.same("EVALSHA", "0000000000000000000000000000000000000000", "0");
            c.same("EVALSHA", "abc", "0");
            c.same("EVALSHA", "abc", "x");
            c.same("EVAL", "return 1", "x");
            c.same("EVAL", "return 1", "-1");
            c.same("EVAL", "return 1", "2", "a");
            c.same("EVAL", "return 1");
            c.same("EVAL_RO", "return redis.call('set', 'k', 1)", "0");
            c.same("EVAL_RO", "return redis.call('get', 'k')", "0");
            c.same("EVAL_RO", "#!lua\nreturn 1", "0");
            c.same("EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0");
            c.same("SCRIPT", "LOAD", "return (");
            c.same("SCRIPT", "LOAD");
            c.same("SCRIPT", "FLUSH", "ASYNC");
            c.same("SCRIPT", "EXISTS", hex);
            c.same("EVALSHA", hex, "0");
            c.same("SCRIPT", "FLUSH", "SYNC");
            c.same("SCRIPT", "FLUSH", "bad");
            c.same("SCRIPT", "FLUSH", "sync", "async");
            c.same("SCRIPT", "KILL");
            if (ReferenceVersion.of(c.redis()).is72()) c.same("SCRIPT", "HELP"); // 7.0's text lists no DEBUG entry
            c.same("SCRIPT", "NOPE");
        }
    }

    @Test
    void scriptsRunInTheCallersDatabaseWithoutChangingIt() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.same("SELECT", "3");
            c.same("EVAL", "redis.call('select', 5) redis.call('set', 'dbkey', 'x') return 1", "0");
            c.same("EXISTS", "dbkey");
            c.same("SELECT", "5");
            c.same("GET", "dbkey");
            c.same("DEL", "dbkey");
            c.same("SELECT", "0");
        }
    }

    /** A table that contains itself is written nested until Lua's stack is exhausted, then an error ends it. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void recursiveTableReplyEndsAtTheLuaStackLimit(int protocol) throws Exception {
        Throwable[] failure = new Throwable[1];
        // the test client parses nested replies recursively: give it the stack 8000 levels need
        Thread reader = new Thread(null, () -> {
            try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
                String reply = c.same("EVAL", "local a = {} local b = {a} a[1] = b return a", "0");
                org.junit.jupiter.api.Assertions.assertTrue(reply.endsWith("*1\r\n-ERR reached lua stack limit\r\n"));
                c.same("PING");
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "deep-reply-reader", 64L << 20);
        reader.start();
        reader.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }
}
