/**
 * Bit operations on string values (Redis's bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
 * BITFIELD_RO. Bitmaps are ordinary strings read and written through {@link dev.cinnabar.strings.Strings}; bit 0 is
 * the most significant bit of the first byte.
 */
package dev.cinnabar.bitmaps;
