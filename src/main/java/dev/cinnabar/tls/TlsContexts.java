package dev.cinnabar.tls;

import dev.cinnabar.config.ServerConfig;
import dev.cinnabar.server.Log;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the server's TLS context from the tls-* parameters, checking them as Redis's tlsConfigure does (each
 * problem is logged, and the build fails). BoringSSL (netty-tcnative) is used where its native library loads, the
 * JDK's TLS otherwise; the system property {@value #PROVIDER_PROPERTY} ("jdk" or "openssl") forces one.
 */
public final class TlsContexts {
    public static final String PROVIDER_PROPERTY = "cinnabar.tls.provider";

    private TlsContexts() {}

    /** Why a context could not be built; the details went to the log, as in Redis. */
    public static final class TlsConfigException extends Exception {
        TlsConfigException(String message) {
            super(message, null, false, false);
        }
    }

    /** The TLS implementation new contexts use. */
    public static SslProvider provider() {
        String forced = System.getProperty(PROVIDER_PROPERTY, "").toLowerCase(Locale.ROOT);
        if (forced.equals("jdk")) return SslProvider.JDK;
        if (forced.equals("openssl") || OpenSsl.isAvailable()) return SslProvider.OPENSSL;
        return SslProvider.JDK;
    }

    public static SslContext build(ServerConfig config) throws TlsConfigException {
        if (config.tlsCertFile.value().isEmpty()) throw fail("No tls-cert-file configured!");
        if (config.tlsKeyFile.value().isEmpty()) throw fail("No tls-key-file configured!");
        boolean needsCa = !config.tlsAuthClients.value().equals("no") || config.tlsCluster.value()
                || config.tlsReplication.value();
        if (needsCa && config.tlsCaCertFile.value().isEmpty() && config.tlsCaCertDir.value().isEmpty()) {
            throw fail("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, "
                    + "tls-replication or tls-auth-clients are enabled!");
        }
        List<String> protocols = protocols(config.tlsProtocols.value());
        if (protocols == null) {
            throw fail("Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
        }
        SslProvider provider = provider();
        List<X509Certificate> chain = certificates(config.tlsCertFile.value(), "Failed to load certificate");
        PrivateKey key = privateKey(config.tlsKeyFile.value(), config.tlsKeyFilePass.value());
        checkDhParams(config.tlsDhParamsFile.value());
        if (!config.tlsClientCertFile.value().isEmpty() && !config.tlsClientKeyFile.value().isEmpty()) {
            // the identity for outgoing connections (replication, cluster): loaded to check it, as Redis does
            certificates(config.tlsClientCertFile.value(), "Failed to load certificate");
            privateKey(config.tlsClientKeyFile.value(), config.tlsClientKeyFilePass.value());
        }
        List<X509Certificate> cas = caCertificates(config);
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain).sslProvider(provider).protocols(protocols);
        if (!cas.isEmpty()) builder.trustManager(cas);
        List<String> ciphers = ciphers(config, provider);
        if (!ciphers.isEmpty()) builder.ciphers(ciphers);
        if (config.tlsSessionCaching.value()) {
            builder.sessionCacheSize(config.tlsSessionCacheSize.value()).sessionTimeout(config.tlsSessionCacheTimeout.value());
        }
        SslContext context;
        try {
            context = builder.build();
        } catch (Exception e) {
            throw fail("Failed to configure TLS: " + e.getMessage());
        }
        if (!config.tlsSessionCaching.value() && context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setSessionCacheEnabled(false);
        }
        return context;
    }

    /**
     * The protocols a tls-protocols value enables (Redis's parseProtocolsConfig: names separated by single spaces,
     * case-insensitive); "" means TLSv1.2 and TLSv1.3; null when a name is not one of the four.
     */
    static List<String> protocols(String value) {
        if (value.isEmpty()) return List.of("TLSv1.2", "TLSv1.3");
        Set<String> enabled = new LinkedHashSet<>();
        for (String token : value.split(" ", -1)) {
            switch (token.toLowerCase(Locale.ROOT)) {
                case "tlsv1" -> enabled.add("TLSv1");
                case "tlsv1.1" -> enabled.add("TLSv1.1");
                case "tlsv1.2" -> enabled.add("TLSv1.2");
                case "tlsv1.3" -> enabled.add("TLSv1.3");
                default -> {
                    return null;
                }
            }
        }
        return List.copyOf(enabled);
    }

    /**
     * tls-ciphers (TLSv1.2 and older, OpenSSL names separated by ':') and tls-ciphersuites (TLSv1.3) as one list.
     * The JDK wants its own (IANA) names, so OpenSSL names are translated for it.
     */
    static List<String> ciphers(ServerConfig config, SslProvider provider) {
        List<String> names = new ArrayList<>();
        for (String list : new String[] {config.tlsCiphers.value(), config.tlsCiphersuites.value()}) {
            for (String name : list.split("[:, ]")) {
                if (name.isEmpty()) continue;
                String java = provider == SslProvider.JDK ? CipherSuiteConverter.toJava(name, "TLS") : null;
                names.add(java != null ? java : name);
            }
        }
        return names;
    }

    /**
     * tls-dh-params-file must hold PEM DH parameters, as Redis checks; both TLS implementations then pick their own
     * groups for DHE, and the ECDHE suites never use them.
     */
    private static void checkDhParams(String file) throws TlsConfigException {
        if (file.isEmpty()) return;
        String text;
        try {
            text = Files.readString(Path.of(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw fail("Failed to load " + file + ": No such file or directory");
        }
        if (PemFiles.blocks(text).stream().noneMatch(b -> b.label().equals("DH PARAMETERS"))) {
            throw fail(file + ": failed to read DH params.");
        }
    }

    private static List<X509Certificate> certificates(String file, String what) throws TlsConfigException {
        try {
            List<X509Certificate> certs = PemFiles.certificates(Path.of(file));
            if (certs.isEmpty()) throw new IOException("no certificate in the file");
            return certs;
        } catch (Exception e) {
            throw fail(what + ": " + file + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String file, String password) throws TlsConfigException {
        try {
            return PemFiles.privateKey(Path.of(file), password);
        } catch (Exception e) {
            throw fail("Failed to load private key: " + file + ": " + e.getMessage());
        }
    }

    /** The CAs client certificates must chain to: tls-ca-cert-file plus every certificate in tls-ca-cert-dir. */
    private static List<X509Certificate> caCertificates(ServerConfig config) throws TlsConfigException {
        List<X509Certificate> cas = new ArrayList<>();
        if (!config.tlsCaCertFile.value().isEmpty()) {
            cas.addAll(certificates(config.tlsCaCertFile.value(), "Failed to configure CA certificate(s) file/directory"));
        }
        String dir = config.tlsCaCertDir.value();
        if (!dir.isEmpty()) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path f : files.sorted().toList()) {
                    if (!Files.isRegularFile(f)) continue;
                    try {
                        cas.addAll(PemFiles.certificates(f));
                    } catch (Exception e) {
                        // OpenSSL skips what is not a certificate in a hashed CA directory; so does this
                    }
                }
            } catch (IOException e) {
                throw fail("Failed to configure CA certificate(s) file/directory: " + dir + ": " + e.getMessage());
            }
        }
        return cas;
    }

    private static TlsConfigException fail(String reason) {
        Log.warning(reason);
        return new TlsConfigException(reason);
    }
}
