package dev.cinnabar.scripting;

import dev.cinnabar.command.RedisError;
import dev.cinnabar.persistence.rdb.Crc64;
import dev.cinnabar.persistence.rdb.DumpPayload;
import dev.cinnabar.persistence.rdb.RdbFormat;
import dev.cinnabar.persistence.rdb.RdbFormatException;
import dev.cinnabar.persistence.rdb.RdbReader;
import dev.cinnabar.persistence.rdb.RdbWriter;
import dev.cinnabar.protocol.ArgSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FUNCTION libraries: each library's code and the functions it registered, by library and by function name,
 * in their own Lua state (created on first use; FUNCTION FLUSH starts a fresh one).
 */
final class FunctionLibraries {
    record Function(String name, Library library, int slot, int flags, String description) {}

    record Library(String name, byte[] code, List<Function> functions) {}

    private static final int OPCODE_FUNCTION_PRE_GA = 246, OPCODE_FUNCTION2 = 245;

    private final Map<String, Library> libraries = new LinkedHashMap<>();
    /** By {@link #key}: lower-cased name. */
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private LuaEngine engine;

    LuaEngine engine() {
        if (engine == null) engine = new LuaEngine(ScriptLibraries.create(), "@user_function");
        return engine;
    }

    Map<String, Library> libraries() {
        return libraries;
    }

    /** Function names are case-insensitive, as in Redis's function dictionary (names are ASCII). */
    private static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    Function function(String name) {
        return functions.get(key(name));
    }

    int functionCount() {
        return functions.size();
    }

    long luaMemory() {
        return engine == null ? 0 : engine.memoryBytes();
    }

    long codeBytes() {
        long total = 0;
        for (Library l : libraries.values()) total += l.code().length;
        return total;
    }

    /** FUNCTION LOAD: the library's name once its functions are registered. */
    String load(byte[] code, boolean replace) {
        int shebangEnd = indexOf(code, (byte) '\n');
        String name = metadataName(code, shebangEnd);
        Library old = libraries.get(name);
        if (old != null && !replace) throw new RedisError("ERR Library '" + name + "' already exists");
        List<LuaEngine.Registration> registered;
        try {
            registered = engine().loadLibrary(code, shebangEnd, code.length - shebangEnd);
        } catch (LuaEngine.CompileError e) {
            throw new RedisError("ERR Error compiling function: " + e.getMessage());
        } catch (LuaEngine.LoadError e) {
            throw new RedisError("ERR Error registering functions: " + e.getMessage());
        }
        for (LuaEngine.Registration r : registered) {
            Function existing = functions.get(key(r.name()));
            if (existing != null && existing.library() != old) {
                for (LuaEngine.Registration each : registered) engine.release(each.function());
                throw new RedisError("ERR Function " + r.name() + " already exists");
            }
        }
        if (registered.isEmpty()) throw new RedisError("ERR No functions registered");
        if (old != null) remove(old);
        List<Function> list = new ArrayList<>();
        Library library = new Library(name, code, list);
        for (LuaEngine.Registration r : registered) {
            int flags = Scripting.parseFlags(r.flags(), "ERR unknown flag given");
            Function f = new Function(r.name(), library, r.function(), flags, r.description());
            list.add(f);
            functions.put(key(f.name()), f);
        }
        libraries.put(name, library);
        return name;
    }

    /** Redis's functionExtractLibMetaData and engine check on the "#!lua name=..." first line. */
    private static String metadataName(byte[] code, int shebangEnd) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') throw new RedisError("ERR Missing library metadata");
        if (shebangEnd < 0) throw new RedisError("ERR Invalid library metadata");
        List<byte[]> parts = ArgSplitter.split(code, 0, shebangEnd);
        if (parts == null || parts.isEmpty()) throw new RedisError("ERR Invalid library metadata");
        String engineName = new String(parts.get(0), 2, parts.get(0).length - 2, StandardCharsets.UTF_8);
        String name = null;
        for (int i = 1; i < parts.size(); i++) {
            String part = new String(parts.get(i), StandardCharsets.UTF_8);
            if (!part.regionMatches(true, 0, "name=", 0, 5)) {
                throw new RedisError("ERR Invalid metadata value given: " + part);
            }
            if (name != null) {
                throw new RedisError("ERR Invalid metadata value, name argument was given multiple times");
            }
            name = part.substring(5);
        }
        if (name == null) throw new RedisError("ERR Library name was not given");
        if (!engineName.equalsIgnoreCase("lua")) throw new RedisError("ERR Engine '" + engineName + "' not found");
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_')) {
            throw new RedisError("ERR Library names can only contain letters, numbers, or underscores(_) and must "
                    + "be at least one character long");
        }
        return name;
    }

    private static int indexOf(byte[] code, byte b) {
        for (int i = 0; i < code.length; i++) if (code[i] == b) return i;
        return -1;
    }

    /** FUNCTION DELETE. */
    void delete(String name) {
        Library library = libraries.get(name);
        if (library == null) throw new RedisError("ERR Library not found");
        remove(library);
    }

    private void remove(Library library) {
        libraries.remove(library.name());
        for (Function f : library.functions()) {
            functions.remove(key(f.name()));
            engine.release(f.slot());
        }
    }

    /** FUNCTION DUMP: each library's code after the RDB function opcode, then the DUMP footer. */
    byte[] dump() {
        RdbWriter out = new RdbWriter();
        for (Library library : libraries.values()) {
            out.writeByte(OPCODE_FUNCTION2);
            out.writeString(library.code());
        }
        out.writeByte(RdbFormat.VERSION & 0xFF);
        out.writeByte((RdbFormat.VERSION >>> 8) & 0xFF);
        byte[] body = out.toByteArray();
        out.writeLongLittleEndian(Crc64.of(body));
        return out.toByteArray();
    }

    /** FUNCTION RESTORE with policy "flush", "append" or "replace", as Redis's functionRestoreCommand. */
    void restore(byte[] payload, String policy) {
        if (!DumpPayload.verify(payload)) throw new RedisError("ERR DUMP payload version or checksum are wrong");
        FunctionLibraries restored = new FunctionLibraries();
        try {
            // everything before the 10-byte footer is libraries
            java.io.ByteArrayInputStream body = new java.io.ByteArrayInputStream(payload, 0, payload.length - 10);
            RdbReader in = new RdbReader(body);
            while (body.available() > 0) {
                int type = in.readByte();
                if (type == OPCODE_FUNCTION_PRE_GA) throw new RedisError("ERR Pre-GA function format not supported");
                if (type != OPCODE_FUNCTION2) throw new RedisError("ERR given type is not a function");
                restored.load(in.readString(), false);
            }
            if (policy.equals("flush")) {
                flush();
                libraries.putAll(restored.libraries);
                functions.putAll(restored.functions);
                engine = restored.engine;
                restored = null;
                return;
            }
            boolean replace = policy.equals("replace");
            for (Library library : restored.libraries.values()) {
                Library existing = libraries.get(library.name());
                if (existing != null && !replace) throw new RedisError("ERR Library " + library.name() + " already exists");
                for (Function f : library.functions()) {
                    Function clash = functions.get(key(f.name()));
                    if (clash != null && clash.library() != existing) {
                        throw new RedisError("ERR Function " + f.name() + " already exists");
                    }
                }
            }
            for (Library library : restored.libraries.values()) load(library.code(), true);
        } catch (RdbFormatException | IndexOutOfBoundsException e) {
            throw new RedisError("ERR can not read data type");
        } finally {
            if (restored != null) restored.flush();
        }
    }

    /** FUNCTION FLUSH: no libraries, and a fresh Lua state. */
    void flush() {
        libraries.clear();
        functions.clear();
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
