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

/**
 * FUNCTION LOAD / LIST / DELETE / FLUSH / STATS / KILL / HELP and FCALL / FCALL_RO on Cinnabar and on a real
 * redis-server, replies compared byte for byte in RESP2 and RESP3: library metadata, the load-time environment
 * and register_function's errors, flags, keys and arguments, errors with the function's name.
 */
class FunctionsDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** Library bodies whose FUNCTION LOAD replies must be the same. */
    private static final List<String> LOADS = List.of(
            "return 1",
            "#!lua\nreturn 1",
            "#!lua name=a-b\nreturn 1",
            "#!lua name=t x=y\nreturn 1",
            "#!luax name=t\nreturn 1",
            "#!lua name=t",
            "#!lua name=t\nreturn 1",
            "#!lua name=t name=u\nreturn 1",
            "#!lua name=t NAME=t\nreturn 1",
            "#!lua name=t\nif then",
            "#!lua name=t\nerror('x')",
            "#!lua name=t\nlocal x = string",
            "#!lua name=t\nredis.call('ping')",
            "#!lua name=t\nwhile true do end",
            "#!lua name=t\nredis.log(redis.LOG_DEBUG, 'loading')",
            "#!lua name=t\nredis.register_function('f')",
            "#!lua name=t\nredis.register_function()",
            "#!lua name=t\nredis.register_function({}, function() end)",
            "#!lua name=t\nredis.register_function('f', 1)",
            "#!lua name=t\nredis.register_function('f', function() end, 1)",
            "#!lua name=t\nredis.register_function('f-x', function() end)",
            "#!lua name=t\nredis.register_function('f', function() end) redis.register_function('f', function() end)",
            "#!lua name=t\nredis.register_function{callback=function() end}",
            "#!lua name=t\nredis.register_function{function_name='x'}",
            "#!lua name=t\nredis.register_function{function_name='x', callback=1}",
            "#!lua name=t\nredis.register_function{function_name='x', callback=function() end, flags=1}",
            "#!lua name=t\nredis.register_function{function_name='x', callback=function() end, flags={'bad'}}",
            "#!lua name=t\nredis.register_function{function_name='x', callback=function() end, bad=1}");

    @Test
    void loadTimeApiIsReadonlyAndRegistersOnlyWhileLoading() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.same("FUNCTION", "FLUSH");
            c.same("FUNCTION", "LOAD", "#!lua name=lib1\nlocal lib = redis\n"
                    + "lib.register_function('f1', function() lib.redis = redis return {ok='OK'} end)\n"
                    + "lib.register_function('f2', function() lib.register_function('f3', function() end) end)");
            c.same("FCALL", "f1", "0");
            c.same("FCALL", "f2", "0");
            c.same("FUNCTION", "LOAD", "#!lua name=lib2\nredis.x = 1");
            c.same("FUNCTION", "LOAD", "#!lua name=lib2\nredis.math.random()");
            c.same("FUNCTION", "LOAD", "#!lua name=lib2\nredis.redis.call('ping')");
        }
    }

    @Test
    void functionNamesAreCaseInsensitive() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            c.same("FUNCTION", "FLUSH");
            c.same("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('Test', function() return 'hi' end)");
            c.same("FCALL", "test", "0");
            c.same("FCALL", "TEST", "0");
            c.same("FCALL_RO", "tEsT", "0");
            c.same("FUNCTION", "LOAD", "#!lua name=other\nredis.register_function('TEST', function() return 1 end)");
            c.same("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib\nredis.register_function('test', function() return 'new' end)");
            c.same("FCALL", "TEST", "0");
            c.same("FUNCTION", "DELETE", "lib");
            c.same("FCALL", "test", "0");
            c.same("FUNCTION", "FLUSH", "bad_arg");
            c.same("FUNCTION", "FLUSH", "sync", "extra_arg");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void loadErrorsAndFunctions(int protocol) throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, protocol)) {
            c.same("FUNCTION", "FLUSH");
            for (String body : LOADS) {
                c.same("FUNCTION", "LOAD", "REPLACE", body);
                c.same("FUNCTION", "DELETE", "t");
            }
            c.same("FUNCTION", "LOAD", "#!lua name=lib\n"
                    + "redis.register_function('echo', function(keys, args) return {keys, args} end)\n"
                    + "redis.register_function{function_name='ro', callback=function(keys) return redis.call('get', keys[1]) end, "
                    + "flags={'no-writes'}, description='reads a key'}\n"
                    + "redis.register_function{function_name='writer', callback=function(keys, args) "
                    + "return redis.call('set', keys[1], args[1]) end, flags={'allow-oom', 'allow-stale'}}\n"
                    + "redis.register_function('fails', function() local x = 1\nerror('boom') end)\n"
                    + "redis.register_function('calls', function() return redis.call('nope') end)\n"
                    + "redis.register_function('status', function() return redis.status_reply('FINE') end)");
            c.same("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('other', function() end)");
            c.same("FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('echo', function() end)");
            c.same("FCALL", "echo", "2", "k1", "k2", "a1");
            c.same("FCALL", "echo", "0");
            c.same("FCALL", "writer", "1", "fk", "v");
            c.same("FCALL", "ro", "1", "fk");
            c.same("FCALL_RO", "ro", "1", "fk");
            c.same("FCALL_RO", "writer", "1", "fk", "v");
            c.same("FCALL", "fails", "0");
            c.same("FCALL", "calls", "0");
            c.same("FCALL", "status", "0");
            c.same("FCALL", "nope", "0");
            c.same("FCALL", "echo", "x");
            c.same("FCALL", "echo", "-1");
            c.same("FCALL", "echo", "3", "a");
            c.same("FUNCTION", "STATS");
            c.same("FUNCTION", "KILL");
            c.same("FUNCTION", "DELETE", "nothing");
            c.same("FUNCTION", "DELETE", "lib");
            c.same("FCALL", "echo", "0");
            // Redis lists a library's functions in its hash table's order: one function per library compares exactly
            c.same("FUNCTION", "LOAD", "#!lua name=Lib3\nredis.register_function{function_name='described', "
                    + "callback=function() return 1 end, flags={'no-writes', 'allow-stale'}, description='it is described'}");
            c.same("FUNCTION", "LIST");
            c.same("FUNCTION", "LIST", "WITHCODE");
            c.same("FUNCTION", "LIST", "LIBRARYNAME", "l*", "WITHCODE");
            c.same("FUNCTION", "LIST", "LIBRARYNAME", "nothing");
            c.same("FUNCTION", "LIST", "LIBRARYNAME");
            c.same("FUNCTION", "LIST", "bad");
            c.same("FUNCTION", "LIST", "WITHCODE", "WITHCODE");
            c.same("FUNCTION", "STATS");
            c.same("FUNCTION", "LOAD", "BAD", "#!lua name=x\nreturn 1");
            c.same("FUNCTION", "LOAD", "REPLACE");
            c.same("FUNCTION", "FLUSH", "bad");
            c.same("FUNCTION", "FLUSH", "ASYNC");
            c.same("FUNCTION", "LIST");
            c.same("DEL", "fk");
        }
    }

    /**
     * FUNCTION DUMP payloads are byte for byte Redis 7.2's (7.0 writes RDB version 10 in the footer, 7.2 writes 11),
     * and Redis's payload restores here.
     */
    @Test
    void dumpAndRestore() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            boolean is72 = ReferenceVersion.of(c.redis()).is72();
            c.same("FUNCTION", "FLUSH");
            if (is72) c.same("FUNCTION", "DUMP");
            String code = "#!lua name=dumped\nredis.register_function('dumped_fn', function(keys, args) return 'restored' end)"
                    + " -- long enough for the string to be LZF-compressed in the payload";
            c.same("FUNCTION", "LOAD", code);
            String payload = is72 ? c.same("FUNCTION", "DUMP") : c.redis().call("FUNCTION", "DUMP");
            byte[] bytes = payload.substring(payload.indexOf('\n') + 1, payload.length() - 2)
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            c.same("FUNCTION", "RESTORE", "not a payload");
            String restore = "*3\r\n$8\r\nFUNCTION\r\n$7\r\nRESTORE\r\n$" + bytes.length + "\r\n"
                    + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) + "\r\n";
            c.sameRaw(restore, 1); // APPEND onto the same library: it already exists
            c.same("FUNCTION", "FLUSH");
            c.sameRaw(restore, 1);
            c.same("FCALL", "dumped_fn", "0");
            c.sameRaw(restore.replace("*3\r\n", "*4\r\n") + "$7\r\nREPLACE\r\n", 1);
            c.sameRaw(restore.replace("*3\r\n", "*4\r\n") + "$5\r\nFLUSH\r\n", 1);
            c.sameRaw(restore.replace("*3\r\n", "*4\r\n") + "$3\r\nBAD\r\n", 1);
            c.same("FCALL", "dumped_fn", "0");
            c.same("FUNCTION", "FLUSH");
        }
    }

    @Test
    void help() throws Exception {
        try (PairedConnections c = PairedConnections.open(cinnabar, redis, 2)) {
            if (ReferenceVersion.of(c.redis()).is72()) c.same("FUNCTION", "HELP");
            c.same("FUNCTION", "NOPE");
        }
    }
}
