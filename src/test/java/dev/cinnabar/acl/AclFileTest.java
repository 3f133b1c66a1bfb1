package dev.cinnabar.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.CinnabarServer;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Users from configuration: the ACL file (loaded at start-up, ACL LOAD / SAVE, Redis's error report for invalid
 * lines) and redis.conf {@code user} lines, with the start-up errors Redis gives when they are wrong or mixed.
 */
class AclFileTest {
    @TempDir
    Path dir;

    private static final String ALICE_PW_HASH = Passwords.hash("pw".getBytes());

    @Test
    void aclFileIsLoadedAtStartupAndByAclLoad() throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user alice on >pw ~* +@all\nuser default on nopass ~* &* +@all\n");
        try (CinnabarServer server = TestServer.start("aclfile " + file);
             RespConnection c = new RespConnection(server.port());
             RespConnection alice = new RespConnection(server.port())) {
            assertEquals("*2\r\n$" + (55 + 64) + "\r\nuser alice on sanitize-payload #" + ALICE_PW_HASH
                    + " ~* resetchannels +@all\r\n$51\r\nuser default on nopass sanitize-payload ~* &* +@all\r\n",
                    c.call("ACL", "LIST"));
            assertEquals("+OK\r\n", alice.call("AUTH", "alice", "pw"));

            Files.writeString(file, "user bob on +nosuch\nfoo bar\nuser bob\nuser carol (~x\n"
                    + "user dave #zz ~a allkeys\n\n  \nuser eve on +get -@nosuch\n");
            String f = file.toString();
            assertEquals("-ERR " + f + ":1: Error in applying operation '+nosuch': Unknown command or category name "
                    + "in ACL. " + f + ":2 should start with user keyword followed by the username. WARNING: Duplicate "
                    + "user 'bob' found on line 3. " + f + ":4: Unmatched parenthesis in selector definition." + f
                    + ":5: The password hash must be exactly 64 characters and contain only lowercase hexadecimal "
                    + "characters. " + f + ":8: Error in applying operation '-@nosuch': Unknown command or category "
                    + "name in ACL. WARNING: ACL errors detected, no change to the previously active ACL rules was "
                    + "performed\r\n", c.call("ACL", "LOAD"));
            assertTrue(c.call("ACL", "USERS").contains("alice"));

            // a successful load replaces every user; the clients of the users it replaced are disconnected
            Files.writeString(file, "user x on ~* +@all\n");
            assertEquals("+OK\r\n", c.call("ACL", "LOAD"));
            assertEquals("*2\r\n$7\r\ndefault\r\n$1\r\nx\r\n", c.call("ACL", "USERS"));
            assertTrue(alice.isClosedByServer(2000));
            assertEquals("$-1\r\n", c.call("ACL", "GETUSER", "alice"));

            Files.delete(file);
            assertEquals("-ERR Error loading ACLs, opening file '" + f + "': No such file or directory\r\n",
                    c.call("ACL", "LOAD"));
        }
    }

    @Test
    void aclSaveWritesEveryUser() throws Exception {
        Path file = dir.resolve("saved.acl");
        Files.writeString(file, "");
        try (CinnabarServer server = TestServer.start("aclfile " + file);
             RespConnection c = new RespConnection(server.port())) {
            c.call("ACL", "SETUSER", "y", "on", ">pw", "(~a +get)");
            assertEquals("+OK\r\n", c.call("ACL", "SAVE"));
            assertEquals("user default on nopass sanitize-payload ~* &* +@all\n"
                    + "user y on sanitize-payload #" + ALICE_PW_HASH + " resetchannels -@all (~a resetchannels -@all "
                    + "+get)\n", Files.readString(file));
            c.call("ACL", "DELUSER", "y");
            assertEquals("+OK\r\n", c.call("ACL", "LOAD"));
            assertTrue(c.call("ACL", "USERS").contains("$1\r\ny\r\n"));
        }
    }

    @Test
    void withoutAnAclFileLoadAndSaveExplain() throws Exception {
        try (CinnabarServer server = TestServer.start(); RespConnection c = new RespConnection(server.port())) {
            String expected = "-ERR This Redis instance is not configured to use an ACL file. You may want to specify "
                    + "users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis "
                    + "configuration file set) in order to store users in the Redis configuration.\r\n";
            assertEquals(expected, c.call("ACL", "LOAD"));
            assertEquals(expected, c.call("ACL", "SAVE"));
        }
    }

    @Test
    void userLinesOfTheConfigFile() throws Exception {
        try (CinnabarServer server = TestServer.start("requirepass foo", "user default on >bar +@all ~*",
                "user alice on nopass \"(~a +get)\" +set");
             RespConnection c = new RespConnection(server.port())) {
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.call("AUTH", "foo"));
            assertEquals("+OK\r\n", c.call("AUTH", "bar"));
            String list = c.call("ACL", "LIST");
            assertTrue(list.contains("\r\nuser alice on nopass sanitize-payload resetchannels -@all +set (~a resetchannels "
                    + "-@all +get)\r\n"), list);
            assertTrue(list.contains("\r\nuser default on sanitize-payload #" + Passwords.hash("bar".getBytes())
                    + " ~* resetchannels +@all\r\n"), list);
        }
    }

    @Test
    void invalidUserConfigurationStopsStartup() {
        assertEquals("Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is "
                + "invalid. This setup is very likely to lead to configuration errors and security holes, please "
                + "define either an ACL file or declare users directly in your redis.conf, but not both.",
                startupError("user alice on", "aclfile " + dir.resolve("x.acl")));
        assertTrue(startupError("user alice on badrule").endsWith(
                ">>> 'user alice on badrule'\nError in user declaration 'alice': Syntax error"));
        assertTrue(startupError("user alice on", "user alice off").endsWith(">>> 'user alice off'\nError in user "
                + "declaration 'alice': Duplicate user found. A user can only be defined once in config files"));
        assertTrue(startupError("user alice (~a").endsWith("Error in user declaration 'user': Wrong format"));
        assertEquals("Critical error while loading ACLs. Exiting.", startupError("user alice on +nosuch"));
        assertTrue(startupError("aclfile " + dir.resolve("missing.acl"))
                .startsWith("Aborting Redis startup because of ACL errors: Error loading ACLs, opening file"));
    }

    private static String startupError(String... lines) {
        return assertThrows(IllegalStateException.class, () -> TestServer.start(lines).close()).getMessage();
    }
}
