package dev.cinnabar.scripting;

import dev.cinnabar.Commands;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.scripting.lib.LuaFunction;
import dev.cinnabar.scripting.lib.LuaLibrary;
import dev.cinnabar.scripting.lib.LuaLibraryError;
import dev.cinnabar.scripting.lib.LuaValue;
import dev.cinnabar.server.Client;
import dev.cinnabar.server.Server;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bridge between Lua and Java-written libraries, with a test-only library: arguments become LuaValues
 * (tables depth-limited, cycles cut, NULL light userdata), results come back in order, LuaLibraryError becomes a
 * Lua error raised where the script called, and the library's table is read-only like Redis's.
 */
class LibraryBridgeTest {
    private static Server server;
    private static LuaEngine engine;

    /** echo returns its arguments; describe renders them as text; fail raises; null is the NULL userdata. */
    static final class TestLibrary extends LuaLibrary {
        TestLibrary() {
            super("testlib");
            functions.put("echo", args -> args);
            functions.put("describe", args -> {
                StringBuilder sb = new StringBuilder();
                for (LuaValue v : args) sb.append(describe(v)).append(';');
                return List.of(new LuaValue.Str(sb.toString().getBytes(StandardCharsets.UTF_8)));
            });
            functions.put("fail", args -> {
                throw new LuaLibraryError("library says no");
            });
            functions.put("ordered", args -> List.of(new LuaValue.Table(
                    List.of(new LuaValue.Num(1), new LuaValue.Num(2), new LuaValue.Num(3)),
                    List.of(new LuaValue.Str("a".getBytes()), LuaValue.NULL_POINTER, new LuaValue.Str("c".getBytes())))));
            constants.put("null", LuaValue.NULL_POINTER);
        }

        private static String describe(LuaValue v) {
            return switch (v) {
                case LuaValue.Nil n -> "nil";
                case LuaValue.Bool b -> Boolean.toString(b.value());
                case LuaValue.Num n -> Double.toString(n.value());
                case LuaValue.Str s -> "'" + new String(s.bytes(), StandardCharsets.UTF_8).replace("\0", "\\0") + "'";
                case LuaValue.Opaque o when o == LuaValue.TOO_DEEP -> "TOO_DEEP";
                case LuaValue.Opaque o when o == LuaValue.NULL_POINTER || (o.type().equals("userdata") && o.identity() == 0) -> "NULL";
                case LuaValue.Opaque o -> o.type();
                case LuaValue.Table t -> {
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < t.keys().size(); i++) parts.add(describe(t.keys().get(i)) + "=" + describe(t.values().get(i)));
                    parts.sort(null);
                    yield "{" + String.join(",", parts) + "}";
                }
            };
        }
    }

    @BeforeAll
    static void start() {
        server = new Server(new ServerConfig(), Commands.table());
        engine = new LuaEngine(List.of(new TestLibrary()));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static String eval(String script) {
        byte[] code = script.getBytes(StandardCharsets.UTF_8);
        int function = engine.compile(code, 0, code.length);
        Client caller = new Client(1, server, new ScriptConnection());
        caller.reply().target(Unpooled.buffer());
        ScriptRun run = new ScriptRun(server, server.scripting(), "test", caller, new Client(0, server, new ScriptConnection()),
                Unpooled.buffer(), false, true);
        run.setCode(code);
        engine.invoke(run, function, new byte[0][], 0, 0, 0);
        engine.writeResult(run, caller.reply());
        return caller.reply().buffer().toString(StandardCharsets.ISO_8859_1);
    }

    private static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    @Test
    void scalarsRoundTrip() {
        assertEquals("*3\r\n:7\r\n$3\r\na\0b\r\n:1\r\n", eval("return {testlib.echo(7.9, 'a\\0b', true)}"));
        assertEquals(bulk("7.5;'x';true;false;nil;NULL;function;"),
                eval("return testlib.describe(7.5, 'x', true, false, nil, testlib.null, type)"));
    }

    @Test
    void tablesConvertBothWays() {
        assertEquals(bulk("{'x'=1.0,1.0=10.0,2.0=20.0};"), eval("return testlib.describe({10, 20, x=1})"));
        assertEquals("*3\r\n:10\r\n:20\r\n:1\r\n", eval("local t = testlib.echo({10, 20, x=1}) return {t[1], t[2], t.x}"));
        assertEquals("*3\r\n$1\r\na\r\n$8\r\nuserdata\r\n$1\r\nc\r\n",
                eval("local t = testlib.ordered() return {t[1], type(t[2]), t[3]}"));
    }

    @Test
    void cyclesAndDeepNestingAreCut() {
        assertEquals(bulk("{'self'=TOO_DEEP,'v'=1.0};"), eval("local t = {v=1} t.self = t return testlib.describe(t)"));
        String reply = eval("local t = {} local cur = t for i = 1, 2000 do cur.n = {} cur = cur.n end return testlib.describe(t)");
        assertEquals(true, reply.contains("TOO_DEEP"), reply);
    }

    @Test
    void libraryErrorsAreLuaErrorsAtTheCallingLine() {
        assertEquals("-ERR user_script:2: library says no script: test, on @user_script:2.\r\n",
                eval("local x = 1\nlocal y = testlib.fail()\nreturn y"));
        // called by pcall, a C function, the error has no position: luaL_error's level 1 is pcall
        assertEquals("*2\r\n$5\r\nfalse\r\n" + bulk("library says no"),
                eval("local ok, e = pcall(testlib.fail) return {tostring(ok), e}"));
    }

    @Test
    void libraryTablesAreReadOnly() {
        assertEquals("-ERR user_script:1: Attempt to modify a readonly table script: test, on @user_script:1.\r\n",
                eval("testlib.echo = nil"));
    }
}
