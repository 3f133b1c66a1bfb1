package dev.cinnabar.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RealRedis;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CLIENT subcommands whose replies carry ids, addresses and ages, checked over TCP (and against Redis's layout). */
class ClientCommandsIntegrationTest {
    static CinnabarServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long clientId(RespConnection c) throws Exception {
        String reply = c.call("CLIENT", "ID");
        assertTrue(reply.startsWith(":"), reply);
        return Long.parseLong(reply.substring(1).trim());
    }

    /** The text of a bulk or verbatim reply. */
    static String text(String reply) {
        int start = reply.indexOf("\r\n") + 2;
        String body = reply.substring(start, reply.length() - 2);
        return reply.startsWith("=") ? body.substring(4) : body;
    }

    static String field(String line, String name) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(name) + "=(\\S*)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return m.group(1);
    }

    @Test
    void idsAreUniqueAndIncreasing() throws Exception {
        try (RespConnection a = new RespConnection(server.port()); RespConnection b = new RespConnection(server.port())) {
            long idA = clientId(a), idB = clientId(b);
            assertTrue(idB > idA);
            assertTrue(a.call("HELLO", "3").contains("$2\r\nid\r\n:" + idA + "\r\n"));
        }
    }

    @Test
    void clientInfoDescribesTheCaller() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            long id = clientId(c);
            c.call("CLIENT", "SETNAME", "infotest");
            c.call("SELECT", "5");
            c.call("CLIENT", "SETINFO", "LIB-NAME", "mylib");
            c.call("CLIENT", "SETINFO", "lib-ver", "1.2.3");
            c.call("CLIENT", "NO-TOUCH", "on");
            String reply = c.call("CLIENT", "INFO");
            assertTrue(reply.startsWith("$"), "RESP2 INFO is a bulk string: " + reply);
            String line = text(reply);
            assertTrue(line.endsWith("\n"));
            line = line.strip();
            assertEquals(String.valueOf(id), field(line, "id"));
            assertEquals("infotest", field(line, "name"));
            assertEquals("5", field(line, "db"));
            assertEquals("T", field(line, "flags"));
            assertEquals("client|info", field(line, "cmd"));
            assertEquals("default", field(line, "user"));
            assertEquals("2", field(line, "resp"));
            assertEquals("mylib", field(line, "lib-name"));
            assertEquals("1.2.3", field(line, "lib-ver"));
            assertEquals("10", field(line, "argv-mem"), "the arguments of CLIENT INFO itself");
        }
    }

    @Test
    void clientListFiltersByTypeAndId() throws Exception {
        try (RespConnection a = new RespConnection(server.port()); RespConnection b = new RespConnection(server.port())) {
            long idA = clientId(a), idB = clientId(b);
            b.call("CLIENT", "SETNAME", "second");
            a.call("HELLO", "3");
            String all = a.call("CLIENT", "LIST");
            assertTrue(all.startsWith("="), "RESP3 CLIENT LIST is verbatim text: " + all);
            List<String> lines = lines(text(all));
            assertTrue(lines.size() >= 2);
            List<Long> ids = new ArrayList<>();
            for (String l : lines) ids.add(Long.parseLong(field(l, "id")));
            assertEquals(ids.stream().sorted().toList(), ids, "clients are listed in connection order");
            List<String> one = lines(text(a.call("CLIENT", "LIST", "ID", String.valueOf(idB), "999999")));
            assertEquals(1, one.size());
            assertEquals("second", field(one.get(0), "name"));
            assertEquals("client|setname", field(one.get(0), "cmd"), "the last command it ran");
            assertEquals("0", field(one.get(0), "argv-mem"), "only the running command has argument memory");
            List<String> both = lines(text(a.call("CLIENT", "LIST", "ID", String.valueOf(idB), String.valueOf(idA))));
            assertEquals(String.valueOf(idB), field(both.get(0), "id"), "ID lists in the order asked");
            assertEquals("3", field(both.get(1), "resp"));
            assertEquals(lines.size(), lines(text(a.call("CLIENT", "LIST", "TYPE", "normal"))).size());
            assertEquals("=4\r\ntxt:\r\n", a.call("CLIENT", "LIST", "TYPE", "pubsub"));
        }
    }

    @Test
    void clientListHasRedisFieldsInRedisOrder() throws Exception {
        String ours;
        try (RespConnection c = new RespConnection(server.port())) {
            ours = text(c.call("CLIENT", "LIST", "ID", String.valueOf(clientId(c)))).strip();
        }
        String theirs;
        try (RealRedis redis = RealRedis.start(); RespConnection c = new RespConnection(redis.port())) {
            theirs = text(c.call("CLIENT", "INFO")).strip();
        }
        List<String> expected = new ArrayList<>(fieldNames(theirs));
        // Redis 7.2 added the client library fields at the end of the line
        if (!expected.contains("lib-name")) expected.addAll(List.of("lib-name", "lib-ver"));
        assertEquals(expected, fieldNames(ours));
    }

    static List<String> fieldNames(String line) {
        List<String> names = new ArrayList<>();
        for (String part : line.split(" ")) names.add(part.substring(0, part.indexOf('=')));
        return names;
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isBlank()) lines.add(l);
        return lines;
    }

    @Test
    void setinfoValidatesAttributeAndValue() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            assertEquals("-ERR Unrecognized option 'lib-foo'\r\n", c.call("CLIENT", "SETINFO", "lib-foo", "x"));
            assertEquals("-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n",
                    c.call("CLIENT", "SETINFO", "LIB-NAME", "my lib"));
            assertEquals("-ERR lib-ver cannot contain spaces, newlines or special characters.\r\n",
                    c.call("CLIENT", "SETINFO", "lib-ver", "1.0\n"));
            assertEquals("-ERR wrong number of arguments for 'client|setinfo' command\r\n",
                    c.call("CLIENT", "SETINFO", "lib-name"));
            assertEquals("+OK\r\n", c.call("CLIENT", "SETINFO", "lib-name", "redis-py(django_v4)"));
            assertEquals("+OK\r\n", c.call("CLIENT", "SETINFO", "lib-ver", ""));
            String line = text(c.call("CLIENT", "INFO")).strip();
            assertEquals("redis-py(django_v4)", field(line, "lib-name"));
            assertEquals("", field(line, "lib-ver"));
            // RESET keeps the library: it still describes the client behind the connection
            c.call("RESET");
            assertEquals("redis-py(django_v4)", field(text(c.call("CLIENT", "INFO")).strip(), "lib-name"));
        }
    }

    @Test
    void noTouchAndNoEvictSetFlagsAndResetClearsThem() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            assertEquals("+OK\r\n", c.call("CLIENT", "NO-TOUCH", "ON"));
            assertEquals("+OK\r\n", c.call("CLIENT", "NO-EVICT", "on"));
            assertEquals("eT", field(text(c.call("CLIENT", "INFO")), "flags"));
            assertEquals("-ERR syntax error\r\n", c.call("CLIENT", "NO-TOUCH", "maybe"));
            assertEquals("+RESET\r\n", c.call("RESET"));
            assertEquals("N", field(text(c.call("CLIENT", "INFO")), "flags"));
        }
    }

    @Test
    void killByIdAddrAndSkipme() throws Exception {
        try (RespConnection killer = new RespConnection(server.port());
             RespConnection victim1 = new RespConnection(server.port());
             RespConnection victim2 = new RespConnection(server.port())) {
            long id1 = clientId(victim1);
            String addr2 = field(text(victim2.call("CLIENT", "INFO")), "addr");
            assertEquals(":1\r\n", killer.call("CLIENT", "KILL", "ID", String.valueOf(id1)));
            assertTrue(victim1.isClosedByServer(2000));
            assertEquals("", text(killer.call("CLIENT", "LIST", "ID", String.valueOf(id1))), "gone at once");
            assertEquals("+OK\r\n", killer.call("CLIENT", "KILL", addr2));
            assertTrue(victim2.isClosedByServer(2000));
            assertEquals("-ERR No such client\r\n", killer.call("CLIENT", "KILL", addr2));
            // SKIPME yes (the default) spares the caller
            String own = field(text(killer.call("CLIENT", "INFO")), "addr");
            assertEquals(":0\r\n", killer.call("CLIENT", "KILL", "ADDR", own));
            assertEquals("+PONG\r\n", killer.call("PING"));
        }
    }

    @Test
    void killingYourselfRepliesFirst() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            String laddr = field(text(c.call("CLIENT", "INFO")), "laddr");
            long id = clientId(c);
            assertEquals(":1\r\n", c.call("CLIENT", "KILL", "ID", String.valueOf(id), "LADDR", laddr, "SKIPME", "no"));
            assertTrue(c.isClosedByServer(2000));
        }
        try (RespConnection c = new RespConnection(server.port())) {
            String addr = field(text(c.call("CLIENT", "INFO")), "addr");
            assertEquals("+OK\r\n", c.call("CLIENT", "KILL", addr));
            assertTrue(c.isClosedByServer(2000));
        }
    }

    @Test
    void killByUserAndTypeCountsEveryoneButTheCaller() throws Exception {
        try (CinnabarServer own = TestServer.start();
             RespConnection caller = new RespConnection(own.port());
             RespConnection other1 = new RespConnection(own.port());
             RespConnection other2 = new RespConnection(own.port())) {
            other1.call("PING");
            other2.call("PING");
            assertEquals(":2\r\n", caller.call("CLIENT", "KILL", "USER", "default", "TYPE", "normal"));
            assertTrue(other1.isClosedByServer(2000));
            assertTrue(other2.isClosedByServer(2000));
            assertFalse(caller.isClosedByServer(200));
        }
    }

    static final List<String> ADDED_IN_7_2 = List.of("+SETINFO <option> <value>",
            "+    Set client meta attr. Options are:", "+    * LIB-NAME: the client lib name.",
            "+    * LIB-VER: the client lib version.", "+NO-TOUCH (ON|OFF)",
            "+    Will not touch LRU/LFU stats when this mode is on.");

    @Test
    void helpListsOnlyWhatExistsInRedisWords() throws Exception {
        try (RespConnection c = new RespConnection(server.port()); RealRedis redis = RealRedis.start();
             RespConnection r = new RespConnection(redis.port())) {
            String ours = c.call("client", "help");
            assertTrue(ours.startsWith("*"));
            assertTrue(ours.contains("+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
            assertTrue(ours.endsWith("+HELP\r\n+    Print this help.\r\n"));
            // every line (7.2 additions aside) is Redis's, in Redis's order
            // (7.0 wrote "Prints this help.", 7.2 "Print this help.")
            List<String> theirs = List.of(r.call("CLIENT", "HELP").replace("Prints this help.", "Print this help.")
                    .split("\r\n"));
            int at = 0;
            for (String line : ours.split("\r\n")) {
                if (line.startsWith("*")) continue;
                if (ADDED_IN_7_2.contains(line)) continue;
                int found = theirs.subList(at, theirs.size()).indexOf(line);
                assertTrue(found >= 0, "line not in Redis's help, or out of order: " + line);
                at += found + 1;
            }
        }
    }
}
