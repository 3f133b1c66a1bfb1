package dev.cinnabar.keyspace;

import java.lang.management.ManagementFactory;

/**
 * Heap sizes of the JVM's objects and arrays as this JVM lays them out (compact object headers or not, compressed
 * references or not), so that stored data can account its memory without asking the garbage collector. Sizes are
 * the bytes an object occupies on the heap, 8-byte aligned.
 */
public final class Footprint {
    private static final boolean COMPACT_HEADERS = vmFlag("UseCompactObjectHeaders");
    private static final boolean COMPRESSED_OOPS = vmFlag("UseCompressedOops");
    /** Object header: mark word plus class pointer, or one word with compact headers. */
    public static final int OBJECT_HEADER = COMPACT_HEADERS ? 8 : 12;
    /** Array header: the object header plus the 4-byte length. */
    public static final int ARRAY_HEADER = OBJECT_HEADER + 4;
    /** A reference field or array element. */
    public static final int REFERENCE = COMPRESSED_OOPS ? 4 : 8;

    private Footprint() {}

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** A {@code byte[]} of the given length. */
    public static long bytes(long length) {
        return align(ARRAY_HEADER + length);
    }

    /** An {@code Object[]} (or any reference array) of the given length, not counting what it refers to. */
    public static long references(long length) {
        return align(ARRAY_HEADER + length * REFERENCE);
    }

    /** An {@code int[]} of the given length. */
    public static long ints(long length) {
        return align(ARRAY_HEADER + length * 4);
    }

    /** An object with the given number of reference fields and bytes of primitive fields. */
    public static long object(int referenceFields, int primitiveBytes) {
        return align(OBJECT_HEADER + (long) referenceFields * REFERENCE + primitiveBytes);
    }

    private static boolean vmFlag(String name) {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean != null && "true".equals(bean.getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
