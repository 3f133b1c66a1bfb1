package dev.cinnabar.tls;

/** The TLS behaviour on the JDK's own TLS, the fallback where netty-tcnative does not load. */
class TlsJdkTest extends TlsBehaviour {
    @Override
    String provider() {
        return "jdk";
    }
}
