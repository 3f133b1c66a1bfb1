/**
 * The libraries Redis gives scripts besides Lua's own (cjson, cmsgpack, struct, bit), written in Java against a
 * small model of Lua values so that they do not depend on the engine binding.
 */
package dev.cinnabar.scripting.lib;
