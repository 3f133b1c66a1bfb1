package dev.cinnabar.scripting.lib;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and building {@link LuaValue.Table}s with Lua's key identity (raw equality). */
final class LuaTables {
    private LuaTables() {
    }

    /**
     * A key that is equal for keys Lua considers the same: numbers by value (0 and -0 are one key), strings by
     * content, tables by identity.
     */
    static Object identity(LuaValue key) {
        return switch (key) {
            case LuaValue.Num n -> n.value() == 0 ? 0.0 : n.value();
            case LuaValue.Str s -> ByteBuffer.wrap(s.bytes());
            case LuaValue.Bool b -> b.value();
            case LuaValue.Table t -> new SameObject(t);
            case LuaValue.Opaque o -> o;
            case LuaValue.Nil n -> n;
        };
    }

    private record SameObject(Object target) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SameObject s && s.target == target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }
    }

    /** Raw lookup by key (rawget): nil when absent. */
    static final class Lookup {
        private final Map<Object, LuaValue> values;

        Lookup(LuaValue.Table table) {
            values = new HashMap<>(table.keys().size() * 2);
            for (int i = 0; i < table.keys().size(); i++) {
                values.put(identity(table.keys().get(i)), table.values().get(i));
            }
        }

        LuaValue get(double index) {
            LuaValue v = values.get(index == 0 ? 0.0 : index);
            return v == null ? LuaValue.NIL : v;
        }
    }

    /** Builds a table as a sequence of rawset calls: a nil value removes the key, a later set replaces. */
    static final class Builder {
        private final LinkedHashMap<Object, LuaValue[]> entries = new LinkedHashMap<>();

        /** Returns an error message Lua would raise for this key ("table index is nil"), or null. */
        String set(LuaValue key, LuaValue value) {
            if (key instanceof LuaValue.Nil) return "table index is nil";
            if (key instanceof LuaValue.Num n && Double.isNaN(n.value())) return "table index is NaN";
            Object id = identity(key);
            if (value instanceof LuaValue.Nil) {
                entries.remove(id);
            } else {
                LuaValue[] existing = entries.get(id);
                if (existing != null) existing[1] = value;
                else entries.put(id, new LuaValue[] {key, value});
            }
            return null;
        }

        LuaValue.Table build() {
            List<LuaValue> keys = new ArrayList<>(entries.size());
            List<LuaValue> values = new ArrayList<>(entries.size());
            for (LuaValue[] entry : entries.values()) {
                keys.add(entry[0]);
                values.add(entry[1]);
            }
            return new LuaValue.Table(keys, values);
        }
    }
}
