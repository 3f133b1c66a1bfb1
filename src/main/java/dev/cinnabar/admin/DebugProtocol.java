package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.RedisError;
import dev.cinnabar.server.Client;
import dev.cinnabar.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * DEBUG PROTOCOL: a sample of each reply type, so clients can test their parsers. In RESP2 each type degrades as
 * every other reply does (bignum to a bulk string, map to a flat array, attribute dropped).
 */
final class DebugProtocol {
    private static final String BIGNUM = "1234567999999999999999999999999999999";
    private static final byte[] ATTRIBUTE = ascii("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n");
    private static final byte[] BIGNUM3 = ascii("(" + BIGNUM + "\r\n");
    private static final RedisError UNKNOWN_TYPE = new RedisError("ERR Wrong protocol type name. Please use one "
            + "of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
    private static final RedisError PUSH_IN_RESP2 = new RedisError("ERR RESP2 is not supported by this command");

    private DebugProtocol() {}

    static void reply(CommandContext ctx, String type) {
        Reply reply = ctx.reply();
        switch (type.toLowerCase(Locale.ROOT)) {
            case "string" -> reply.bulk("Hello World");
            case "integer" -> reply.integer(12345);
            case "double" -> reply.doubleValue(3.141);
            case "bignum" -> {
                if (reply.resp3()) reply.raw(BIGNUM3);
                else reply.bulk(BIGNUM);
            }
            case "null" -> reply.nullBulk();
            case "array" -> counting(reply, reply::arrayHeader);
            case "set" -> counting(reply, reply::setHeader);
            case "map" -> {
                reply.mapHeader(3);
                for (int i = 0; i < 3; i++) {
                    reply.integer(i);
                    reply.bool(i == 1);
                }
            }
            case "attrib" -> {
                if (reply.resp3()) reply.raw(ATTRIBUTE);
                reply.bulk("Some real reply following the attribute");
            }
            case "push" -> {
                if (!reply.resp3()) throw PUSH_IN_RESP2;
                // Redis 7.2 holds a command's pushes to the client running it until its reply is complete
                Client client = ctx.client();
                boolean deferred = client == ctx.server().currentClient() && !client.repliesSuppressed();
                if (deferred) client.beginDeferredPush();
                reply.pushHeader(2);
                reply.bulk("server-cpu-usage");
                reply.integer(42);
                if (deferred) client.endDeferredPush();
                reply.bulk("Some real reply following the push reply");
            }
            case "true" -> reply.bool(true);
            case "false" -> reply.bool(false);
            case "verbatim" -> reply.verbatim("This is a verbatim\nstring");
            default -> throw UNKNOWN_TYPE;
        }
    }

    /** An aggregate of the integers 0, 1, 2. */
    private static void counting(Reply reply, java.util.function.LongConsumer header) {
        header.accept(3);
        for (int i = 0; i < 3; i++) reply.integer(i);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
