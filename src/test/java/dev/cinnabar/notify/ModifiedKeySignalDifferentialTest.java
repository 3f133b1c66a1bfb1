package dev.cinnabar.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.keyspace.ChangeListener;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.RespConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The modified-key signal of every write command, compared with Redis's signalModifiedKey: on redis-server each key
 * a command names is WATCHed on its own connection before the command, and an EXEC that fails afterwards means the
 * command signalled the key; on Cinnabar a {@link ChangeListener} records the keys signalled. A missing signal would
 * let a transaction run on a changed key; an extra one would abort a transaction Redis runs.
 */
class ModifiedKeySignalDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension("enable-debug-command yes");
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension("--enable-debug-command", "yes");

    /** The keys Cinnabar signalled, as "db:key". */
    private static final Set<String> SIGNALLED = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

    @Test
    void everyWriteCommandSignalsExactlyTheKeysRedisSignals() throws Exception {
        cinnabar.server().server().keyspace().addChangeListener(new ChangeListener() {
            @Override
            public void keyChanged(Database db, byte[] key) {
                SIGNALLED.add(db.id() + ":" + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void databaseFlushed(int db) {}

            @Override
            public void databasesSwapped(int a, int b) {}
        });
        assertEquals(run(redis.port(), true), run(cinnabar.port(), false));
    }

    /**
     * Runs the sequence and lists, for each command compared, which of the keys it names it signalled: by WATCH
     * and EXEC on the reference, from the listener on Cinnabar.
     */
    private static String run(int port, boolean byWatch) throws IOException {
        List<String> lines = new ArrayList<>();
        List<RespConnection> watchers = new ArrayList<>();
        try (RespConnection writer = new RespConnection(port)) {
            writer.call("FLUSHALL");
            writer.call("SET", "dumped", "a string to restore");
            String dump = writer.call("DUMP", "dumped");
            byte[] payload = dump.substring(dump.indexOf("\r\n") + 2, dump.length() - 2)
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertEquals("+OK\r\n", writer.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            String db = "0";
            for (WriteCommandSequence.Step step : WriteCommandSequence.STEPS) {
                String[] command = step.command();
                List<String> keys = new ArrayList<>(new LinkedHashSet<>(List.of(command).subList(1, command.length)));
                keys.remove(EventTrace.PAYLOAD);
                if (byWatch && step.compareSignals()) {
                    while (watchers.size() < keys.size()) watchers.add(new RespConnection(port));
                    for (int i = 0; i < keys.size(); i++) {
                        watchers.get(i).call("SELECT", db);
                        watchers.get(i).call("WATCH", keys.get(i));
                    }
                }
                SIGNALLED.clear();
                writer.call(args(command, payload));
                if (command[0].equals("SELECT")) db = command[1];
                if (!step.compareSignals()) continue;
                StringBuilder line = new StringBuilder(String.join(" ", command)).append(" ->");
                for (int i = 0; i < keys.size(); i++) {
                    boolean signalled;
                    if (byWatch) {
                        watchers.get(i).call("MULTI");
                        signalled = watchers.get(i).call("EXEC").equals("*-1\r\n");
                    } else {
                        signalled = SIGNALLED.contains(db + ":" + keys.get(i));
                    }
                    if (signalled) line.append(' ').append(keys.get(i));
                }
                lines.add(line.toString());
            }
            writer.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        } finally {
            for (RespConnection w : watchers) w.close();
        }
        return String.join("\n", lines);
    }

    private static byte[][] args(String[] command, byte[] payload) {
        byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            args[i] = command[i].equals(EventTrace.PAYLOAD) ? payload : command[i].getBytes(StandardCharsets.UTF_8);
        }
        return args;
    }
}
