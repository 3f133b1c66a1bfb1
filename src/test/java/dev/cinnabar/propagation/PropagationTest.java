package dev.cinnabar.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unit rules without a server: a command propagates when it changed something (or forced it) unless it
 * prevented it; nested calls (EXEC, a script) propagate their own effects and the unit is wrapped in MULTI/EXEC
 * only when it produced more than one command; nothing is collected without a sink.
 */
class PropagationTest {
    private Propagation p;
    private final List<String> out = new ArrayList<>();

    @BeforeEach
    void setUp() {
        p = new Propagation();
        p.addSink((db, argv, argc) -> {
            StringBuilder sb = new StringBuilder().append(db).append(':');
            for (int i = 0; i < argc; i++) sb.append(' ').append(new String(argv[i], StandardCharsets.UTF_8));
            out.add(sb.toString());
        });
    }

    private static byte[][] argv(String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) a[i] = words[i].getBytes(StandardCharsets.UTF_8);
        return a;
    }

    /** One command at the top level: changed → propagated, as received or as rewritten. */
    private void command(boolean changes, String... words) {
        p.enterCall();
        if (changes) p.keyChanged(null, null);
        p.exitCall(0, argv(words), words.length, false, false);
        p.endUnit();
    }

    @Test
    void onlyCommandsThatChangedSomethingArePropagated() {
        command(false, "DEL", "missing");
        command(true, "DEL", "k");
        p.enterCall();
        p.rewrite(argv("SET", "k", "v", "PXAT", "123"));
        p.keyChanged(null, null);
        p.exitCall(2, argv("SET", "k", "v", "EX", "1"), 5, false, false);
        p.endUnit();
        p.enterCall();
        p.force();
        p.exitCall(0, argv("FLUSHALL"), 1, false, false);
        p.endUnit();
        assertEquals(List.of("0: DEL k", "2: SET k v PXAT 123", "0: FLUSHALL"), out);
    }

    /** How a script (or EXEC) is wired: the outer call prevents itself, nested calls propagate their effects. */
    private void script(String[]... writes) {
        p.enterCall();
        p.prevent();
        for (String[] w : writes) {
            p.enterCall();
            p.keyChanged(null, null);
            p.exitCall(0, argv(w), w.length, false, false);
        }
        p.exitCall(0, argv("EVAL", "..."), 2, false, false);
        p.endUnit();
    }

    @Test
    void aUnitWithSeveralCommandsIsWrappedInMultiExec() {
        script(new String[] {"SET", "a", "1"}, new String[] {"INCR", "b"});
        script(new String[] {"SET", "only", "1"});
        script();
        assertEquals(List.of("-1: MULTI", "0: SET a 1", "0: INCR b", "-1: EXEC", "0: SET only 1"), out);
    }

    @Test
    void lazyExpiryInsideACommandComesFirstAndOutsideAtOnce() {
        p.enterCall();
        p.keyExpired(dbStub(), argv("old")[0]);
        p.keyChanged(null, null);
        p.exitCall(0, argv("SET", "old", "new"), 3, false, false);
        p.endUnit();
        p.keyExpired(dbStub(), argv("cron")[0]);
        assertEquals(List.of("-1: MULTI", "0: DEL old", "0: SET old new", "-1: EXEC", "0: DEL cron"), out);
    }

    @Test
    void blockedCommandsAndExecAreNotPropagatedThemselves() {
        p.enterCall();
        p.exitCall(0, argv("BLPOP", "l", "0"), 3, false, true);
        p.endUnit();
        p.enterCall();
        p.keyChanged(null, null);
        p.exitCall(0, argv("EXEC"), 1, true, false);
        p.endUnit();
        assertEquals(List.of(), out);
    }

    private static dev.cinnabar.keyspace.Database dbStub() {
        return new dev.cinnabar.keyspace.Keyspace(1).db(0);
    }
}
