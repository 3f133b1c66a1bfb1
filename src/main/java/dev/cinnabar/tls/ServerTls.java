package dev.cinnabar.tls;

import dev.cinnabar.config.ConfigException;
import dev.cinnabar.config.ConfigParam;
import dev.cinnabar.config.ServerConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The server's TLS state: the context new TLS connections get, rebuilt when a tls-* parameter changes (CONFIG SET
 * fails, and rolls back, when the new settings do not make a context), as in Redis 7.2. Connections already
 * established keep the context they started with.
 */
public final class ServerTls {
    /** Re-listens on tls-port (CONFIG SET tls-port). */
    @FunctionalInterface
    public interface Rebind {
        void rebind() throws Exception;
    }

    private static final String UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";
    private final ServerConfig config;
    private volatile SslContext context;

    public ServerTls(ServerConfig config) {
        this.config = config;
    }

    /** True when the server needs a TLS context: a TLS port, or TLS towards replicas or cluster peers. */
    public boolean wanted() {
        return config.tlsPort.value() != 0 || config.tlsReplication.value() || config.tlsCluster.value();
    }

    /** Builds the context (Redis's tlsConfigure); without {@code reconfigure}, an existing one is kept. */
    public void configure(boolean reconfigure) throws TlsContexts.TlsConfigException {
        if (!reconfigure && context != null) return;
        context = TlsContexts.build(config);
    }

    public boolean configured() {
        return context != null;
    }

    /**
     * Makes CONFIG SET of the TLS parameters take effect: a changed setting rebuilds the context (when TLS is in
     * use), a changed tls-port makes sure there is one and listens on the new port (0 closes the TLS listeners).
     */
    public void installConfigHooks(Rebind rebind) {
        ConfigParam.Apply reconfigure = () -> {
            if (!wanted()) return;
            try {
                configure(true);
            } catch (TlsContexts.TlsConfigException e) {
                throw new ConfigException(UPDATE_FAILED);
            }
        };
        for (ConfigParam p : config.tlsContextParams()) p.onApply(reconfigure);
        config.tlsPort.onApply(() -> {
            try {
                if (config.tlsPort.value() != 0) configure(false);
            } catch (TlsContexts.TlsConfigException e) {
                throw new ConfigException(UPDATE_FAILED);
            }
            try {
                rebind.rebind();
            } catch (Exception e) {
                throw new ConfigException("Unable to listen on this port. Check server logs.");
            }
        });
    }

    /**
     * The handler that runs TLS for one new connection. tls-auth-clients and tls-prefer-server-ciphers are applied
     * per connection, so a change reaches the next client without a new context.
     */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setUseCipherSuitesOrder(config.tlsPreferServerCiphers.value());
        engine.setSSLParameters(parameters);
        switch (config.tlsAuthClients.value()) {
            case "yes" -> engine.setNeedClientAuth(true);
            case "optional" -> engine.setWantClientAuth(true);
            default -> engine.setNeedClientAuth(false);
        }
        return handler;
    }
}
