package dev.cinnabar.geo;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Values;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.zsets.ZsetCommands;
import dev.cinnabar.zsets.ZsetValue;

import java.nio.charset.StandardCharsets;

/** GEOADD, GEODIST, GEOHASH and GEOPOS, the argument helpers shared with the searches, and the group's registration. */
public final class GeoCommands {
    private static final RedisError BAD_UNIT =
            new RedisError("ERR unsupported unit provided. please use M, KM, FT, MI");
    private static final byte[] ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZADD = {'z', 'a', 'd', 'd'};

    private GeoCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("geoadd", GeoCommands::geoadd)
                .handle("geodist", GeoCommands::geodist)
                .handle("geohash", GeoCommands::geohash)
                .handle("geopos", GeoCommands::geopos);
        GeoSearch.register(table);
    }

    /** The sorted set at key for reading, null when absent, WRONGTYPE for another type. */
    static ZsetValue read(CommandContext ctx, byte[] key) {
        return Values.require(ctx.db().lookupRead(key), ZsetValue.class);
    }

    /** Reads a longitude and a latitude; Redis's "invalid longitude,latitude pair" outside the indexable range. */
    static double[] lonLat(byte[] lon, byte[] lat) {
        double x = Numbers.parseDouble(lon);
        double y = Numbers.parseDouble(lat);
        if (x < GeoHash.LONG_MIN || x > GeoHash.LONG_MAX || y < GeoHash.LAT_MIN || y > GeoHash.LAT_MAX) {
            throw new RedisError("ERR invalid longitude,latitude pair " + GeoFormat.printfF(x) + ","
                    + GeoFormat.printfF(y));
        }
        return new double[] {x, y};
    }

    /** A unit's size in meters. */
    static double unit(byte[] unit) {
        if (CommandTable.equalsIgnoreCase("m", unit)) return 1;
        if (CommandTable.equalsIgnoreCase("km", unit)) return 1000;
        if (CommandTable.equalsIgnoreCase("ft", unit)) return 0.3048;
        if (CommandTable.equalsIgnoreCase("mi", unit)) return 1609.34;
        throw BAD_UNIT;
    }

    /** The coordinates of a member, or null when it is not in the set. */
    static double[] position(ZsetValue zset, byte[] member) {
        double score = zset.score(member);
        return Double.isNaN(score) ? null : GeoHash.decodeScore(score);
    }

    /** The score GEOADD gives a point: its 52-bit geohash. */
    static long score(double longitude, double latitude) {
        return GeoHash.align52(GeoHash.encode(longitude, latitude, GeoHash.STEP_MAX));
    }

    /**
     * GEOADD key [NX | XX] [CH] longitude latitude member [...]: validated here, then done by ZADD with the
     * points' geohashes as scores (so it replies and notifies as ZADD does).
     */
    static void geoadd(CommandContext ctx) {
        int longIndex = 2;
        boolean nx = false, xx = false;
        while (longIndex < ctx.argc()) {
            if (ctx.argIs(longIndex, "nx")) nx = true;
            else if (ctx.argIs(longIndex, "xx")) xx = true;
            else if (!ctx.argIs(longIndex, "ch")) break;
            longIndex++;
        }
        if ((ctx.argc() - longIndex) % 3 != 0 || (xx && nx)) throw RedisError.SYNTAX;
        int elements = (ctx.argc() - longIndex) / 3;
        byte[][] argv = new byte[longIndex + elements * 2][];
        argv[0] = ZADD;
        for (int i = 1; i < longIndex; i++) argv[i] = ctx.arg(i);
        for (int i = 0; i < elements; i++) {
            int at = longIndex + i * 3;
            double[] xy = lonLat(ctx.arg(at), ctx.arg(at + 1));
            argv[longIndex + i * 2] = Numbers.toBytes(score(xy[0], xy[1]));
            argv[longIndex + i * 2 + 1] = ctx.arg(at + 2);
        }
        ZsetCommands.zadd(ctx, argv);
    }

    /** GEODIST key member1 member2 [M | KM | FT | MI]: null when a member (or the key) is missing. */
    static void geodist(CommandContext ctx) {
        double toMeters = 1;
        if (ctx.argc() == 5) toMeters = unit(ctx.arg(4));
        else if (ctx.argc() > 5) throw RedisError.SYNTAX;
        ZsetValue zset = read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        if (zset == null) {
            reply.nullBulk();
            return;
        }
        double[] a = position(zset, ctx.arg(2));
        double[] b = a == null ? null : position(zset, ctx.arg(3));
        if (b == null) {
            reply.nullBulk();
            return;
        }
        reply.bulk(GeoFormat.distance(Shape.distance(a[0], a[1], b[0], b[1]) / toMeters));
    }

    /** GEOHASH key [member ...]: standard 11-character geohashes (re-encoded over latitudes +-90). */
    static void geohash(CommandContext ctx) {
        ZsetValue zset = read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        reply.arrayHeader(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double[] xy = zset == null ? null : position(zset, ctx.arg(j));
            if (xy == null) {
                reply.nullBulk();
                continue;
            }
            GeoHash.Bits hash = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], GeoHash.STEP_MAX);
            long bits = hash == null ? 0 : hash.bits();
            byte[] text = new byte[11];
            for (int i = 0; i < 11; i++) {
                int index = i == 10 ? 0 : (int) ((bits >>> (52 - (i + 1) * 5)) & 0x1f);
                text[i] = ALPHABET[index];
            }
            reply.bulk(text);
        }
    }

    /** GEOPOS key [member ...]: [longitude, latitude] per member, a null array for a missing one. */
    static void geopos(CommandContext ctx) {
        ZsetValue zset = read(ctx, ctx.arg(1));
        Reply reply = ctx.reply();
        reply.arrayHeader(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double[] xy = zset == null ? null : position(zset, ctx.arg(j));
            if (xy == null) {
                reply.nullArray();
                continue;
            }
            reply.arrayHeader(2);
            GeoFormat.coordinate(reply, xy[0]);
            GeoFormat.coordinate(reply, xy[1]);
        }
    }
}
