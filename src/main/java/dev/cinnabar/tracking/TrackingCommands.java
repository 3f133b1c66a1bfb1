package dev.cinnabar.tracking;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandTable;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.protocol.Reply;
import dev.cinnabar.server.Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** CLIENT TRACKING, CLIENT CACHING, CLIENT GETREDIR and CLIENT TRACKINGINFO. */
public final class TrackingCommands {
    private static final String SWITCH_MODE = "tracking for this client, and then re-enabling it with a different mode.";

    private TrackingCommands() {}

    public static void register(CommandTable.Builder table) {
        table.handle("client|tracking", TrackingCommands::tracking)
                .handle("client|caching", TrackingCommands::caching)
                .handle("client|getredir", ctx -> ctx.reply().integer(redirectOf(ctx.client())))
                .handle("client|trackinginfo", TrackingCommands::trackingInfo);
    }

    private static long redirectOf(Client client) {
        return client.tracking() == null ? -1 : client.tracking().redirectField();
    }

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN] [OPTOUT] [NOLOOP], checked in Redis's order. */
    static void tracking(CommandContext ctx) {
        long redirect = 0;
        boolean bcast = false, optin = false, optout = false, noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < ctx.argc(); j++) {
            boolean moreArgs = j < ctx.argc() - 1;
            if (ctx.argIs(j, "redirect") && moreArgs) {
                j++;
                if (redirect != 0) throw new RedisError("ERR A client can only redirect to a single other client");
                redirect = Numbers.parseLong(ctx.arg(j), RedisError.NOT_INTEGER);
                // the client must exist now, even if it may leave later
                if (ctx.server().client(redirect) == null) {
                    throw new RedisError("ERR The client ID you want redirect to does not exist");
                }
            } else if (ctx.argIs(j, "bcast")) {
                bcast = true;
            } else if (ctx.argIs(j, "optin")) {
                optin = true;
            } else if (ctx.argIs(j, "optout")) {
                optout = true;
            } else if (ctx.argIs(j, "noloop")) {
                noloop = true;
            } else if (ctx.argIs(j, "prefix") && moreArgs) {
                prefixes.add(ctx.arg(++j));
            } else {
                throw RedisError.SYNTAX;
            }
        }
        Client client = ctx.client();
        Tracking tracking = ctx.server().tracking();
        if (ctx.argIs(2, "on")) {
            ClientTracking current = client.tracking();
            boolean on = current != null && current.enabled;
            if (!bcast && !prefixes.isEmpty()) throw new RedisError("ERR PREFIX option requires BCAST mode to be enabled");
            if (on && current.bcast != bcast) {
                throw new RedisError("ERR You can't switch BCAST mode on/off before disabling " + SWITCH_MODE);
            }
            if (bcast && (optin || optout)) throw new RedisError("ERR OPTIN and OPTOUT are not compatible with BCAST");
            if (optin && optout) throw new RedisError("ERR You can't specify both OPTIN mode and OPTOUT mode");
            if (on && ((optin && current.optout) || (optout && current.optin))) {
                throw new RedisError("ERR You can't switch OPTIN/OPTOUT mode before disabling " + SWITCH_MODE);
            }
            if (bcast && !prefixesAccepted(ctx.reply(), current, prefixes)) return;
            tracking.enable(client, redirect, bcast, optin, optout, noloop, prefixes);
        } else if (ctx.argIs(2, "off")) {
            tracking.disable(client);
        } else {
            throw RedisError.SYNTAX;
        }
        ctx.reply().ok();
    }

    /**
     * Redis's checkPrefixCollisionsOrReply: two prefixes overlap when one starts with the other (they would both
     * cover some keys). Replies with the error and returns false on an overlap with a prefix the client has, or
     * between the first new prefix and a later one. Redis 7.2 reports an overlap between two later new prefixes
     * but then goes on enabling tracking (its check returns the nonzero index as success): the error is followed
     * by the OK, and the prefixes are added. Kept, as clients of 7.2 see it.
     */
    private static boolean prefixesAccepted(Reply reply, ClientTracking current, List<byte[]> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            if (current != null) {
                for (byte[] existing : current.prefixes) {
                    if (overlap(existing, p)) {
                        reply.error("ERR Prefix '" + text(p) + "' overlaps with an existing prefix '" + text(existing)
                                + "'. Prefixes for a single client must not overlap.");
                        return false;
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    reply.error("ERR Prefix '" + text(p) + "' overlaps with another provided prefix '"
                            + text(prefixes.get(j)) + "'. Prefixes for a single client must not overlap.");
                    return i != 0;
                }
            }
        }
        return true;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    /** A prefix as Redis formats it with %s: up to its first NUL byte. */
    private static String text(byte[] prefix) {
        int end = 0;
        while (end < prefix.length && prefix[end] != 0) end++;
        return new String(prefix, 0, end, StandardCharsets.UTF_8);
    }

    /** CLIENT CACHING YES|NO: whether the next command's reads are tracked, in OPTIN / OPTOUT mode. */
    static void caching(CommandContext ctx) {
        ClientTracking t = ctx.client().tracking();
        if (t == null || !t.enabled) {
            throw new RedisError("ERR CLIENT CACHING can be called only when the client is in tracking mode with "
                    + "OPTIN or OPTOUT mode enabled");
        }
        if (ctx.argIs(2, "yes")) {
            if (!t.optin) throw new RedisError("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        } else if (ctx.argIs(2, "no")) {
            if (!t.optout) throw new RedisError("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        } else {
            throw RedisError.SYNTAX;
        }
        t.caching = true;
        ctx.reply().ok();
    }

    /** CLIENT TRACKINGINFO: a map of flags (a set), redirect and prefixes. */
    static void trackingInfo(CommandContext ctx) {
        ClientTracking t = ctx.client().tracking();
        boolean on = t != null && t.enabled;
        List<String> flags = new ArrayList<>();
        flags.add(on ? "on" : "off");
        if (on) {
            if (t.bcast) flags.add("bcast");
            if (t.optin) {
                flags.add("optin");
                if (t.caching) flags.add("caching-yes");
            }
            if (t.optout) {
                flags.add("optout");
                if (t.caching) flags.add("caching-no");
            }
            if (t.noloop) flags.add("noloop");
            if (t.brokenRedirect) flags.add("broken_redirect");
        }
        Reply reply = ctx.reply();
        reply.mapHeader(3);
        reply.bulk("flags");
        reply.setHeader(flags.size());
        for (String f : flags) reply.bulk(f);
        reply.bulk("redirect");
        reply.integer(redirectOf(ctx.client()));
        reply.bulk("prefixes");
        List<byte[]> prefixes = t == null ? List.of() : new ArrayList<>(t.prefixes);
        reply.arrayHeader(prefixes.size());
        for (byte[] p : prefixes) reply.bulk(p);
    }
}
