package dev.cinnabar.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cases where the order or the presence of keyspace events is easy to get wrong, each spelled out. The server
 * starts with notify-keyspace-events from its configuration (every class, new keys included, keyevent channels).
 */
class KeyspaceEventsTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar =
            new CinnabarExtension("notify-keyspace-events KEAn", "enable-debug-command yes").flushingBeforeEach();

    private EventTrace trace;

    @BeforeEach
    void subscribe() throws IOException {
        trace = new EventTrace(cinnabar.port(), 2);
    }

    @AfterEach
    void close() throws IOException {
        trace.close();
    }

    /** The events of a command as "db:event:key", from the keyevent channels. */
    private List<String> events(String... command) throws IOException {
        List<String> events = new ArrayList<>();
        for (String line : trace.run(command)) {
            if (!line.startsWith("  ")) continue;
            String raw = line.substring(2).replace("\\r\\n", "\r\n");
            List<String> message = RespTree.parse(raw).strings();
            String channel = message.get(2);
            if (!channel.startsWith("__keyevent@")) continue;
            String db = channel.substring("__keyevent@".length(), channel.indexOf("__:"));
            events.add(db + ":" + channel.substring(channel.indexOf("__:") + 3) + ":" + message.get(3));
        }
        return events;
    }

    @Test
    void configuredAtStartupAndReadBackInRedisForm() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            // "n" is set but, as in Redis, not printed beside "A"
            assertEquals("*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\nAKE\r\n",
                    c.call("CONFIG", "GET", "notify-keyspace-events"));
        }
        assertEquals(List.of("0:new:k", "0:set:k"), events("SET", "k", "v"));
    }

    @Test
    void aPopThatEmptiesAListReportsThePopThenTheDeletion() throws IOException {
        events("RPUSH", "k", "a", "b");
        assertEquals(List.of("0:lpop:k"), events("LPOP", "k"));
        assertEquals(List.of("0:rpop:k", "0:del:k"), events("RPOP", "k"));
    }

    @Test
    void removalsThatEmptyACollectionReportTheRemovalThenTheDeletion() throws IOException {
        events("HSET", "h", "f", "v");
        assertEquals(List.of("0:hdel:h", "0:del:h"), events("HDEL", "h", "f", "g"));
        events("SADD", "s", "a");
        assertEquals(List.of("0:srem:s", "0:del:s"), events("SREM", "s", "a"));
        events("ZADD", "z", "1", "a", "2", "b");
        assertEquals(List.of("0:zpopmin:z", "0:del:z"), events("ZPOPMIN", "z", "5"));
        events("RPUSH", "l", "a");
        assertEquals(List.of("0:ltrim:l", "0:del:l"), events("LTRIM", "l", "1", "0"));
    }

    @Test
    void spopReportsThePopBeforeTheDeletion() throws IOException {
        events("SADD", "s", "a", "b");
        assertEquals(List.of("0:spop:s", "0:del:s"), events("SPOP", "s", "2"));
    }

    @Test
    void renameToItselfChangesNothing() throws IOException {
        events("SET", "k", "v");
        assertEquals(List.of(), events("RENAME", "k", "k"));
        assertEquals(List.of(), events("RENAMENX", "k", "k"));
    }

    @Test
    void renameOverAnExistingKeyCreatesTheDestinationAnew() throws IOException {
        events("SET", "a", "1");
        events("SET", "b", "2");
        assertEquals(List.of("0:new:b", "0:rename_from:a", "0:rename_to:b"), events("RENAME", "a", "b"));
    }

    @Test
    void moveReportsInBothDatabases() throws IOException {
        events("SET", "k", "v");
        assertEquals(List.of("3:new:k", "0:move_from:k", "3:move_to:k"), events("MOVE", "k", "3"));
    }

    @Test
    void copyWithReplaceReportsNoDeletion() throws IOException {
        events("SET", "a", "1");
        events("SET", "b", "2");
        assertEquals(List.of("0:new:b", "0:copy_to:b"), events("COPY", "a", "b", "REPLACE"));
        assertEquals(List.of("5:new:b", "5:copy_to:b"), events("COPY", "a", "b", "DB", "5"));
    }

    @Test
    void movingAnElementReportsThePushBeforeThePop() throws IOException {
        events("RPUSH", "src", "a");
        assertEquals(List.of("0:new:dst", "0:lpush:dst", "0:rpop:src", "0:del:src"),
                events("RPOPLPUSH", "src", "dst"));
        assertEquals(List.of("0:rpush:dst", "0:lpop:dst"), events("LMOVE", "dst", "dst", "LEFT", "RIGHT"));
    }

    @Test
    void smoveReportsTheRemovalThenTheAddition() throws IOException {
        events("SADD", "s", "a");
        events("SADD", "t", "a");
        assertEquals(List.of(), events("SMOVE", "s", "s", "a"));
        // the member was already in the destination: only the source changes
        assertEquals(List.of("0:srem:s", "0:del:s"), events("SMOVE", "s", "t", "a"));
        assertEquals(List.of("0:srem:t", "0:del:t", "0:new:u", "0:sadd:u"), events("SMOVE", "t", "u", "a"));
    }

    @Test
    void anExpireInThePastDeletes() throws IOException {
        events("SET", "k", "v");
        assertEquals(List.of("0:del:k"), events("EXPIRE", "k", "0"));
        events("SET", "k", "v");
        assertEquals(List.of("0:del:k"), events("GETEX", "k", "EXAT", "1"));
    }

    @Test
    void anEmptyStoreResultDeletesTheDestination() throws IOException {
        events("SET", "dst", "v");
        assertEquals(List.of("0:del:dst"), events("SINTERSTORE", "dst", "nokey"));
        assertEquals(List.of(), events("ZUNIONSTORE", "dst", "1", "nokey"));
        events("RPUSH", "l", "1");
        assertEquals(List.of("0:new:dst", "0:sortstore:dst"), events("SORT", "l", "STORE", "dst"));
    }

    @Test
    void lazyExpiryReportsExpiredBeforeTheCommandsOwnEvents() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            try {
                events("RPUSH", "k", "a");
                events("PEXPIRE", "k", "1");
                sleep(10);
                assertEquals(List.of("0:expired:k", "0:new:k", "0:lpush:k"), events("LPUSH", "k", "b"));
            } finally {
                c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            }
        }
    }

    @Test
    void offAfterConfigSet() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
            try {
                assertEquals(List.of(), events("SET", "k", "v"));
            } finally {
                c.call("CONFIG", "SET", "notify-keyspace-events", "KEAn");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
