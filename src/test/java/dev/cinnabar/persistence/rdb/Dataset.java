package dev.cinnabar.persistence.rdb;

import static dev.cinnabar.persistence.rdb.LegacyFormats.b;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keys of every type in every encoding (small and large forms, binary data, integers of each width, compressible
 * strings), created with commands so that both servers build them their own way, and a dump of a server's data
 * as comparable text.
 */
final class Dataset {
    private Dataset() {}

    static void populate(Jedis j) {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 7);
        j.set(b("str:int"), b("12345"));
        j.set(b("str:bin"), binary);
        j.set(b("str:compressible"), b("abc".repeat(100)));
        j.set(b("ttl"), b("expiring"));
        j.pexpire(b("ttl"), 500_000);

        j.rpush(b("list:small"), b("a"), b("1"), b("-5"), b("300"), b("70000"), b("5000000000"), b("1.5"),
                b("x".repeat(70)), binary);
        j.rpush(b("list:big"), strings("item", 3000, binary));
        j.rpush(b("list:hugeelement"), b("y".repeat(20_000)), b("z"));
        j.lpush(b("list:ttl"), b("p"), b("q"));
        j.pexpire(b("list:ttl"), 400_000);

        j.hset(b("hash:small"), pairs(10, "v"));
        j.hset(b("hash:big"), pairs(700, "value"));
        Map<byte[], byte[]> longValue = new java.util.LinkedHashMap<>();
        longValue.put(b("f"), b("v".repeat(100)));
        longValue.put(binary, b("7"));
        j.hset(b("hash:longvalue"), longValue);

        j.sadd(b("set:ints"), b("1"), b("2"), b("-100"), b("70000"), b("5000000000"));
        j.sadd(b("set:manyints"), strings("", 700, null));
        j.sadd(b("set:strings"), b("a"), b("b"), b("12"), b("c d"), b("é"));
        j.sadd(b("set:manystrings"), strings("member", 300, binary));

        Map<byte[], Double> small = new java.util.LinkedHashMap<>();
        small.put(b("a"), 1.5);
        small.put(b("b"), Double.NEGATIVE_INFINITY);
        small.put(b("c"), Double.POSITIVE_INFINITY);
        small.put(b("d"), 0.0);
        small.put(b("e"), 3.0);
        small.put(b("f"), 1e-5);
        small.put(b("g"), -123456789012.25);
        j.zadd(b("zset:small"), small);
        Map<byte[], Double> big = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 300; i++) big.put(b("m" + i), i % 3 == 0 ? i : i / 7.0);
        j.zadd(b("zset:big"), big);
        j.zadd(b("zset:longmember"), 2, b("m".repeat(100)));
    }

    /** n strings "prefix" + i (plain integers when prefix is empty), some replaced by binary variants. */
    private static byte[][] strings(String prefix, int n, byte[] binary) {
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = b(prefix + (prefix.isEmpty() ? i * 1000L - 5000 : i));
            if (binary != null && i % 50 == 7) {
                out[i] = java.util.Arrays.copyOf(binary, 20 + i % 30);
                out[i][0] = (byte) i;
                out[i][1] = (byte) (i >> 8);
            }
        }
        return out;
    }

    private static Map<byte[], byte[]> pairs(int n, String value) {
        Map<byte[], byte[]> pairs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) pairs.put(b("field" + i), b(i % 4 == 0 ? Integer.toString(i * 1000) : value + i));
        return pairs;
    }

    /** Every key of the current database: type, encoding (when asked), whether it has a TTL, and its contents. */
    static Map<String, String> contents(Jedis j, boolean withEncoding) {
        Map<String, String> out = new TreeMap<>();
        for (byte[] key : j.keys(b("*"))) {
            String type = j.type(key);
            String content = switch (type) {
                case "string" -> s(j.get(key));
                case "list" -> j.lrange(key, 0, -1).stream().map(Dataset::s).toList().toString();
                case "hash" -> {
                    TreeMap<String, String> sorted = new TreeMap<>();
                    j.hgetAll(key).forEach((f, v) -> sorted.put(s(f), s(v)));
                    yield sorted.toString();
                }
                case "set" -> {
                    TreeSet<String> sorted = new TreeSet<>();
                    j.smembers(key).forEach(m -> sorted.add(s(m)));
                    yield sorted.toString();
                }
                case "zset" -> {
                    List<String> elements = new ArrayList<>();
                    for (Tuple t : j.zrangeWithScores(key, 0, -1)) elements.add(s(t.getBinaryElement()) + "=" + t.getScore());
                    yield elements.toString();
                }
                default -> type;
            };
            String encoding = withEncoding ? " " + s(j.objectEncoding(key)) : "";
            out.put(s(key), type + encoding + (j.pttl(key) > 0 ? " ttl " : " ") + content);
        }
        return out;
    }

    static String s(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
