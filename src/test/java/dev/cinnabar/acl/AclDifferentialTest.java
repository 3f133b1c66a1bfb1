package dev.cinnabar.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.PairedConnections;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ReferenceVersion;
import dev.cinnabar.testing.RespConnection;
import dev.cinnabar.testing.RespTree;
import dev.cinnabar.testing.Scenario;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;

/**
 * ACL commands, rules and error texts compared byte for byte with a real redis-server, in RESP2 and RESP3: every rule
 * kind through ACL SETUSER / GETUSER / LIST, the error of each invalid rule, ACL DRYRUN for commands, keys and
 * channels, and the NOPERM errors of commands run at top level, in MULTI / EXEC and in scripts.
 */
class AclDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** Redis 7.2 changed most ACL texts (NOPERM errors, rule descriptions, log fields): compare with 7.2 only. */
    @BeforeAll
    static void referenceIs72() throws IOException {
        try (RespConnection r = redis.connect()) {
            Assumptions.assumeTrue(ReferenceVersion.of(r).is72(),
                    "the reference is older than 7.2; AclIntegrationTest asserts Cinnabar's 7.2 answers directly");
        }
    }

    @BeforeEach
    void resetUsers() throws IOException {
        for (int port : new int[] {cinnabar.port(), redis.port()}) resetUsers(port);
    }

    /** Back to the default user alone, with every permission and no password. */
    static void resetUsers(int port) throws IOException {
        try (RespConnection c = new RespConnection(port)) {
            c.call("AUTH", "default", "x"); // in case a test left a password
            c.call("ACL", "SETUSER", "default", "reset", "on", "nopass", "~*", "&*", "+@all");
            for (String user : RespTree.parse(c.call("ACL", "USERS")).children().stream().map(RespTree::text).toList()) {
                if (!user.equals("default")) c.call("ACL", "DELUSER", user);
            }
            c.call("ACL", "LOG", "RESET");
        }
    }

    private static PairedConnections connect(int protocol) throws IOException {
        return PairedConnections.open(cinnabar, redis, protocol);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void everyRuleKindShowsAsRedisShowsIt(int protocol) throws IOException {
        try (PairedConnections c = connect(protocol)) {
            c.same("ACL", "SETUSER", "alice", "on", ">pw", "~app:*", "+@read");
            c.same("ACL", "GETUSER", "alice");
            c.same("ACL", "SETUSER", "bob", "%R~r*", "%W~w*", "%RW~rw*", "~a", "~a", "%R~a", "&ch*", "&ch*", "+get",
                    "+config|get", "-@all", "+@write", "-set", "+select|0", "+SELECT|1", "(~x +set)", "(&foo", "bar +get)");
            c.same("ACL", "GETUSER", "bob");
            c.same("ACL", "SETUSER", "carol", "on", "nopass", "allkeys", "allchannels", "allcommands", "-@dangerous",
                    "+config|get", "-client|kill", "+client", "skip-sanitize-payload");
            c.same("ACL", "GETUSER", "carol");
            c.same("ACL", "SETUSER", "carol", "nocommands", "resetkeys", "resetchannels", "sanitize-payload", "off");
            c.same("ACL", "GETUSER", "carol");
            c.same("ACL", "SETUSER", "dave", "on", ">a", ">b", ">a", "<b",
                    "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                    "!5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", "+@all", "-@write", "+@WRITE",
                    "-@keyspace", "+del", "~*", "&*");
            c.same("ACL", "GETUSER", "dave");
            c.same("ACL", "SETUSER", "dave", "resetpass", "clearselectors");
            c.same("ACL", "GETUSER", "dave");
            c.same("ACL", "SETUSER", "erin", "on", ">x", "(~a +get)", "reset");
            c.same("ACL", "GETUSER", "erin");
            c.same("ACL", "SETUSER", "frank", "", "+@ALL", "-CONFIG|SET", "-config", "+config|get");
            c.same("ACL", "GETUSER", "frank");
            c.same("ACL", "GETUSER", "nobody");
            c.same("ACL", "LIST");
            c.same("ACL", "USERS");
            c.same("ACL", "WHOAMI");
        }
    }

    @Test
    void invalidRulesAreRejectedWithRedisErrors() throws IOException {
        try (PairedConnections c = connect(2)) {
            c.same("ACL", "SETUSER", "x", "+nosuchcommand");
            c.same("ACL", "SETUSER", "x", "-nosuchcommand");
            c.same("ACL", "SETUSER", "x", "+@nosuchcategory");
            c.same("ACL", "SETUSER", "x", "+config|nosuch");
            c.same("ACL", "SETUSER", "x", "-select|0");
            c.same("ACL", "SETUSER", "x", "+config|get|x");
            c.same("ACL", "SETUSER", "x", "+select|");
            c.same("ACL", "SETUSER", "x", "bogus");
            c.same("ACL", "SETUSER", "x", "~a", "allkeys", "~b");
            c.same("ACL", "SETUSER", "x", "allchannels", "&b");
            c.same("ACL", "SETUSER", "x", "#abc");
            c.same("ACL", "SETUSER", "x", "#5E884898DA28047151D0E56F8DC6292773603D0D6AABBDD62A11EF721D1542D8");
            c.same("ACL", "SETUSER", "x", "<notthere");
            c.same("ACL", "SETUSER", "x", "%RX~a");
            c.same("ACL", "SETUSER", "x", "%W");
            c.same("ACL", "SETUSER", "x", "(~a", "+get");
            c.same("ACL", "SETUSER", "x", "(~a +nosuch)");
            c.same("ACL", "SETUSER", "x", "(bogus)");
            c.same("ACL", "SETUSER", "x", "~a b");
            c.same("ACL", "SETUSER", "a b");
            c.same("ACL", "SETUSER", "x", "on", "bogus");
            c.same("ACL", "USERS"); // nothing was created by the failed attempts
            c.same("ACL", "DELUSER", "default");
            c.same("ACL", "DELUSER", "nobody", "default");
            c.same("ACL", "DELUSER", "nobody");
            c.same("ACL", "CAT", "nosuch");
            c.same("ACL", "CAT", "read", "extra");
            c.same("ACL", "GENPASS", "0");
            c.same("ACL", "GENPASS", "4097");
            c.same("ACL", "GENPASS", "x");
            c.same("ACL", "GENPASS", "1", "2");
            c.same("ACL", "LOG", "x");
            c.same("ACL", "LOG", "1", "2");
            c.same("ACL", "LOAD");
            c.same("ACL", "SAVE");
            c.same("ACL", "NOSUCH");
            c.same("ACL", "GETUSER");
            c.same("ACL", "HELP");
        }
    }

    @Test
    void dryRunChecksCommandsKeysAndChannels() throws IOException {
        try (PairedConnections c = connect(2)) {
            c.same("ACL", "SETUSER", "u", "on", "nopass", "+@all", "resetkeys", "%R~r*", "%W~w*", "~rw*", "&a*");
            String[][] lines = {
                {"get", "r1"}, {"get", "w1"}, {"set", "w1", "x"}, {"set", "r1", "x"}, {"copy", "r1", "w1"},
                {"copy", "w1", "r1"}, {"lmove", "r1", "w1", "left", "right"}, {"lmove", "rw1", "r1", "left", "right"},
                {"sort", "r1", "store", "w1"}, {"eval", "", "2", "r1", "w1"}, {"object", "encoding", "w1"},
                {"exists", "w1"}, {"del", "r1"}, {"mset", "w1", "a", "r1", "b"}, {"subscribe", "ab", "bc"},
                {"psubscribe", "a*"}, {"psubscribe", "ab"}, {"publish", "bc", "x"}, {"publish", "ab", "x"},
                {"spublish", "bc", "x"}, {"ssubscribe", "ab", "bc"}, {"unsubscribe", "zz"},
            };
            for (String[] line : lines) c.same(concat(new String[] {"ACL", "DRYRUN", "u"}, line));
            c.same("ACL", "SETUSER", "v", "on", "-@all", "+select|0", "+config|get", "+client", "-client|kill");
            c.same("ACL", "DRYRUN", "v", "select", "0");
            c.same("ACL", "DRYRUN", "v", "select", "1");
            c.same("ACL", "DRYRUN", "v", "config", "get", "x");
            c.same("ACL", "DRYRUN", "v", "config", "set", "x", "y");
            c.same("ACL", "DRYRUN", "v", "client", "list");
            c.same("ACL", "DRYRUN", "v", "client", "kill", "id", "1");
            c.same("ACL", "DRYRUN", "v", "auth", "x");
            c.same("ACL", "DRYRUN", "nobody", "get", "x");
            c.same("ACL", "DRYRUN", "v", "nosuch");
            c.same("ACL", "DRYRUN", "v", "get");
            c.same("ACL", "DRYRUN", "v", "config");
            c.same("ACL", "SETUSER", "w", "on", "+get", "~a", "(+set ~b)", "(+get ~c)");
            c.same("ACL", "DRYRUN", "w", "get", "c");
            c.same("ACL", "DRYRUN", "w", "get", "b");
            c.same("ACL", "DRYRUN", "w", "set", "a", "1");
            c.same("ACL", "DRYRUN", "w", "set", "b", "1");
            c.same("ACL", "DRYRUN", "w", "del", "b");
            c.same("ACL", "SETUSER", "sorter", "on", "nopass", "+@all", "~l", "(%R~* +sort)");
            c.same("ACL", "SETUSER", "narrow", "on", "nopass", "+@all", "~l");
            c.same("RPUSH", "l", "1", "2");
            for (String user : new String[] {"sorter", "narrow"}) {
                c.same("AUTH", user, "x");
                c.same("SORT", "l", "BY", "w_*");
                c.same("SORT", "l", "BY", "nosort");
                c.same("SORT", "l", "GET", "#");
                c.same("SORT", "l", "GET", "h_*->f");
                c.same("AUTH", "default", "x");
            }
        }
    }

    /** Read and write key permissions over commands whose keys are read, written, both, or depend on arguments. */
    @Test
    void keyPermissionsFollowTheKeySpecs() throws IOException {
        String[][] lines = {
            {"set", "K", "v"}, {"set", "K", "v", "get"}, {"getdel", "K"}, {"getex", "K"}, {"append", "K", "v"},
            {"incr", "K"}, {"strlen", "K"}, {"setrange", "K", "0", "v"}, {"getrange", "K", "0", "1"},
            {"lpush", "K", "v"}, {"lrange", "K", "0", "1"}, {"lpop", "K"}, {"blmove", "K", "K", "left", "left", "0"},
            {"rpoplpush", "K", "K"}, {"hset", "K", "f", "v"}, {"hget", "K", "f"}, {"hincrby", "K", "f", "1"},
            {"sadd", "K", "m"}, {"smembers", "K"}, {"sinterstore", "K", "K"}, {"smove", "K", "K", "m"},
            {"zadd", "K", "1", "m"}, {"zrange", "K", "0", "1"}, {"zrangestore", "K", "K", "0", "1"},
            {"zunionstore", "K", "1", "K"}, {"zpopmin", "K"}, {"expire", "K", "1"}, {"ttl", "K"}, {"del", "K"},
            {"unlink", "K"}, {"exists", "K"}, {"type", "K"}, {"touch", "K"}, {"rename", "K", "K"}, {"dump", "K"},
            {"restore", "K", "0", "x"}, {"sort", "K"}, {"sort", "K", "store", "K"}, {"sort_ro", "K"},
            {"bitfield", "K", "get", "u8", "0"}, {"bitfield", "K", "set", "u8", "0", "1"}, {"bitfield_ro", "K", "get", "u8", "0"},
            {"setbit", "K", "0", "1"}, {"bitop", "and", "K", "K"}, {"pfadd", "K", "a"}, {"pfcount", "K"},
            {"pfmerge", "K", "K"}, {"geoadd", "K", "1", "1", "m"}, {"georadius", "K", "1", "1", "1", "km", "store", "K"},
            {"geosearchstore", "K", "K", "fromlonlat", "1", "1", "byradius", "1", "km"}, {"xadd", "K", "*", "f", "v"},
            {"xrange", "K", "-", "+"}, {"xread", "streams", "K", "0"}, {"xreadgroup", "group", "g", "c", "streams", "K", ">"},
            {"xgroup", "create", "K", "g", "$"}, {"xack", "K", "g", "0-1"}, {"xtrim", "K", "maxlen", "1"},
            {"object", "encoding", "K"}, {"eval", "", "1", "K"}, {"fcall", "f", "1", "K"},
            {"lmpop", "1", "K", "left"}, {"zmpop", "1", "K", "min"}, {"watch", "K"}, {"copy", "K", "K"},
            {"lcs", "K", "K"}, {"msetnx", "K", "v"}, {"mget", "K"}, {"hrandfield", "K"}, {"spop", "K"},
        };
        try (PairedConnections c = connect(2)) {
            c.same("ACL", "SETUSER", "k", "on", "nopass", "+@all", "%R~r*", "%W~w*");
            for (String[] line : lines) {
                for (String key : new String[] {"r1", "w1"}) {
                    String[] command = concat(new String[] {"ACL", "DRYRUN", "k"}, line);
                    for (int i = 0; i < command.length; i++) if (command[i].equals("K")) command[i] = key;
                    c.same(command);
                }
            }
        }
    }

    /** Each category holds exactly the commands Redis puts in it, among those Cinnabar has (Redis has a few more). */
    @Test
    void categoriesListTheTableCommands() throws IOException {
        try (PairedConnections c = connect(2)) {
            c.same("ACL", "CAT");
            for (String category : RespTree.parse(c.cinnabar().call("ACL", "CAT")).strings()) {
                java.util.Set<String> ours = new java.util.TreeSet<>(
                        RespTree.parse(c.cinnabar().call("ACL", "CAT", category)).strings());
                java.util.Set<String> expected = new java.util.TreeSet<>();
                for (String name : RespTree.parse(c.redis().call("ACL", "CAT", category.toUpperCase())).strings()) {
                    RespTree info = RespTree.parse(c.cinnabar().call("COMMAND", "INFO", name)).children().get(0);
                    if (info.isAggregate()) expected.add(name);
                }
                assertEquals(expected, ours, category);
            }
        }
    }

    @Test
    void aUserLimitedToAppKeysAndReadCommandsCanReadAppKeysOnly() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "SET", "app:1", "v");
            s.call(0, "SET", "other", "v");
            s.call(0, "ACL", "SETUSER", "reader", "on", ">pw", "~app:*", "+@read");
            s.call(1, "AUTH", "reader", "wrong");
            s.call(1, "AUTH", "reader", "pw");
            s.call(1, "GET", "app:1");
            s.call(1, "MGET", "app:1", "app:2");
            s.call(1, "GET", "other");
            s.call(1, "MGET", "app:1", "other");
            s.call(1, "SET", "app:1", "x");
            s.call(1, "DEL", "app:1");
            s.call(1, "EXISTS", "app:1", "app:2");
            s.call(1, "EXISTS", "other");
            s.call(1, "ACL", "WHOAMI");
            s.call(1, "CONFIG", "GET", "port");
            s.call(1, "PING");
            s.call(1, "CLIENT", "ID");
            s.call(1, "AUTH", "default", "anything");
            s.call(1, "SET", "other", "x");
        });
    }

    @Test
    void transactionsAreCheckedWhenQueuedAndAtExec() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "ACL", "SETUSER", "t", "on", "nopass", "~*", "+@all", "-set");
            s.call(1, "AUTH", "t", "x");
            s.call(1, "MULTI");
            s.call(1, "SET", "k", "v");
            s.call(1, "GET", "k");
            s.call(1, "EXEC");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "INCR", "n");
            s.call(1, "PUBLISH", "ch", "m");
            s.call(0, "ACL", "SETUSER", "t", "-incr", "resetkeys", "~k");
            s.call(1, "EXEC");
            s.call(1, "MULTI");
            s.call(1, "GET", "k");
            s.call(1, "GET", "n");
            s.call(0, "ACL", "SETUSER", "t", "-get");
            s.call(1, "EXEC");
            s.call(0, "ACL", "SETUSER", "t", "-exec");
            s.call(1, "MULTI");
            s.call(1, "EXEC");
        });
    }

    @Test
    void scriptsRunAsTheCallersUser() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "ACL", "SETUSER", "lua", "on", "nopass", "~app:*", "+@read", "+@scripting", "&c1");
            s.call(1, "AUTH", "lua", "x");
            s.call(1, "EVAL", "return redis.call('get','app:1')", "0");
            s.call(1, "EVAL", "return redis.call('get','other')", "0");
            s.call(1, "EVAL", "return redis.call('set','app:1','x')", "0");
            s.call(1, "EVAL", "return redis.pcall('set','app:1','x')", "0");
            s.call(1, "EVAL", "return redis.call('publish','c2','x')", "0");
            s.call(1, "EVAL", "return redis.acl_check_cmd('get','other')", "0");
            s.call(1, "EVAL", "return redis.acl_check_cmd('get','app:2')", "0");
            s.call(1, "EVAL", "return redis.acl_check_cmd('set','app:2','x')", "0");
            s.call(1, "EVAL", "return redis.acl_check_cmd('nosuch')", "0");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void authAndHelloAuth(int protocol) throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            if (protocol == 3) s.resp3(1);
            s.call(0, "ACL", "SETUSER", "h", "on", ">pw", "+@all", "~*");
            s.call(0, "ACL", "SETUSER", "disabled", "off", ">pw", "+@all");
            s.call(0, "ACL", "SETUSER", "free", "on", "nopass", "+acl");
            s.call(1, "AUTH", "pw");
            s.call(1, "AUTH", "a", "b", "c");
            s.call(1, "AUTH", "nobody", "pw");
            s.call(1, "AUTH", "disabled", "pw");
            s.call(1, "AUTH", "free", "anything");
            s.call(1, "ACL", "WHOAMI");
            s.call(1, "HELLO", "2", "AUTH", "h", "wrong");
            s.call(1, "ACL", "WHOAMI");
            s.call(1, "HELLO", "2", "AUTH", "h");
            s.call(1, "HELLO", "4", "AUTH", "h", "pw");
            s.call(1, "CLIENT", "SETNAME", "n");
            s.call(0, "CONFIG", "SET", "requirepass", "secret");
            s.call(0, "ACL", "GETUSER", "default");
            s.call(2, "GET", "x");
            s.call(2, "HELLO", "2");
            s.call(2, "AUTH", "wrong");
            s.call(2, "AUTH", "secret");
            s.call(2, "ACL", "WHOAMI");
            s.call(3, "AUTH", "default", "secret");
            s.call(3, "ACL", "SETUSER", "default", ">second");
            s.call(4, "AUTH", "second");
            s.call(4, "CONFIG", "SET", "requirepass", "");
            s.call(4, "ACL", "GETUSER", "default");
            s.call(5, "AUTH", "x");
            s.call(5, "ACL", "SETUSER", "default", "off");
            s.call(6, "PING");
            s.call(6, "AUTH", "h", "pw");
            s.call(6, "ACL", "SETUSER", "default", "on");
        });
    }

    @Test
    void channelPermissions() throws Exception {
        Scenario.assertSame(cinnabar, redis, s -> {
            s.call(0, "ACL", "SETUSER", "p", "on", "nopass", "+@all", "~*", "resetchannels", "&news.*", "&exact");
            s.call(1, "AUTH", "p", "x");
            s.call(1, "PUBLISH", "news.today", "m");
            s.call(1, "PUBLISH", "sports", "m");
            s.call(1, "SPUBLISH", "sports", "m");
            s.call(1, "SUBSCRIBE", "news.a", "sports");
            s.call(1, "PSUBSCRIBE", "news.*");
            s.call(1, "PSUBSCRIBE", "news.a*");
            s.call(1, "SSUBSCRIBE", "exact", "other");
            s.call(1, "PUNSUBSCRIBE", "whatever");
            s.call(1, "SUBSCRIBE", "news.a", "exact");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aclLogRecordsDenials(int protocol) throws Exception {
        try (PairedConnections c = connect(protocol)) {
            c.same("ACL", "SETUSER", "logged", "on", ">pw", "~app:*", "+@read", "+multi", "+discard", "+eval", "&ch");
            for (RespConnection conn : new RespConnection[] {c.cinnabar(), c.redis()}) {
                conn.call("AUTH", "logged", "bad");
                conn.call("AUTH", "logged", "pw");
                conn.call("GET", "other");
                conn.call("GET", "other");
                conn.call("SET", "app:1", "x");
                conn.call("PUBLISH", "other", "x");
                conn.call("MULTI");
                conn.call("GET", "secret");
                conn.call("DISCARD");
                conn.call("EVAL", "return redis.call('get','hidden')", "0");
                conn.call("AUTH", "default", "x");
            }
            c.same(AclDifferentialTest::deterministicLogFields, "ACL", "LOG");
            c.same(AclDifferentialTest::deterministicLogFields, "ACL", "LOG", "2");
            c.same("ACL", "LOG", "0");
            c.same("ACL", "LOG", "-1");
            c.same("ACL", "LOG", "RESET");
            c.same("ACL", "LOG");
        }
    }

    @Test
    void logLengthAndPubSubDefaultFollowTheirSettings() throws IOException {
        try (PairedConnections c = connect(2)) {
            c.same("CONFIG", "SET", "acllog-max-len", "2");
            c.same("ACL", "SETUSER", "m", "on", "nopass", "+get");
            for (RespConnection conn : new RespConnection[] {c.cinnabar(), c.redis()}) {
                conn.call("AUTH", "m", "x");
                for (String key : new String[] {"a", "b", "c"}) conn.call("GET", key);
                conn.call("AUTH", "default", "x");
            }
            c.same(AclDifferentialTest::deterministicLogFields, "ACL", "LOG");
            c.same("CONFIG", "SET", "acllog-max-len", "128");
            c.same("CONFIG", "SET", "acl-pubsub-default", "allchannels");
            c.same("ACL", "SETUSER", "everywhere", "on", "reset", "+@all");
            c.same("ACL", "GETUSER", "everywhere");
            c.same("CONFIG", "GET", "acl-pubsub-default");
            c.same("CONFIG", "SET", "acl-pubsub-default", "resetchannels");
            c.same("CONFIG", "GET", "acllog-max-len");
            c.same("CONFIG", "GET", "aclfile");
        }
    }

    /**
     * ACL LOG without its times and client descriptions, which differ between any two servers, and with entry ids
     * counted from the oldest shown (the server's count runs on across tests).
     */
    static String deterministicLogFields(String reply) {
        StringBuilder out = new StringBuilder();
        List<RespTree> entries = RespTree.parse(reply).children();
        long firstId = entries.isEmpty() ? 0 : Long.parseLong(entries.getLast().get("entry-id").text());
        for (RespTree entry : entries) {
            List<RespTree> fields = entry.children();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = fields.get(i).text();
                switch (name) {
                    case "age-seconds", "client-info", "timestamp-created", "timestamp-last-updated" ->
                            out.append(name).append(" of type ").append(fields.get(i + 1).type()).append('\n');
                    case "entry-id" -> out.append(name).append('=')
                            .append(Long.parseLong(fields.get(i + 1).text()) - firstId).append('\n');
                    default -> out.append(name).append('=').append(fields.get(i + 1).text()).append('\n');
                }
            }
            out.append("--\n");
        }
        return out.toString();
    }

    @Test
    void logEntryClientInfoNamesTheUserAndCommand() throws IOException {
        try (RespConnection admin = cinnabar.connect(); RespConnection user = cinnabar.connect()) {
            admin.call("ACL", "SETUSER", "described", "on", "nopass", "+get", "~a");
            user.call("AUTH", "described", "x");
            user.call("GET", "b");
            user.call("GET", "b");
            RespTree entry = RespTree.parse(admin.call("ACL", "LOG", "1")).children().get(0);
            String info = entry.get("client-info").text();
            org.junit.jupiter.api.Assertions.assertTrue(info.contains(" cmd=get user=described "), info);
            assertEquals("2", entry.get("count").text());
            assertEquals(entry.get("timestamp-created").text().length(), 13);
        }
    }

    /**
     * Which clients each server disconnects: revoking a channel closes the user's clients subscribed to it (a
     * pattern subscription survives when the same pattern is still allowed), deleting a user closes its clients.
     */
    @Test
    void revokedChannelsAndDeletedUsersDisconnectClients() throws IOException {
        assertEquals(List.of(true, false, false, false, true, true), disconnections(redis.port()));
        assertEquals(disconnections(redis.port()), disconnections(cinnabar.port()));
    }

    private static List<Boolean> disconnections(int port) throws IOException {
        resetUsers(port);
        try (RespConnection admin = new RespConnection(port); RespConnection channel = new RespConnection(port);
             RespConnection pattern = new RespConnection(port); RespConnection plain = new RespConnection(port);
             RespConnection doomed = new RespConnection(port); RespConnection doomedToo = new RespConnection(port)) {
            admin.call("ACL", "SETUSER", "s", "on", "nopass", "+@all", "~*", "resetchannels", "&news.*", "&sports");
            admin.call("ACL", "SETUSER", "gone", "on", "nopass", "+@all");
            for (RespConnection c : List.of(channel, pattern, plain)) c.call("AUTH", "s", "x");
            channel.call("SUBSCRIBE", "sports");
            pattern.call("PSUBSCRIBE", "news.*");
            doomed.call("AUTH", "gone", "x");
            doomedToo.call("AUTH", "gone", "x");
            admin.call("ACL", "SETUSER", "s", "resetchannels", "&news.*", "&weather");
            admin.call("ACL", "DELUSER", "gone");
            List<Boolean> closed = new java.util.ArrayList<>();
            for (RespConnection c : List.of(channel, pattern, plain, admin, doomed, doomedToo)) {
                closed.add(c.isClosedByServer(300));
            }
            return closed;
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
