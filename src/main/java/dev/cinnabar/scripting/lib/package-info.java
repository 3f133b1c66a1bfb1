/**
 * The libraries Redis gives scripts besides Lua's own (cjson, cmsgpack, struct, bit), written in Java against a
 * small model of Lua values so that they do not depend on the engine binding: {@link
 * dev.cinnabar.scripting.lib.CjsonLibrary}, {@link dev.cinnabar.scripting.lib.CmsgpackLibrary}, {@link
 * dev.cinnabar.scripting.lib.StructLibrary}, {@link dev.cinnabar.scripting.lib.BitLibrary}. They reproduce the C
 * libraries Redis 7.2 bundles on x86-64, down to their error messages and their handling of out-of-range numbers.
 * Error messages are Java strings whose chars are bytes (ISO-8859-1), like Lua strings.
 */
package dev.cinnabar.scripting.lib;
