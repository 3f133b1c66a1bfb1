/**
 * Lua scripting as Redis 7.2 has it: EVAL/EVALSHA and SCRIPT (a cache of compiled scripts by SHA1), FUNCTION
 * libraries and FCALL, on real PUC Lua 5.1 driven through a project-owned FFM binding ({@link
 * dev.cinnabar.scripting.LuaApi}); the sandbox and the redis API (sandbox.lua), conversions between Lua values and
 * RESP, the kill hook that also lets other clients in while a script is busy, and the bridge to the Java-written
 * libraries of {@code scripting.lib}.
 */
package dev.cinnabar.scripting;
