/**
 * The string type (Redis's t_string) and its commands. Strings are stored as plain {@code byte[]} values; a string
 * modified in place (APPEND, SETRANGE) becomes a growable {@link dev.cinnabar.strings.StringValue}. Other packages
 * read either form through {@link dev.cinnabar.strings.Strings}. INCRBYFLOAT's long double arithmetic is emulated
 * exactly by {@link dev.cinnabar.strings.LongDouble}.
 */
package dev.cinnabar.strings;
