package dev.cinnabar.sets;

import static dev.cinnabar.sets.SetCommands.asSet;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.keyspace.BytesSink;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.keyspace.Dict;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.propagation.Names;
import dev.cinnabar.protocol.Reply;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SPOP and SRANDMEMBER, with Redis's strategies (they decide the reply's order for listpacks and the encoding a
 * set has after SPOP), each costing O(count) on a hashtable: single members are drawn with
 * {@link Dict#randomEntry()}, never by walking the set.
 */
final class RandomMemberCommands {
    private static final RedisError MUST_BE_POSITIVE = new RedisError("ERR value is out of range, must be positive");
    private static final RedisError COUNT_OUT_OF_RANGE = new RedisError(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    /** SPOP keeps the survivors in a new set instead of popping when fewer than count / 5 would remain. */
    private static final int SPOP_MOVE_STRATEGY_MUL = 5;
    /** SRANDMEMBER samples by elimination from a copy when count is more than a third of the set. */
    private static final int SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    private RandomMemberCommands() {}

    static void register(CommandTable.Builder table) {
        table.handle("spop", RandomMemberCommands::spop)
                .handle("srandmember", RandomMemberCommands::srandmember);
    }

    /** SPOP key [count] */
    static void spop(CommandContext ctx) {
        if (ctx.argc() == 3) {
            spopWithCount(ctx);
            return;
        }
        if (ctx.argc() > 3) throw RedisError.SYNTAX;
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        SetValue set = asSet(db.lookupWrite(key));
        if (set == null) {
            ctx.reply().nullBulk();
            return;
        }
        PoppedMembers popped = new PoppedMembers(ctx);
        set.popRandomMember(popped);
        popped.propagateAsSrem(key); // the popped member, not a random draw
        db.notifyKeyspace(KeyEvent.SPOP, key);
        if (set.size() == 0) {
            db.delete(key);
            db.notifyKeyspace(KeyEvent.DEL, key);
        }
        db.signalModified(key);
    }

    /**
     * SPOP key count: a set reply. Popping at least the whole set answers like SUNION of the key and deletes it;
     * popping few pops one by one (a listpack in one pass, in its order); popping almost all builds a new set from
     * the few members that stay (a listpack, or an intset if the set was one) and answers with the rest.
     */
    private static void spopWithCount(CommandContext ctx) {
        long count = Numbers.parseLong(ctx.arg(2), MUST_BE_POSITIVE);
        if (count < 0) throw MUST_BE_POSITIVE;
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        Reply reply = ctx.reply();
        SetValue set = asSet(db.lookupWrite(key));
        if (set == null || count == 0) {
            reply.setHeader(0);
            return;
        }
        int size = set.size();
        db.notifyKeyspace(KeyEvent.SPOP, key);   // Redis reports it before popping
        if (count >= size) {
            SetAlgebraCommands.unionOrDiff(ctx, 1, 1, null, false);
            db.delete(key);
            db.notifyKeyspace(KeyEvent.DEL, key);
            ctx.propagateAs(Names.delete(ctx.server().config().lazyfreeLazyServerDel.value()), key);
        } else {
            PoppedMembers popped = new PoppedMembers(ctx);
            popSome(popped, set, size, (int) count);
            popped.propagateAsSrem(key);
            ctx.preventPropagation();
        }
        db.signalModified(key);
    }

    /** SPOP key count for a count below the set's size. */
    private static void popSome(PoppedMembers reply, SetValue set, int size, int count) {
        CommandContext ctx = reply.ctx;
        ctx.reply().setHeader(count);
        int popped = count;
        int remaining = size - popped;
        ServerConfig config = ctx.server().config();
        if ((long) remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            if (set.isListpack()) {
                Listpack list = set.listpack();
                boolean[] chosen = chooseInOrder(size, popped);
                writeFlagged(list, chosen, true, reply);
                list.removeFlagged(chosen);
            } else {
                for (int i = 0; i < popped; i++) set.popRandomMember(reply);
            }
            return;
        }
        SetValue kept;
        if (set.isListpack()) {
            Listpack list = set.listpack();
            boolean[] keep = chooseInOrder(size, remaining);
            kept = SetValue.newListpack();
            byte[] data = list.data();
            int i = 0;
            for (int p = list.first(); p != Listpack.END; p = list.next(p), i++) {
                if (keep[i]) kept.add(data, list.memberOffset(p), list.memberLength(p), config);
            }
            writeFlagged(list, keep, false, reply);
        } else {
            SetValue survivors = set.isIntset() ? SetValue.newIntset() : SetValue.newListpack();
            for (int i = 0; i < remaining; i++) {
                set.popRandomMember((bytes, offset, length) -> survivors.add(bytes, offset, length, config));
            }
            set.forEach((bytes, offset, length) -> {
                reply.write(bytes, offset, length);
                return true;
            });
            kept = survivors;
        }
        set.replaceWith(kept);
    }

    /** Redis propagates SPOP's members in SREM commands of at most this many members. */
    private static final int SREM_BATCH = 1024;

    /** Writes popped members to the reply and, when commands are propagated, remembers them for SREM. */
    private static final class PoppedMembers implements BytesSink {
        final CommandContext ctx;
        private final java.util.List<byte[]> members;

        PoppedMembers(CommandContext ctx) {
            this.ctx = ctx;
            this.members = ctx.propagating() ? new java.util.ArrayList<>() : null;
        }

        @Override
        public void write(byte[] array, int offset, int length) {
            ctx.reply().bulk(array, offset, length);
            if (members != null) members.add(java.util.Arrays.copyOfRange(array, offset, offset + length));
        }

        /** One SREM per 1024 members, as Redis 7.2 propagates SPOP. */
        void propagateAsSrem(byte[] key) {
            if (members == null || members.isEmpty()) return;
            if (ctx.argc() == 2) {
                ctx.propagateAs(Names.SREM, key, members.get(0));
                return;
            }
            for (int from = 0; from < members.size(); from += SREM_BATCH) {
                int to = Math.min(members.size(), from + SREM_BATCH);
                byte[][] argv = new byte[2 + to - from][];
                argv[0] = Names.SREM;
                argv[1] = key;
                for (int i = from; i < to; i++) argv[2 + i - from] = members.get(i);
                ctx.alsoPropagate(argv);
            }
        }
    }

    /** SRANDMEMBER key [count] */
    static void srandmember(CommandContext ctx) {
        if (ctx.argc() == 3) {
            srandmemberWithCount(ctx);
            return;
        }
        if (ctx.argc() > 3) throw RedisError.SYNTAX;
        SetValue set = asSet(ctx.db().lookupRead(ctx.arg(1)));
        if (set == null) ctx.reply().nullBulk();
        else set.writeRandomMember(ctx.reply());
    }

    /**
     * SRANDMEMBER key count: an array. A negative count draws that many members independently (repeats allowed);
     * a positive one draws distinct members, at most the whole set.
     */
    private static void srandmemberWithCount(CommandContext ctx) {
        long requested = Numbers.parseLong(ctx.arg(2));
        if (requested == Long.MIN_VALUE) throw COUNT_OUT_OF_RANGE;
        boolean distinct = requested >= 0;
        long count = Math.abs(requested);
        SetValue set = asSet(ctx.db().lookupRead(ctx.arg(1)));
        Reply reply = ctx.reply();
        if (set == null || count == 0) {
            reply.arrayHeader(0);
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (!distinct || count == 1) {
            reply.arrayHeader(count);
            if (set.isListpack() && count > 1) {
                // find every entry once instead of walking the listpack for each draw
                Listpack list = set.listpack();
                int[] positions = list.positions();
                for (long i = 0; i < count; i++) writeEntry(list, positions[random.nextInt(positions.length)], reply);
            } else {
                for (long i = 0; i < count; i++) set.writeRandomMember(reply);
            }
            return;
        }
        int size = set.size();
        if (count >= size) {
            reply.arrayHeader(size);
            set.forEach((bytes, offset, length) -> {
                reply.write(bytes, offset, length);
                return true;
            });
            return;
        }
        int wanted = (int) count;
        reply.arrayHeader(wanted);
        if (set.isListpack()) {
            writeFlagged(set.listpack(), chooseInOrder(size, wanted), true, reply);
        } else if ((long) wanted * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            writeRandomSubset(set, wanted, reply);
        } else {
            writeRandomDraws(set, wanted, reply);
        }
    }

    /** Many of the members: choose among copies of them all (a partial shuffle), as Redis does from a copy. */
    private static void writeRandomSubset(SetValue set, int wanted, Reply reply) {
        byte[][] members = new byte[set.size()][];
        int[] n = {0};
        set.forEach((bytes, offset, length) -> {
            members[n[0]++] = Arrays.copyOfRange(bytes, offset, offset + length);
            return true;
        });
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(members.length - i);
            byte[] chosen = members[j];
            members[j] = members[i];
            reply.bulk(chosen);
        }
    }

    /** Few of the members (at most a third): draw at random until enough distinct ones came out. */
    private static void writeRandomDraws(SetValue set, int wanted, Reply reply) {
        IntHashSet seen = new IntHashSet(wanted);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (set.isHashtable()) {
            Dict table = set.hashtable();
            while (seen.size() < wanted) {
                int handle = table.randomEntry();
                if (seen.add(handle)) table.writeKey(handle, reply);
            }
        } else {
            IntSet ints = set.intset();
            while (seen.size() < wanted) {
                int index = random.nextInt(ints.size());
                if (seen.add(index)) SetValue.writeInteger(ints.get(index), reply);
            }
        }
    }

    /** A uniformly random choice of k of n positions, flagged in order (selection sampling, one pass). */
    private static boolean[] chooseInOrder(int n, int k) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean[] chosen = new boolean[n];
        for (int i = 0; i < n && k > 0; i++) {
            if (random.nextInt(n - i) < k) {
                chosen[i] = true;
                k--;
            }
        }
        return chosen;
    }

    /** Writes the listpack's entries whose flag equals {@code which}, in order. */
    private static void writeFlagged(Listpack list, boolean[] flags, boolean which, BytesSink reply) {
        int i = 0;
        for (int p = list.first(); p != Listpack.END; p = list.next(p), i++) {
            if (flags[i] == which) writeEntry(list, p, reply);
        }
    }

    private static void writeEntry(Listpack list, int position, BytesSink reply) {
        reply.write(list.data(), list.memberOffset(position), list.memberLength(position));
    }
}
