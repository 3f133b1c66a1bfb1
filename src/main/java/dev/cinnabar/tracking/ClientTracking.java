package dev.cinnabar.tracking;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** One client's tracking mode: Redis's CLIENT_TRACKING* flags, its redirection and its broadcast prefixes. */
public final class ClientTracking {
    boolean enabled;
    boolean bcast;
    boolean optin;
    boolean optout;
    /** CLIENT CACHING YES (in OPTIN mode) or NO (in OPTOUT mode) was given for the next command. */
    boolean caching;
    boolean noloop;
    /** The client invalidations are redirected to has gone. */
    boolean brokenRedirect;
    /** The client id invalidations go to, 0 for the client itself. */
    long redirect;
    /** The prefixes of a broadcasting client, in byte order. */
    final Set<byte[]> prefixes = new TreeSet<>(Arrays::compareUnsigned);

    public boolean enabled() {
        return enabled;
    }

    public boolean broadcasting() {
        return enabled && bcast;
    }

    public boolean redirectBroken() {
        return enabled && brokenRedirect;
    }

    /** What CLIENT LIST shows as redir: the redirection while tracking (0 for none), -1 when not tracking. */
    public long redirectField() {
        return enabled ? redirect : -1;
    }

    /** Whether the keys read by the command now ending are remembered, given OPTIN / OPTOUT and CLIENT CACHING. */
    boolean remembersReads() {
        return !((optin && !caching) || (optout && caching));
    }
}
