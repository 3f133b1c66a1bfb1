package dev.cinnabar.geo;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.keyspace.Database;
import dev.cinnabar.notify.KeyEvent;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.zsets.ZsetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and their _RO forms (Redis's georadiusGeneric): the
 * arguments are read in Redis's order with its errors, the nine geohash boxes around the center are scanned in
 * score order, points outside the shape are dropped, and the matches are sorted, cut to COUNT and answered or
 * stored.
 */
final class GeoSearch {
    private static final RedisError COUNT_NOT_POSITIVE = new RedisError("ERR COUNT must be > 0");
    private static final RedisError NOT_DECODED = new RedisError("ERR could not decode requested zset member");
    private static final RedisError NEED_RADIUS = new RedisError("ERR need numeric radius");
    private static final RedisError NEED_WIDTH = new RedisError("ERR need numeric width");
    private static final RedisError NEED_HEIGHT = new RedisError("ERR need numeric height");
    private static final RedisError NEGATIVE_RADIUS = new RedisError("ERR radius cannot be negative");
    private static final RedisError NEGATIVE_BOX = new RedisError("ERR height or width cannot be negative");
    private static final RedisError ANY_NEEDS_COUNT = new RedisError("ERR the ANY argument requires COUNT argument");

    private static final int RADIUS_COORDS = 1, RADIUS_MEMBER = 2, NO_STORE = 4, SEARCH = 8, SEARCH_STORE = 16;
    private static final int SORT_NONE = 0, SORT_ASC = 1, SORT_DESC = 2;

    /** A point found in the search area. */
    private record Point(byte[] member, double longitude, double latitude, double distance, double score) {}

    private GeoSearch() {}

    static void register(CommandTable.Builder table) {
        table.handle("georadius", ctx -> search(ctx, 1, RADIUS_COORDS))
                .handle("georadius_ro", ctx -> search(ctx, 1, RADIUS_COORDS | NO_STORE))
                .handle("georadiusbymember", ctx -> search(ctx, 1, RADIUS_MEMBER))
                .handle("georadiusbymember_ro", ctx -> search(ctx, 1, RADIUS_MEMBER | NO_STORE))
                .handle("geosearch", ctx -> search(ctx, 1, SEARCH))
                .handle("geosearchstore", ctx -> search(ctx, 2, SEARCH | SEARCH_STORE));
    }

    /** Reads "radius unit" at i into the shape as a circle. */
    private static void radius(CommandContext ctx, int i, Shape shape) {
        double distance = Numbers.parseDouble(ctx.arg(i), NEED_RADIUS);
        if (distance < 0) throw NEGATIVE_RADIUS;
        shape.radius = distance;
        shape.conversion = GeoCommands.unit(ctx.arg(i + 1));
        shape.circle = true;
    }

    private static void center(Shape shape, double[] xy) {
        shape.longitude = xy[0];
        shape.latitude = xy[1];
    }

    private static void search(CommandContext ctx, int srcIndex, int flags) {
        byte[] storeKey = null;
        boolean storeDist = false;
        ZsetValue zset = GeoCommands.read(ctx, ctx.arg(srcIndex));
        Shape shape = new Shape();
        int baseArgs;
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            center(shape, GeoCommands.lonLat(ctx.arg(2), ctx.arg(3)));
            radius(ctx, 4, shape);
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            if (zset != null) {
                double[] xy = GeoCommands.position(zset, ctx.arg(2));
                if (xy == null) throw NOT_DECODED;
                center(shape, xy);
                radius(ctx, 3, shape);
            }
        } else {
            baseArgs = 2;
            if ((flags & SEARCH_STORE) != 0) {
                baseArgs = 3;
                storeKey = ctx.arg(1);
            }
        }

        boolean withDist = false, withHash = false, withCoords = false;
        boolean fromMember = false, fromLonLat = false, byRadius = false, byBox = false;
        int sort = SORT_NONE;
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        boolean storeAllowed = (flags & NO_STORE) == 0 && !search;
        int remaining = ctx.argc() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int at = baseArgs + i;
            if (ctx.argIs(at, "withdist")) {
                withDist = true;
            } else if (ctx.argIs(at, "withhash")) {
                withHash = true;
            } else if (ctx.argIs(at, "withcoord")) {
                withCoords = true;
            } else if (ctx.argIs(at, "any")) {
                any = true;
            } else if (ctx.argIs(at, "asc")) {
                sort = SORT_ASC;
            } else if (ctx.argIs(at, "desc")) {
                sort = SORT_DESC;
            } else if (ctx.argIs(at, "count") && i + 1 < remaining) {
                count = ctx.argLong(at + 1);
                if (count <= 0) throw COUNT_NOT_POSITIVE;
                i++;
            } else if (ctx.argIs(at, "store") && i + 1 < remaining && storeAllowed) {
                storeKey = ctx.arg(at + 1);
                storeDist = false;
                i++;
            } else if (ctx.argIs(at, "storedist") && i + 1 < remaining && storeAllowed) {
                storeKey = ctx.arg(at + 1);
                storeDist = true;
                i++;
            } else if (ctx.argIs(at, "storedist") && search && (flags & SEARCH_STORE) != 0) {
                storeDist = true;
            } else if (ctx.argIs(at, "frommember") && i + 1 < remaining && search && !fromLonLat) {
                if (zset != null) {
                    double[] xy = GeoCommands.position(zset, ctx.arg(at + 1));
                    if (xy == null) throw NOT_DECODED;
                    center(shape, xy);
                }
                fromMember = true;
                i++;
            } else if (ctx.argIs(at, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                center(shape, GeoCommands.lonLat(ctx.arg(at + 1), ctx.arg(at + 2)));
                fromLonLat = true;
                i += 2;
            } else if (ctx.argIs(at, "byradius") && i + 2 < remaining && search && !byBox) {
                radius(ctx, at + 1, shape);
                byRadius = true;
                i += 2;
            } else if (ctx.argIs(at, "bybox") && i + 3 < remaining && search && !byRadius) {
                double width = Numbers.parseDouble(ctx.arg(at + 1), NEED_WIDTH);
                double height = Numbers.parseDouble(ctx.arg(at + 2), NEED_HEIGHT);
                if (height < 0 || width < 0) throw NEGATIVE_BOX;
                shape.width = width;
                shape.height = height;
                shape.conversion = GeoCommands.unit(ctx.arg(at + 3));
                shape.circle = false;
                byBox = true;
                i += 3;
            } else {
                throw RedisError.SYNTAX;
            }
        }

        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw new RedisError("ERR " + ((flags & SEARCH_STORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (search && !(fromMember || fromLonLat)) {
            throw new RedisError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + ctx.argString(0));
        }
        if (search && !(byRadius || byBox)) {
            throw new RedisError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + ctx.argString(0));
        }
        if (any && count == 0) throw ANY_NEEDS_COUNT;

        Database db = ctx.db();
        Reply reply = ctx.reply();
        if (zset == null) {
            if (storeKey != null) {
                if (db.delete(storeKey)) db.modified(KeyEvent.DEL, storeKey);
                reply.integer(0);
            } else {
                reply.arrayHeader(0);
            }
            return;
        }
        if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

        List<Point> found = find(zset, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            reply.arrayHeader(0);
            return;
        }
        int returned = (int) (count == 0 || found.size() < count ? found.size() : count);
        if (sort != SORT_NONE) {
            Comparator<Point> order = sort == SORT_ASC ? GeoSearch::nearerFirst : (a, b) -> nearerFirst(b, a);
            if (returned == found.size()) {
                found.sort(order); // a stable sort, as the C library's qsort is a merge sort
            } else {
                Point[] points = found.toArray(new Point[0]);
                PartialQuicksort.sort(points, order, returned - 1);
                found = Arrays.asList(points);
            }
        }

        if (storeKey == null) {
            int options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
            reply.arrayHeader(returned);
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                if (options > 0) reply.arrayHeader(options + 1);
                reply.bulk(p.member);
                if (withDist) reply.bulk(GeoFormat.distance(p.distance / shape.conversion));
                if (withHash) reply.integer((long) p.score);
                if (withCoords) {
                    reply.arrayHeader(2);
                    GeoFormat.coordinate(reply, p.longitude);
                    GeoFormat.coordinate(reply, p.latitude);
                }
            }
            return;
        }
        if (returned > 0) {
            List<byte[]> members = new ArrayList<>(returned);
            double[] scores = new double[returned];
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                members.add(p.member);
                scores[i] = storeDist ? p.distance / shape.conversion : p.score;
            }
            db.set(storeKey, ZsetValue.storedResult(members, scores, ctx.server().config()), false);
            db.modified(search ? KeyEvent.GEOSEARCHSTORE : KeyEvent.GEORADIUSSTORE, storeKey);
        } else if (db.delete(storeKey)) {
            db.modified(KeyEvent.DEL, storeKey);
        }
        reply.integer(returned);
    }

    /** Redis's comparison of two results by distance. */
    private static int nearerFirst(Point a, Point b) {
        return a.distance > b.distance ? 1 : a.distance == b.distance ? 0 : -1;
    }

    /**
     * The points of the set inside the shape, box by box in Redis's order (a box equal to the one scanned just
     * before is skipped), each box in score order; with a limit (ANY), stops as soon as that many were found.
     */
    private static List<Point> find(ZsetValue zset, Shape shape, long limit) {
        List<Point> found = new ArrayList<>();
        GeoHash.Bits[] boxes = shape.searchBoxes();
        int lastProcessed = 0;
        for (int i = 0; i < boxes.length; i++) {
            GeoHash.Bits box = boxes[i];
            if (box.isZero()) continue;
            if (lastProcessed != 0 && box.equals(boxes[lastProcessed])) continue;
            if (!found.isEmpty() && limit != 0 && found.size() >= limit) break;
            long min = GeoHash.align52(box);
            long max = GeoHash.align52(new GeoHash.Bits(box.bits() + 1, box.step()));
            zset.forEachInRange(min, max, (pos, score) -> {
                double[] xy = GeoHash.decodeScore(score);
                double distance = shape.distanceIfWithin(xy[0], xy[1]);
                if (distance >= 0) found.add(new Point(zset.memberAt(pos), xy[0], xy[1], distance, score));
                return found.isEmpty() || limit == 0 || found.size() < limit;
            });
            lastProcessed = i;
        }
        return found;
    }
}
