package dev.cinnabar.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

/**
 * Cinnabar's ACL answers asserted directly, with Redis 7.2's texts (AclDifferentialTest compares them with a 7.2
 * reference when one is available): NOPERM and WRONGPASS errors, the issue's example of a user limited to
 * {@code ~app:*} and {@code +@read}, requirepass as the default user's password, CLIENT LIST / KILL by user, and
 * INFO's denial counters.
 */
class AclIntegrationTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();

    @BeforeEach
    void resetUsers() throws IOException {
        AclDifferentialTest.resetUsers(cinnabar.port());
        try (RespConnection c = cinnabar.connect()) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "requirepass", "");
            c.call("ACL", "SETUSER", "default", "on", "nopass");
        }
    }

    @Test
    void aUserLimitedToAppKeysAndReadCommandsReadsAppKeysOnly() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("MSET", "app:1", "a", "other", "b");
            assertEquals("+OK\r\n", admin.call("ACL", "SETUSER", "reader", "on", ">secret", "~app:*", "+@read"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    c.call("AUTH", "reader", "wrong"));
            assertEquals("+OK\r\n", c.call("AUTH", "reader", "secret"));
            assertEquals("$1\r\na\r\n", c.call("GET", "app:1"));
            assertEquals("*2\r\n$1\r\na\r\n$-1\r\n", c.call("MGET", "app:1", "app:2"));
            assertEquals("-NOPERM No permissions to access a key\r\n", c.call("GET", "other"));
            assertEquals("-NOPERM No permissions to access a key\r\n", c.call("MGET", "app:1", "other"));
            assertEquals("-NOPERM User reader has no permissions to run the 'set' command\r\n",
                    c.call("SET", "app:1", "x"));
            assertEquals("-NOPERM User reader has no permissions to run the 'config|set' command\r\n",
                    c.call("CONFIG", "SET", "maxclients", "10"));
            assertEquals("$1\r\na\r\n", admin.call("GET", "app:1"));
            assertEquals("-NOPERM User reader has no permissions to run the 'ping' command\r\n", c.call("PING"));
        }
    }

    @Test
    void readAndWriteKeyPermissions() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("ACL", "SETUSER", "rw", "on", "nopass", "+@all", "%R~src:*", "%W~dst:*");
            c.call("AUTH", "rw", "x");
            admin.call("SET", "src:1", "v");
            assertEquals(":1\r\n", c.call("COPY", "src:1", "dst:1"));
            assertEquals("-NOPERM No permissions to access a key\r\n", c.call("COPY", "dst:1", "src:2"));
            assertEquals("-NOPERM No permissions to access a key\r\n", c.call("GET", "dst:1"));
            assertEquals("-NOPERM No permissions to access a key\r\n", c.call("SET", "src:1", "x"));
            assertEquals("$52\r\nUser rw has no permissions to access the 'dst:1' key\r\n",
                    admin.call("ACL", "DRYRUN", "rw", "get", "dst:1"));
        }
    }

    @Test
    void sortPatternsNeedReadAccessToEveryKey() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("RPUSH", "l", "2", "1");
            admin.call("ACL", "SETUSER", "narrow", "on", "nopass", "+@all", "~l");
            c.call("AUTH", "narrow", "x");
            assertEquals("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.call("SORT", "l"));
            assertEquals("-ERR BY option of SORT denied due to insufficient ACL permissions.\r\n",
                    c.call("SORT", "l", "BY", "w_*"));
            assertEquals("-ERR GET option of SORT denied due to insufficient ACL permissions.\r\n",
                    c.call("SORT", "l", "GET", "#"));
            admin.call("ACL", "SETUSER", "narrow", "%R~*");
            assertEquals("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.call("SORT", "l", "GET", "#"));
        }
    }

    @Test
    void noauthUntilTheDefaultUsersPasswordIsGiven() throws IOException {
        try (RespConnection admin = cinnabar.connect()) {
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "requirepass", "s3cret"));
            String user = admin.call("ACL", "GETUSER", "default");
            // the password is kept as its SHA-256, never in clear
            assertTrue(user.contains("$64\r\n" + Passwords.hash("s3cret".getBytes()) + "\r\n"), user);
            assertFalse(user.contains("s3cret"));
            try (RespConnection c = cinnabar.connect()) {
                assertEquals("-NOAUTH Authentication required.\r\n", c.call("GET", "x"));
                assertEquals("-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                        + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                        + "the RESP protocol version at the same time\r\n", c.call("HELLO", "3"));
                assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.call("AUTH", "x"));
                assertEquals("+OK\r\n", c.call("AUTH", "s3cret"));
                assertEquals("$-1\r\n", c.call("GET", "x"));
            }
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "requirepass", ""));
            try (RespConnection c = cinnabar.connect()) {
                assertEquals("-ERR AUTH <password> called without any password configured for the default user. Are "
                        + "you sure your configuration is correct?\r\n", c.call("AUTH", "x"));
                assertEquals("+OK\r\n", c.call("AUTH", "default", "anything"));
            }
        }
    }

    @Test
    void helloAuthLogsInAndDisabledUsersCannot() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("ACL", "SETUSER", "h", "on", ">pw", "+@all", "~*");
            admin.call("ACL", "SETUSER", "off", "off", ">pw", "+@all");
            String hello = c.call("HELLO", "3", "AUTH", "h", "pw", "SETNAME", "conn");
            assertTrue(hello.startsWith("%7\r\n"), hello);
            assertEquals("$1\r\nh\r\n", c.call("ACL", "WHOAMI"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    c.call("HELLO", "3", "AUTH", "off", "pw"));
            assertEquals("$1\r\nh\r\n", c.call("ACL", "WHOAMI"));
            String info = c.call("CLIENT", "INFO");
            assertTrue(info.contains(" user=h "), info);
            assertTrue(admin.call("CLIENT", "LIST").contains("name=conn "));
            assertTrue(admin.call("CLIENT", "LIST").contains(" user=h "));
        }
    }

    @Test
    void clientKillByUser() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("ACL", "SETUSER", "k", "on", "nopass", "+@all");
            c.call("AUTH", "k", "x");
            assertEquals("-ERR No such user 'nobody'\r\n", admin.call("CLIENT", "KILL", "USER", "nobody"));
            assertEquals(":0\r\n", admin.call("CLIENT", "KILL", "USER", "default"));
            assertEquals(":1\r\n", admin.call("CLIENT", "KILL", "USER", "k"));
            assertTrue(c.isClosedByServer(2000));
        }
    }

    @Test
    void transactionsAndScripts() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("ACL", "SETUSER", "t", "on", "nopass", "~k*", "+@all", "-set");
            c.call("AUTH", "t", "x");
            c.call("MULTI");
            assertEquals("-NOPERM User t has no permissions to run the 'set' command\r\n", c.call("SET", "k", "v"));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));
            c.call("MULTI");
            c.call("GET", "k");
            c.call("INCR", "k2");
            admin.call("ACL", "SETUSER", "t", "-incr");
            assertEquals("*2\r\n$-1\r\n-NOPERM ACLs rules changed between the moment the transaction was accumulated "
                    + "and the EXEC call. This command is no longer allowed for the following reason: no permission "
                    + "to execute the command or subcommand\r\n", c.call("EXEC"));
            String denied = c.call("EVAL", "return redis.call('get','other')", "0");
            assertTrue(denied.startsWith("-ERR ACL failure in script: No permissions to access a key script: "),
                    denied);
            assertEquals(":1\r\n", c.call("EVAL", "return redis.acl_check_cmd('get','k1')", "0"));
            assertEquals("$-1\r\n", c.call("EVAL", "return redis.acl_check_cmd('get','other')", "0"));
            assertEquals("$-1\r\n", c.call("EVAL", "return redis.acl_check_cmd('set','k1','v')", "0"));
            RespTree log = RespTree.parse(admin.call("ACL", "LOG"));
            assertEquals("lua", log.children().get(0).get("context").text());
            assertEquals("multi", log.children().get(1).get("context").text());
            assertEquals("incr", log.children().get(1).get("object").text());
            admin.call("ACL", "SETUSER", "t", "-exec");
            c.call("MULTI");
            assertEquals("-EXECABORT Transaction discarded because of: NOPERM User t has no permissions to run the "
                    + "'exec' command\r\n", c.call("EXEC"));
        }
    }

    @Test
    void channelsAreChecked() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("ACL", "SETUSER", "p", "on", "nopass", "+@all", "&news.*");
            c.call("AUTH", "p", "x");
            assertEquals(":0\r\n", c.call("PUBLISH", "news.1", "m"));
            assertEquals("-NOPERM No permissions to access a channel\r\n", c.call("PUBLISH", "sport", "m"));
            assertEquals("-NOPERM No permissions to access a channel\r\n", c.call("SUBSCRIBE", "news.1", "sport"));
            assertEquals("-NOPERM No permissions to access a channel\r\n", c.call("PSUBSCRIBE", "news.1*"));
            assertTrue(c.call("PSUBSCRIBE", "news.*").startsWith("*3\r\n$10\r\npsubscribe\r\n"));
        }
    }

    @Test
    void infoCountsDenials() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            String before = admin.call("INFO", "stats");
            admin.call("ACL", "SETUSER", "i", "on", "nopass", "+get", "+publish", "~a");
            c.call("AUTH", "i", "wrong-but-nopass");
            c.call("AUTH", "nobody", "x");
            c.call("SET", "a", "1");
            c.call("GET", "b");
            c.call("PUBLISH", "ch", "m");
            String after = admin.call("INFO", "stats");
            for (String field : new String[] {"auth", "cmd", "key", "channel"}) {
                assertEquals(stat(before, "acl_access_denied_" + field) + 1, stat(after, "acl_access_denied_" + field),
                        field);
            }
        }
    }

    @Test
    void theLogKeepsAcllogMaxLenEntriesNewestFirst() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            admin.call("CONFIG", "SET", "acllog-max-len", "2");
            admin.call("ACL", "SETUSER", "m", "on", "nopass", "+get");
            c.call("AUTH", "m", "x");
            for (String key : new String[] {"a", "b", "c", "c"}) c.call("GET", key);
            RespTree log = RespTree.parse(admin.call("ACL", "LOG"));
            assertEquals(2, log.children().size());
            assertEquals("c", log.children().get(0).get("object").text());
            assertEquals("2", log.children().get(0).get("count").text());
            assertEquals("b", log.children().get(1).get("object").text());
            assertEquals("key", log.children().get(1).get("reason").text());
            assertEquals("toplevel", log.children().get(1).get("context").text());
            assertEquals("m", log.children().get(1).get("username").text());
            admin.call("CONFIG", "SET", "acllog-max-len", "128");
        }
    }

    private static long stat(String info, String field) {
        int at = info.indexOf(field + ":");
        return Long.parseLong(info.substring(at + field.length() + 1, info.indexOf("\r\n", at)));
    }

    @Test
    void binaryPasswordsAndPatternsKeepEveryByte() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection c = cinnabar.connect()) {
            byte[] password = {'>', (byte) 0xff, 0, (byte) 0x80};
            byte[] pattern = {'~', (byte) 0xe9, '*'};
            assertEquals("+OK\r\n", admin.call("ACL".getBytes(), "SETUSER".getBytes(), "bin".getBytes(), "on".getBytes(),
                    password, pattern, "+@all".getBytes()));
            byte[] clear = java.util.Arrays.copyOfRange(password, 1, password.length);
            assertTrue(admin.call("ACL", "GETUSER", "bin").contains(Passwords.hash(clear)));
            assertEquals("+OK\r\n", c.call("AUTH".getBytes(), "bin".getBytes(), clear));
            assertEquals("$-1\r\n", c.call("GET".getBytes(), new byte[] {(byte) 0xe9, 'x'}));
            assertEquals("-NOPERM No permissions to access a key\r\n", c.call("GET".getBytes(), new byte[] {(byte) 0xe8}));
        }
    }

    @Test
    void genpassGivesRandomHex() throws IOException {
        try (RespConnection c = cinnabar.connect()) {
            String a = RespTree.parse(c.call("ACL", "GENPASS")).text();
            assertTrue(a.matches("[0-9a-f]{64}"), a);
            assertTrue(RespTree.parse(c.call("ACL", "GENPASS", "5")).text().matches("[0-9a-f]{2}"));
            assertFalse(a.equals(RespTree.parse(c.call("ACL", "GENPASS")).text()));
        }
    }
}
