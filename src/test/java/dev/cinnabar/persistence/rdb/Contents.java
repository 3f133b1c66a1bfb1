package dev.cinnabar.persistence.rdb;

import dev.cinnabar.hashes.HashValue;
import dev.cinnabar.lists.ListValue;
import dev.cinnabar.sets.SetValue;
import dev.cinnabar.zsets.ZsetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** A value's type, encoding and elements as one comparable text (hash and set contents sorted). */
final class Contents {
    private Contents() {}

    static String s(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }

    static String of(Object value) {
        return switch (value) {
            case ListValue list -> "list/" + list.encoding() + " " + list.elements(0, list.size(), false).stream()
                    .map(e -> s(e, 0, e.length)).toList();
            case HashValue hash -> {
                TreeMap<String, String> pairs = new TreeMap<>();
                hash.forEach((a, fo, fl, vo, vl) -> pairs.put(s(a, fo, fl), s(a, vo, vl)));
                yield "hash/" + hash.encoding() + " " + pairs;
            }
            case SetValue set -> {
                TreeSet<String> members = new TreeSet<>();
                set.forEach((a, o, l) -> members.add(s(a, o, l)));
                yield "set/" + set.encoding() + " " + members;
            }
            case ZsetValue zset -> {
                List<String> elements = new ArrayList<>();
                zset.forEach(false, (m, score) -> elements.add(s(m, 0, m.length) + "=" + score));
                yield "zset/" + zset.encoding() + " " + elements;
            }
            case byte[] string -> "string " + s(string, 0, string.length);
            default -> throw new AssertionError("unexpected value " + value);
        };
    }
}
