package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.lists.QuicklistInfo;
import dev.cinnabar.persistence.rdb.RdbValues;
import dev.cinnabar.persistence.rdb.RdbWriter;

/**
 * DEBUG OBJECT: Redis's one-line summary of a stored value. The "address" is the value object's identity hash
 * (stable while the same object is stored); serializedlength is the size of the value's RDB encoding as our RDB
 * writer produces it (without the type byte, compressed as rdbcompression says).
 */
final class DebugObject {
    static final RedisError NO_SUCH_KEY = new RedisError("ERR no such key");

    private DebugObject() {}

    static void reply(CommandContext ctx) {
        byte[] key = ctx.arg(2);
        Database db = ctx.db();
        Object value = db.peekIgnoringExpiry(key);
        if (value == null) throw NO_SUCH_KEY;
        int lru = db.accessBitsIgnoringExpiry(key);
        String extra = value instanceof ListValue list ? QuicklistInfo.debugFields(list) : "";
        ctx.reply().simple("Value at:0x" + Integer.toHexString(System.identityHashCode(value))
                + " refcount:" + Values.refcount(value, ctx.server().config().sharesIntegers())
                + " encoding:" + Values.encoding(value)
                + " serializedlength:" + serializedLength(value, ctx.server().config().rdbcompression.value())
                + " lru:" + lru + " lru_seconds_idle:" + db.idleSecondsOf(lru) + extra);
    }

    /** Redis's rdbSavedObjectLen. */
    static int serializedLength(Object value, boolean compress) {
        RdbWriter out = new RdbWriter(compress);
        RdbValues.writeBody(out, value);
        return out.size();
    }
}
