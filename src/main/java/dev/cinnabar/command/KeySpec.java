package dev.cinnabar.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One key spec of a command: where the search for keys begins (a fixed index, or after a keyword) and how the keys
 * are laid out from there (a range, or a count argument followed by that many keys), plus the access flags of
 * those keys. See {@link KeyExtractor} for how they are applied to a command line.
 */
public final class KeySpec {
    public enum Begin { INDEX, KEYWORD, UNKNOWN }

    public enum Find { RANGE, KEYNUM, UNKNOWN }

    final int flags;
    final Begin begin;
    final int index;            // INDEX: position of the first key
    final String keyword;       // KEYWORD: lower-case keyword after which the keys start
    final int startFrom;        // KEYWORD: where to start looking; negative counts from the end, searching backwards
    final Find find;
    final int lastKey;          // RANGE: last key relative to the first; negative counts from the end of argv
    final int keyStep;          // RANGE and KEYNUM: distance between keys
    final int limit;            // RANGE with lastKey -1: only 1/limit of the remaining arguments are keys
    final int keyNumIndex;      // KEYNUM: position of the key count, relative to the begin-search result
    final int firstKey;         // KEYNUM: position of the first key, relative to the begin-search result

    private KeySpec(JsonNode spec) {
        int f = 0;
        for (JsonNode flag : spec.path("flags")) f |= KeyFlag.fromWireName(flag.asText()).bit;
        flags = f;
        JsonNode bs = spec.path("begin_search");
        JsonNode b = bs.path("spec");
        switch (bs.path("type").asText()) {
            case "index" -> { begin = Begin.INDEX; index = b.path("index").asInt(); keyword = null; startFrom = 0; }
            case "keyword" -> {
                begin = Begin.KEYWORD;
                index = 0;
                keyword = b.path("keyword").asText().toLowerCase(java.util.Locale.ROOT);
                startFrom = b.path("startfrom").asInt();
            }
            default -> { begin = Begin.UNKNOWN; index = 0; keyword = null; startFrom = 0; }
        }
        JsonNode fk = spec.path("find_keys");
        JsonNode k = fk.path("spec");
        switch (fk.path("type").asText()) {
            case "range" -> {
                find = Find.RANGE;
                lastKey = k.path("lastkey").asInt();
                keyStep = k.path("keystep").asInt();
                limit = k.path("limit").asInt();
                keyNumIndex = firstKey = 0;
            }
            case "keynum" -> {
                find = Find.KEYNUM;
                keyNumIndex = k.path("keynumidx").asInt();
                firstKey = k.path("firstkey").asInt();
                keyStep = k.path("keystep").asInt();
                lastKey = limit = 0;
            }
            default -> {
                find = Find.UNKNOWN;
                lastKey = keyStep = limit = keyNumIndex = firstKey = 0;
            }
        }
    }

    static KeySpec parse(JsonNode spec) {
        return new KeySpec(spec);
    }

    public int flags() {
        return flags;
    }

    public boolean has(KeyFlag flag) {
        return (flags & flag.bit) != 0;
    }

    public Begin begin() {
        return begin;
    }

    public Find find() {
        return find;
    }
}
