package dev.cinnabar.tls;

import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The TLS behaviour on BoringSSL (netty-tcnative), the implementation used wherever its native library loads. */
class TlsOpenSslTest extends TlsBehaviour {
    @BeforeAll
    static void nativeLibraryLoads() {
        assumeTrue(OpenSsl.isAvailable(), () -> "netty-tcnative does not load here: " + OpenSsl.unavailabilityCause());
    }

    @Override
    String provider() {
        return "openssl";
    }
}
