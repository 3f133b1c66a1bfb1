package dev.cinnabar.testing;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the reference redis-server (from INFO server), for the few behaviours that changed between the
 * releases a differential test may run against: Cinnabar follows the final Redis 7.2 releases, so where
 * an older reference answers otherwise the test compares only with a reference that has the behaviour and asserts
 * Cinnabar's answer directly.
 */
public record ReferenceVersion(int major, int minor, int patch) {
    private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)\\.(\\d+)\\.(\\d+)");

    public static ReferenceVersion of(RespConnection reference) throws IOException {
        Matcher m = VERSION.matcher(reference.call("INFO", "server"));
        if (!m.find()) throw new IllegalStateException("no redis_version in INFO server");
        return new ReferenceVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) return this.major > major;
        if (this.minor != minor) return this.minor > minor;
        return this.patch >= patch;
    }

    /**
     * Redis 7.2: shortest round-trip double printing, a ZADD of more pairs than zset-max-listpack-entries converts
     * at once (7.0 converts only when a new member would pass the limit).
     */
    public boolean is72() {
        return atLeast(7, 2, 0);
    }

    /**
     * Redis 7.2.0 to 7.2.4 create the destination of ZRANGESTORE ... BYSCORE / BYLEX as a skip list whatever its
     * size (an unknown length, -1, read as a huge size hint); 7.2.5 fixed it (redis#13148) and the later 7.2
     * releases keep the fix: the result is a listpack while it fits, as in 7.0. Cinnabar follows the fixed releases.
     */
    public boolean storesRangeByScoreOrLexAsSkipList() {
        return is72() && !atLeast(7, 2, 5);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
