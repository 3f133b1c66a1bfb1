package dev.cinnabar.generic;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.hashes.HashValue;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.sets.SetValue;
import dev.cinnabar.strings.Strings;
import dev.cinnabar.zsets.ZsetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO: {@code key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
 * [STORE destination]} over lists, sets and sorted sets, as Redis's sort.c does it. Elements sort as numbers
 * (ties broken by the element's bytes) or with ALPHA as bytes; BY sorts by the value of another key (a string, or a
 * hash field with {@code ->field}) named by substituting the element for the first {@code *} of the pattern, and a
 * BY pattern without {@code *} skips sorting, keeping the list's or sorted set's order. GET returns such values
 * instead of the elements ({@code #} is the element itself); STORE saves the result as a list.
 */
final class SortCommand {
    private static final RedisError NOT_A_DOUBLE = new RedisError("ERR One or more scores can't be converted into double");

    private SortCommand() {}

    static void register(CommandTable.Builder table) {
        table.handle("sort", ctx -> sort(ctx, false))
                .handle("sort_ro", ctx -> sort(ctx, true));
    }

    /** One element being sorted, with what it sorts by. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] sortValue;

        Item(byte[] element) {
            this.element = element;
        }
    }

    private static final class Options {
        boolean desc, alpha, dontSort;
        long limitStart = 0, limitCount = -1;
        byte[] sortBy, store;
        final List<byte[]> gets = new ArrayList<>();
    }

    static void sort(CommandContext ctx, boolean readOnly) {
        Options o = parse(ctx, readOnly);
        Database db = ctx.db();
        Object value = db.lookupRead(ctx.arg(1));
        if (value != null && !(value instanceof ListValue) && !(value instanceof SetValue) && !(value instanceof ZsetValue)) {
            throw RedisError.WRONG_TYPE;
        }
        boolean alpha = o.alpha;
        boolean dontSort = o.dontSort;
        byte[] sortBy = o.sortBy;
        if (dontSort && value instanceof SetValue
                && (o.store != null || ctx.server().scripting().isScriptClient(ctx.client()))) {
            // a set has no order of its own: a stored (and so replicated) result, or one a script sees, must not
            // depend on the hash order
            dontSort = false;
            alpha = true;
            sortBy = null;
        }
        if (value instanceof ZsetValue zset) zset.convertForSort();
        long size = sizeOf(value);
        long start = Math.min(Math.max(o.limitStart, 0), size);
        long count = Math.min(Math.max(o.limitCount, -1), size);
        long end = count < 0 ? size - 1 : start + count - 1;
        if (start >= size) {
            start = size - 1;
            end = size - 2;
        }
        if (end >= size) end = size - 1;

        List<Item> items;
        boolean ordered = value instanceof ListValue || value instanceof ZsetValue;
        if (ordered && dontSort) {
            // the stored order is the answer: load just the range wanted, from the chosen end
            items = wrap(loadRange(value, start, end - start + 1, o.desc));
            end -= start;
            start = 0;
        } else {
            items = wrap(loadAll(value));
        }

        if (!dontSort) {
            boolean notANumber = false;
            for (Item item : items) {
                byte[] by = sortBy == null ? item.element : lookupByPattern(db, sortBy, item.element);
                if (by == null) continue;
                if (alpha) {
                    if (sortBy != null) item.sortValue = by;
                } else if (!parseScore(by, item)) {
                    notANumber = true;
                }
            }
            if (notANumber) throw NOT_A_DOUBLE;
            items.sort(comparator(alpha, sortBy != null, o.desc));
        }

        int gets = o.gets.size();
        long outputLength = gets > 0 ? gets * (end - start + 1) : end - start + 1;
        if (o.store == null) {
            Reply reply = ctx.reply();
            reply.arrayHeader(outputLength);
            for (long j = start; j <= end; j++) {
                Item item = items.get((int) j);
                if (gets == 0) reply.bulk(item.element);
                for (byte[] get : o.gets) {
                    byte[] v = lookupByPattern(db, get, item.element);
                    if (v == null) reply.nullBulk();
                    else reply.bulk(v);
                }
            }
            return;
        }
        List<byte[]> result = new ArrayList<>((int) Math.max(outputLength, 0));
        for (long j = start; j <= end; j++) {
            Item item = items.get((int) j);
            if (gets == 0) result.add(item.element);
            for (byte[] get : o.gets) {
                byte[] v = lookupByPattern(db, get, item.element);
                result.add(v == null ? new byte[0] : v);
            }
        }
        if (outputLength > 0) {
            db.set(o.store, ListValue.ofSortResult(result, ctx.server().config().listMaxListpackSize.intValue()), false);
            db.modified(KeyEvent.SORTSTORE, o.store);
        } else if (db.delete(o.store)) {
            db.modified(KeyEvent.DEL, o.store);
        }
        ctx.reply().integer(outputLength);
    }

    /** The options, in Redis's order of checks; LIMIT arguments that are not integers fail with that error. */
    private static Options parse(CommandContext ctx, boolean readOnly) {
        Options o = new Options();
        for (int j = 2; j < ctx.argc(); j++) {
            int left = ctx.argc() - j - 1;
            if (ctx.argIs(j, "asc")) {
                o.desc = false;
            } else if (ctx.argIs(j, "desc")) {
                o.desc = true;
            } else if (ctx.argIs(j, "alpha")) {
                o.alpha = true;
            } else if (ctx.argIs(j, "limit") && left >= 2) {
                o.limitStart = ctx.argLong(j + 1);
                o.limitCount = ctx.argLong(j + 2);
                j += 2;
            } else if (!readOnly && ctx.argIs(j, "store") && left >= 1) {
                o.store = ctx.arg(++j);
            } else if (ctx.argIs(j, "by") && left >= 1) {
                o.sortBy = ctx.arg(++j);
                o.dontSort = indexOf(o.sortBy, (byte) '*', 0) < 0; // a constant "weight": nothing to sort by
                if (!o.dontSort && !readsAnyKey(ctx)) {
                    throw new RedisError("ERR BY option of SORT denied due to insufficient ACL permissions.");
                }
            } else if (ctx.argIs(j, "get") && left >= 1) {
                if (!readsAnyKey(ctx)) {
                    throw new RedisError("ERR GET option of SORT denied due to insufficient ACL permissions.");
                }
                o.gets.add(ctx.arg(++j));
            } else {
                throw RedisError.SYNTAX;
            }
        }
        return o;
    }

    /** BY and GET patterns name keys the ACL key check never saw: they need read access to every key. */
    private static boolean readsAnyKey(CommandContext ctx) {
        return ctx.server().acl().readsAnyKey(ctx.client().user(), ctx.command(), ctx.argv(), ctx.argc());
    }

    private static long sizeOf(Object value) {
        if (value == null) return 0;
        if (value instanceof ListValue list) return list.size();
        if (value instanceof SetValue set) return set.size();
        return ((ZsetValue) value).size();
    }

    private static List<byte[]> loadAll(Object value) {
        if (value == null) return new ArrayList<>();
        if (value instanceof ListValue list) return list.elements(0, list.size(), false);
        if (value instanceof SetValue set) {
            List<byte[]> members = new ArrayList<>(set.size());
            set.forEach((bytes, offset, length) -> members.add(Arrays.copyOfRange(bytes, offset, offset + length)));
            return members;
        }
        ZsetValue zset = (ZsetValue) value;
        return zset.members(0, zset.size(), false);
    }

    /** n elements from position start counted from the head (or from the tail when desc), in that direction. */
    private static List<byte[]> loadRange(Object value, long start, long n, boolean desc) {
        if (value == null || n <= 0) return new ArrayList<>();
        if (value instanceof ListValue list) {
            return list.elements(desc ? list.size() - start - 1 : start, n, desc);
        }
        return ((ZsetValue) value).members(start, n, desc);
    }

    private static List<Item> wrap(List<byte[]> elements) {
        List<Item> items = new ArrayList<>(elements.size());
        for (byte[] e : elements) items.add(new Item(e));
        return items;
    }

    /**
     * strtod over the whole value (leading spaces allowed, an empty value is 0); false when that fails, including
     * every ERANGE strtod reports: overflow, and underflow to zero or to a subnormal number.
     */
    private static boolean parseScore(byte[] text, Item item) {
        int n = text.length;
        if (Numbers.strtodLength(text, 0, n) != n) return false;
        if (n == 0) return true;
        double d = Numbers.strtodValue(text, 0, n);
        item.score = d;
        boolean subnormal = d != 0 && Math.abs(d) < Double.MIN_NORMAL;
        return !Double.isNaN(d) && !subnormal && !Numbers.strtodOutOfRange(text, 0, n, d);
    }

    /** Redis's sortCompare: by score then element bytes, or by bytes (missing BY values first), reversed by DESC. */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean desc) {
        Comparator<Item> c;
        if (!alpha) {
            c = (a, b) -> {
                int cmp = Double.compare(a.score, b.score);
                if (a.score == b.score) cmp = 0; // -0.0 and 0.0 are the same score
                return cmp != 0 ? cmp : Arrays.compareUnsigned(a.element, b.element);
            };
        } else if (byPattern) {
            c = (a, b) -> {
                if (a.sortValue == null || b.sortValue == null) {
                    return a.sortValue == b.sortValue ? 0 : a.sortValue == null ? -1 : 1;
                }
                return Arrays.compareUnsigned(a.sortValue, b.sortValue);
            };
        } else {
            c = (a, b) -> Arrays.compareUnsigned(a.element, b.element);
        }
        return desc ? c.reversed() : c;
    }

    /**
     * Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' of the pattern is replaced by
     * the element to name a key whose string value is returned, or with "->field" after the '*' a hash field of
     * that key. Null when the pattern has no '*', the key is missing or of another type.
     */
    static byte[] lookupByPattern(Database db, byte[] pattern, byte[] element) {
        if (pattern.length == 1 && pattern[0] == '#') return element;
        int star = indexOf(pattern, (byte) '*', 0);
        if (star < 0) return null;
        int arrow = indexOfArrow(pattern, star + 1);
        boolean field = arrow >= 0 && arrow + 2 < pattern.length;
        int keyEnd = field ? arrow : pattern.length;
        byte[] key = new byte[star + element.length + keyEnd - star - 1];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
        Object value = db.lookupRead(key);
        if (value == null) return null;
        if (field) {
            if (!(value instanceof HashValue hash)) return null;
            return hash.get(Arrays.copyOfRange(pattern, arrow + 2, pattern.length));
        }
        return Strings.isString(value) ? Strings.bytes(value) : null;
    }

    private static int indexOf(byte[] s, byte b, int from) {
        for (int i = from; i < s.length; i++) if (s[i] == b) return i;
        return -1;
    }

    private static int indexOfArrow(byte[] s, int from) {
        for (int i = from; i + 1 < s.length; i++) if (s[i] == '-' && s[i + 1] == '>') return i;
        return -1;
    }
}
