package dev.cinnabar.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.Commands;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.CommandTable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The rule language and the checks of users and selectors, without a server. */
class UserRulesTest {
    private static final CommandTable TABLE = Commands.table();
    private static final CommandIndex COMMANDS = new CommandIndex(TABLE);

    private static User user(String... rules) throws RuleError {
        User u = new User("u", COMMANDS, false);
        for (String r : rules) u.apply(r);
        return u;
    }

    private static int check(User u, String... line) {
        byte[][] argv = new byte[line.length][];
        for (int i = 0; i < line.length; i++) argv[i] = line[i].getBytes(StandardCharsets.UTF_8);
        CommandSpec cmd = TABLE.lookup(argv, 0, argv.length);
        return u.check(cmd, argv, argv.length, new PermissionCheck());
    }

    @Test
    void commandRulesKeepTheirOrderAndReplaceEarlierOnes() throws RuleError {
        assertEquals("-@all", user().root().describeCommands());
        assertEquals("+@all -get +@write", user("+@all", "-get", "+@write").root().describeCommands());
        assertEquals("-@all +client|list -config +get",
                user("+config|get", "+client|list", "-config", "+GET").root().describeCommands());
        assertEquals("-@all +select|1 +select|0", user("+select|0", "+select|1", "+select|0").root().describeCommands());
        assertEquals("+@all", user("-@all", "+get", "allcommands").root().describeCommands());
    }

    @Test
    void commandBitsFollowCommandsCategoriesAndFirstArguments() throws RuleError {
        User u = user("+@read", "-get", "+config|get", "+select|0");
        assertEquals(Selector.DENIED_CMD, check(u, "get", "k"));
        assertEquals(Selector.DENIED_KEY, check(u, "mget", "k")); // the command is allowed, no key is
        assertEquals(Selector.DENIED_CMD, check(u, "config", "set", "a", "b"));
        assertEquals(Selector.OK, check(u, "config", "get", "a"));
        assertEquals(Selector.OK, check(u, "select", "0"));
        assertEquals(Selector.DENIED_CMD, check(u, "select", "1"));
        assertEquals(Selector.OK, check(u, "auth", "x")); // no-auth commands are always allowed
    }

    @Test
    void keyPatternsCarryReadAndWritePermissions() throws RuleError {
        User u = user("+@all", "%R~r*", "%W~w*", "~a*", "%R~a*");
        assertEquals("%R~r* %W~w* ~a*", u.root().describeKeys());
        assertEquals(Selector.OK, check(u, "get", "r1"));
        assertEquals(Selector.DENIED_KEY, check(u, "set", "r1", "v"));
        assertEquals(Selector.OK, check(u, "set", "w1", "v"));
        assertEquals(Selector.DENIED_KEY, check(u, "get", "w1"));
        assertEquals(Selector.OK, check(u, "copy", "r1", "w1"));
        assertEquals(Selector.DENIED_KEY, check(u, "lmove", "r1", "w1", "left", "left")); // LMOVE also deletes
        assertTrue(u.root().keyAllowed("a1".getBytes(), dev.cinnabar.command.KeyFlag.ACCESS.bit));
        assertThrows(RuleError.class, () -> user("allkeys", "~x"));
    }

    @Test
    void theMostRelevantDenialWins() throws RuleError {
        User u = user("+get", "~a", "(+publish &c)", "(+subscribe ~x)");
        assertEquals(Selector.DENIED_CHANNEL, check(u, "publish", "d", "m")); // channel beats command
        assertEquals(Selector.DENIED_KEY, check(u, "get", "b"));
        assertEquals(Selector.OK, check(u, "publish", "c", "m"));
    }

    @Test
    void passwordsAreHashesComparedWholly() throws RuleError {
        User u = user(">one", "#" + Passwords.hash("two".getBytes()));
        assertEquals(List.of(Passwords.hash("one".getBytes()), Passwords.hash("two".getBytes())), u.passwords());
        assertTrue(u.passwordMatches("two".getBytes()));
        assertFalse(u.passwordMatches("three".getBytes()));
        u.apply("<one");
        assertFalse(u.passwordMatches("one".getBytes()));
        assertEquals(RuleError.Kind.NO_SUCH_PASSWORD, assertThrows(RuleError.class, () -> u.apply("<one")).kind);
        u.apply("nopass");
        assertTrue(u.passwordMatches("anything".getBytes()));
        assertEquals(RuleError.Kind.BAD_HASH, assertThrows(RuleError.class, () -> u.apply("#ABC")).kind);
    }

    @Test
    void onlyAUserWithEveryPermissionIsUnrestricted() throws RuleError {
        assertTrue(user("+@all", "~*", "&*").unrestricted());
        assertFalse(user("+@all", "~*", "&*", "-debug").unrestricted());
        assertFalse(user("+@all", "~*").unrestricted());
        assertFalse(user("+@all", "~*", "&*", "(+get)").unrestricted());
        assertTrue(user("+@all", "~*", "&*", "(+get)", "clearselectors").unrestricted());
    }

    @Test
    void selectorsSpreadOverArgumentsAreJoined() {
        assertEquals(List.of("on", "(~a +get)", "(&b)"),
                Acl.mergeSelectors(List.of("on", "(~a", "+get)", "(&b)"), new int[1]));
        int[] at = new int[1];
        assertNull(Acl.mergeSelectors(List.of("on", "(~a", "+get"), at));
        assertEquals(1, at[0]);
    }

    @Test
    void describeRecreatesTheUser() throws RuleError {
        User u = user("on", ">pw", "~k*", "&c", "+@read", "-get", "(%W~w* +set)");
        assertEquals("on sanitize-payload #" + Passwords.hash("pw".getBytes())
                + " ~k* resetchannels &c -@all +@read -get (%W~w* resetchannels -@all +set)", u.describe());
        User again = new User("again", COMMANDS, false);
        for (String rule : Acl.mergeSelectors(List.of(u.describe().split(" ")), new int[1])) again.apply(rule);
        assertEquals(u.describe(), again.describe());
    }
}
