package dev.cinnabar.geo;

import dev.cinnabar.testing.CinnabarExtension;
import dev.cinnabar.testing.RedisExtension;
import dev.cinnabar.testing.ScriptDifferential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The geo commands against a real redis-server: replies byte for byte in RESP2 and RESP3 (coordinates are doubles
 * in RESP3), keyspace notifications, every error, and searches over random points with every option combination.
 */
class GeoDifferentialTest {
    @RegisterExtension
    static final CinnabarExtension cinnabar = new CinnabarExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static void same(String script) throws IOException {
        ScriptDifferential.assertSame(cinnabar.port(), redis.port(), ScriptDifferential.parse(script),
                GeoDifferentialTest::roundStoredDistances);
    }

    private static final String SICILY = """
            GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
            GEOADD Sicily 12.758489 38.788135 edge1 17.241510 38.788135 edge2
            """;

    @Test
    void geoaddAndLookups() throws IOException {
        same(SICILY + """
                GEOADD Sicily 13.361389 38.115556 Palermo
                GEOADD Sicily CH 13.361390 38.115556 Palermo 1 1 new
                GEOADD Sicily NX 0 0 Palermo 2 2 other
                GEOADD Sicily XX 0 0 Palermo 3 3 notadded
                GEOADD Sicily XX CH 5 5 Palermo
                GEOADD Sicily nx ch xx 1 1 a
                GEOADD Sicily 1 1
                GEOADD Sicily ch
                GEOADD Sicily nx ch ch
                GEOADD Sicily 181 0 bad
                GEOADD Sicily -180.0000001 0 bad
                GEOADD Sicily 0 85.06 bad
                GEOADD Sicily 0 -85.05112879 bad
                GEOADD Sicily 1 1 ok 200 10 bad
                GEOADD Sicily inf 10 bad
                GEOADD Sicily 10 -inf bad
                GEOADD Sicily nan 10 bad
                GEOADD Sicily x 10 bad
                GEOADD Sicily 180 85.05112878 corner -180 -85.05112878 corner2
                GEOADD Sicily 0 0 zero -0 -0 negzero 0.0000001 -0.0000001 tiny
                ZRANGE Sicily 0 -1 WITHSCORES
                OBJECT ENCODING Sicily
                GEOPOS Sicily Palermo Catania missing corner corner2 zero negzero tiny
                GEOPOS Sicily
                GEOPOS missing a b
                GEOHASH Sicily Palermo Catania missing corner corner2 zero tiny
                GEOHASH missing a
                GEOHASH Sicily
                GEODIST Sicily Palermo Catania
                GEODIST Sicily Palermo Catania km
                GEODIST Sicily Palermo Catania MI
                GEODIST Sicily Palermo Catania ft
                GEODIST Sicily Palermo Catania M
                GEODIST Sicily Palermo Catania yd
                GEODIST Sicily Palermo Catania km extra
                GEODIST Sicily Palermo missing
                GEODIST Sicily Palermo Palermo
                GEODIST Sicily corner corner2
                GEODIST missing a b
                GEODIST missing a b parsec
                ZADD Sicily 4503599627370496 hugescore -1 negscore 1e300 giant
                GEOPOS Sicily hugescore negscore giant
                GEOHASH Sicily hugescore negscore giant
                GEODIST Sicily hugescore negscore
                SET str x
                GEOADD str 1 1 a
                GEOPOS str a
                GEOHASH str a
                GEODIST str a b
                GEODIST str a b badunit
                GEOADD
                GEOPOS
                GEODIST Sicily a
                """);
    }

    @Test
    void searches() throws IOException {
        same(SICILY + """
                GEORADIUS Sicily 15 37 200 km
                GEORADIUS Sicily 15 37 200 km ASC
                GEORADIUS Sicily 15 37 200 km DESC
                GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH
                GEORADIUS Sicily 15 37 200 km withhash withcoord withdist desc
                GEORADIUS Sicily 15 37 200 km COUNT 1
                GEORADIUS Sicily 15 37 200 km COUNT 1 DESC
                GEORADIUS Sicily 15 37 200 km COUNT 1 ANY
                GEORADIUS Sicily 15 37 200 km COUNT 2 ANY ASC
                GEORADIUS Sicily 15 37 200 km ANY
                GEORADIUS Sicily 15 37 200 km COUNT 0
                GEORADIUS Sicily 15 37 200 km COUNT -1
                GEORADIUS Sicily 15 37 200 km COUNT x
                GEORADIUS Sicily 15 37 200 km COUNT
                GEORADIUS Sicily 15 37 200 km STORE
                GEORADIUS Sicily 15 37 200 km BADOPT
                GEORADIUS Sicily 15 37 200 km STORE dst
                ZRANGE dst 0 -1 WITHSCORES
                GEORADIUS Sicily 15 37 200 km STOREDIST dst2 COUNT 1
                ZRANGE dst2 0 -1 WITHSCORES
                GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST
                GEORADIUS Sicily 15 37 1 m STORE dst
                EXISTS dst
                GEORADIUS Sicily 15 37 1 m
                GEORADIUS Sicily 15 37 -1 km
                GEORADIUS Sicily 15 37 x km
                GEORADIUS Sicily 15 37 10 parsec
                GEORADIUS Sicily 190 37 10 km
                GEORADIUS Sicily 15 37 0 km
                GEORADIUS missing 15 37 10 km
                GEORADIUS missing 15 37 10 km STORE dst2
                EXISTS dst2
                GEORADIUS missing 190 37 10 km
                GEORADIUS_RO Sicily 15 37 200 km WITHDIST
                GEORADIUS_RO Sicily 15 37 200 km STORE dst
                GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST
                GEORADIUSBYMEMBER Sicily Palermo 100 mi WITHCOORD COUNT 3 DESC
                GEORADIUSBYMEMBER Sicily missing 200 km
                GEORADIUSBYMEMBER Sicily Palermo x km
                GEORADIUSBYMEMBER missing Palermo x km
                GEORADIUSBYMEMBER missing Palermo 1 km STORE dst
                GEORADIUSBYMEMBER Sicily Palermo 200 km STORE dst3
                ZRANGE dst3 0 -1 WITHSCORES
                GEORADIUSBYMEMBER_RO Sicily Palermo 200 km ASC
                GEORADIUSBYMEMBER_RO Sicily Palermo 200 km STOREDIST dst
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC
                GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 200 km WITHDIST WITHCOORD WITHHASH
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD WITHDIST
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km DESC COUNT 2
                GEOSEARCH Sicily FROMMEMBER edge1 BYBOX 200 200 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 400 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX x 400 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 y km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 lightyears
                GEOSEARCH Sicily FROMLONLAT 15 37
                GEOSEARCH Sicily BYRADIUS 10 km
                geosearch Sicily BYRADIUS 10 km
                GEOSEARCH Sicily FROMLONLAT 15 37 FROMMEMBER Palermo BYRADIUS 10 km
                GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 15 37 BYRADIUS 10 km
                GEOSEARCH Sicily FROMMEMBER Palermo FROMMEMBER Catania BYRADIUS 100 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 10 km BYBOX 1 1 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 km BYRADIUS 10 km
                GEOSEARCH Sicily FROMMEMBER missing BYRADIUS 10 km
                GEOSEARCH Sicily FROMLONLAT 15 100 BYRADIUS 10 km
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE dst
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST
                GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY
                GEOSEARCH missing FROMMEMBER Palermo BYRADIUS 200 km
                GEOSEARCH missing FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST
                GEOSEARCH missing FROMLONLAT 15 37
                GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km
                ZRANGE dst 0 -1 WITHSCORES
                OBJECT ENCODING dst
                CONFIG SET zset-max-listpack-entries 2
                GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km
                OBJECT ENCODING dst
                GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 2
                OBJECT ENCODING dst
                CONFIG SET zset-max-listpack-entries 128
                GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST COUNT 2
                ZRANGE dst 0 -1 WITHSCORES
                GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST
                GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE x
                GEOSEARCHSTORE dst Sicily FROMLONLAT 0 0 BYRADIUS 1 km
                EXISTS dst
                GEOSEARCHSTORE dst missing FROMLONLAT 0 0 BYRADIUS 1 km
                GEOSEARCHSTORE Sicily Sicily FROMLONLAT 15 37 BYBOX 500 500 km
                ZRANGE Sicily 0 -1 WITHSCORES
                SET str x
                GEORADIUS str 15 37 200 km
                GEOSEARCH str FROMLONLAT 15 37 BYRADIUS 200 km
                GEOSEARCHSTORE dst str FROMLONLAT 15 37 BYRADIUS 200 km
                GEOSEARCHSTORE str Sicily FROMLONLAT 15 37 BYRADIUS 200 km
                TYPE str
                GEORADIUS
                GEOSEARCH Sicily
                """);
    }

    /** Points at equal distances: the order of ties depends on the sort Redis uses, full (stable) or partial. */
    @Test
    void tiesAtEqualDistances() throws IOException {
        StringBuilder script = new StringBuilder("GEOADD ties");
        double[][] spots = {{10, 20}, {10.01, 20}, {9.99, 20}, {10, 20.01}, {10, 19.99}};
        for (int i = 0; i < 120; i++) {
            double[] spot = spots[(i * 7) % spots.length];
            script.append(' ').append(spot[0]).append(' ').append(spot[1]).append(" t").append(i);
        }
        script.append('\n');
        for (String order : new String[] {"ASC", "DESC"}) {
            for (int count : new int[] {1, 2, 3, 5, 6, 7, 8, 10, 25, 41, 60, 100, 119, 120, 500}) {
                script.append("GEOSEARCH ties FROMLONLAT 10 20 BYRADIUS 5 km ").append(order).append(" COUNT ")
                        .append(count).append('\n');
                script.append("GEORADIUS ties 10.001 20 5 km WITHDIST ").append(order).append(" COUNT ")
                        .append(count).append('\n');
            }
            script.append("GEOSEARCH ties FROMLONLAT 10 20 BYBOX 10 10 km ").append(order).append('\n');
        }
        for (int count : new int[] {3, 9, 30}) {
            script.append("GEOSEARCH ties FROMLONLAT 10 20 BYRADIUS 5 km COUNT ").append(count).append(" ANY\n");
            script.append("GEOSEARCHSTORE tstore ties FROMLONLAT 10 20 BYRADIUS 5 km COUNT ").append(count).append('\n');
            script.append("ZRANGE tstore 0 -1\n");
        }
        same(script.toString());
    }

    /** Random points (a dense cluster and a sparse world-wide spread) searched with every option combination. */
    @Test
    void randomSearchesWithEveryOptionCombination() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            List<byte[][]> commands = new ArrayList<>();
            int points = seed == 1 ? 60 : 400; // a listpack, then skip lists
            List<String> add = new ArrayList<>(List.of("GEOADD", "pts"));
            for (int i = 0; i < points; i++) {
                boolean cluster = random.nextInt(3) > 0;
                double lon = cluster ? 2.35 + random.nextGaussian() * 0.3 : -180 + random.nextDouble() * 360;
                double lat = cluster ? 48.85 + random.nextGaussian() * 0.2 : -85 + random.nextDouble() * 170;
                add.add(fmt(lon));
                add.add(fmt(lat));
                add.add("p" + i);
            }
            commands.add(cmd(add.toArray(new String[0])));
            String[] units = {"m", "km", "mi", "ft"};
            for (int q = 0; q < 120; q++) {
                String unit = units[random.nextInt(4)];
                double scale = switch (unit) {
                    case "m" -> 1;
                    case "km" -> 1000;
                    case "mi" -> 1609.34;
                    default -> 0.3048;
                };
                double meters = random.nextInt(4) == 0 ? random.nextDouble() * 5_000_000 : random.nextDouble() * 60_000;
                String size = fmt(meters / scale);
                List<String> c = new ArrayList<>();
                boolean fromMember = random.nextBoolean();
                String center = "p" + random.nextInt(points);
                String lon = fmt(2.35 + random.nextGaussian() * 0.5);
                String lat = fmt(48.85 + random.nextGaussian() * 0.3);
                int form = random.nextInt(5);
                boolean store = false, storeDist = false;
                switch (form) {
                    case 0 -> c.addAll(List.of("GEORADIUS", "pts", lon, lat, size, unit));
                    case 1 -> c.addAll(List.of("GEORADIUSBYMEMBER_RO", "pts", center, size, unit));
                    case 2, 3 -> {
                        c.addAll(List.of("GEOSEARCH", "pts"));
                        if (fromMember) c.addAll(List.of("FROMMEMBER", center));
                        else c.addAll(List.of("FROMLONLAT", lon, lat));
                        if (random.nextBoolean()) c.addAll(List.of("BYRADIUS", size, unit));
                        else c.addAll(List.of("BYBOX", size, fmt(meters / scale * random.nextDouble() * 2), unit));
                    }
                    default -> {
                        store = true;
                        storeDist = random.nextBoolean();
                        c.addAll(List.of("GEOSEARCHSTORE", storeDist ? "dstd" : "dst", "pts"));
                        if (fromMember) c.addAll(List.of("FROMMEMBER", center));
                        else c.addAll(List.of("FROMLONLAT", lon, lat));
                        if (random.nextBoolean()) c.addAll(List.of("BYRADIUS", size, unit));
                        else c.addAll(List.of("BYBOX", size, fmt(meters / scale * random.nextDouble() * 2), unit));
                        if (storeDist) c.add("STOREDIST");
                    }
                }
                if (!store) {
                    if (random.nextBoolean()) c.add("WITHDIST");
                    if (random.nextBoolean()) c.add("WITHCOORD");
                    if (random.nextBoolean()) c.add("WITHHASH");
                }
                int order = random.nextInt(3);
                if (order == 1) c.add("ASC");
                if (order == 2) c.add("DESC");
                if (random.nextBoolean()) {
                    c.addAll(List.of("COUNT", String.valueOf(1 + random.nextInt(30))));
                    if (random.nextInt(3) == 0) c.add("ANY");
                }
                commands.add(cmd(c.toArray(new String[0])));
                if (store) commands.add(cmd("ZRANGE", storeDist ? "dstd" : "dst", "0", "-1", "WITHSCORES"));
                if (random.nextInt(4) == 0) {
                    commands.add(cmd("GEODIST", "pts", "p" + random.nextInt(points), "p" + random.nextInt(points),
                            units[random.nextInt(4)]));
                    commands.add(cmd("GEOPOS", "pts", "p" + random.nextInt(points)));
                    commands.add(cmd("GEOHASH", "pts", "p" + random.nextInt(points)));
                }
            }
            ScriptDifferential.assertSame(cinnabar.port(), redis.port(), commands,
                    GeoDifferentialTest::roundStoredDistances);
        }
    }

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+(e[-+]?[0-9]+)?");

    /**
     * Scores of STOREDIST results, listed with ZRANGE WITHSCORES, are compared to 15 significant digits: Redis 7.0
     * prints them with %.17g where 7.2 prints the shortest form, and distances come from sin, cos and asin, which
     * the C library rounds correctly in all but about 0.1% of cases and Cinnabar always, so the last bit of a
     * distance may differ. Geohash scores (integers) and everything else (members, order, WITHDIST's four
     * decimals, coordinates) stay byte for byte.
     */
    private static String roundStoredDistances(String transcript) {
        if (!transcript.startsWith("> ZRANGE")) return transcript;
        Matcher m = DECIMAL.matcher(transcript);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // the double itself, rounded, whatever digits printed it
            double value = Double.parseDouble(m.group());
            String rounded = new BigDecimal(value).round(new MathContext(15)).toString();
            m.appendReplacement(out, Matcher.quoteReplacement(rounded));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\\$[0-9]+\\\\r\\\\n\n", "\\$n\\\\r\\\\n\n");
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.7f", d);
    }

    private static byte[][] cmd(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return bytes;
    }
}
