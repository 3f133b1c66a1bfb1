/**
 * TLS for client connections: the server context built from the tls-* parameters (BoringSSL through netty-tcnative
 * where it loads, the JDK's TLS otherwise), rebuilt when CONFIG SET changes them, and the reading of PEM
 * certificates and private keys in the forms OpenSSL writes.
 */
package dev.cinnabar.tls;
