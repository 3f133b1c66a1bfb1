package dev.cinnabar.config;

import dev.cinnabar.notify.NotifyClass;

import java.util.List;

/** notify-keyspace-events: the {@link NotifyClass} flags, read and printed in Redis's letters ("" for none). */
public final class NotifyKeyspaceEvents extends ConfigParam {
    private volatile int flags;

    public NotifyKeyspaceEvents() {
        super("notify-keyspace-events", List.of(), true, false, "");
    }

    public int flags() {
        return flags;
    }

    @Override
    public String get() {
        return NotifyClass.format(flags);
    }

    @Override
    public List<RewriteLine> rewriteLines() {
        return List.of(new RewriteLine(name() + " " + dev.cinnabar.protocol.Repr.of(get().getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)), flags != 0));
    }

    @Override
    public void set(List<String> words) throws ConfigException {
        int parsed = NotifyClass.parse(words.get(0));
        if (parsed == -1) throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        flags = parsed;
    }
}
