package dev.cinnabar.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates made for a test: a CA, a server certificate it signs (for localhost / 127.0.0.1) and a client
 * certificate, written as PEM files in a directory, plus the client-side SSLContexts that trust the CA.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final Path dir;
    public final KeyPair caKeys;
    public final X509Certificate ca;
    public final KeyPair serverKeys;
    public final X509Certificate server;
    public final KeyPair clientKeys;
    public final X509Certificate client;

    private TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        caKeys = rsa();
        ca = sign("Test CA", caKeys, "Test CA", caKeys.getPrivate(), true, false);
        serverKeys = rsa();
        server = sign("Server", serverKeys, "Test CA", caKeys.getPrivate(), false, true);
        clientKeys = rsa();
        client = sign("Client", clientKeys, "Test CA", caKeys.getPrivate(), false, false);
        write("ca.crt", pem(ca));
        write("server.crt", pem(server));
        write("server.key", pkcs8(serverKeys.getPrivate()));
        write("client.crt", pem(client));
        write("client.key", pkcs8(clientKeys.getPrivate()));
    }

    public static TestCertificates create() throws Exception {
        return new TestCertificates(Files.createTempDirectory("cinnabar-tls"));
    }

    /** Removes the files. */
    public void delete() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
    }

    public String path(String name) {
        return dir.resolve(name).toString();
    }

    /** A second server certificate with another subject, for reload tests. */
    public X509Certificate issueServer(String commonName, String certFile, String keyFile) throws Exception {
        KeyPair keys = rsa();
        X509Certificate cert = sign(commonName, keys, "Test CA", caKeys.getPrivate(), false, true);
        write(certFile, pem(cert));
        write(keyFile, pkcs8(keys.getPrivate()));
        return cert;
    }

    /** An EC (P-256) server key and certificate, the key in OpenSSL's SEC1 "EC PRIVATE KEY" form. */
    public void issueEcServer(String certFile, String keyFile) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X509Certificate cert = sign("EC Server", keys, "Test CA", caKeys.getPrivate(), false, true);
        write(certFile, pem(cert));
        // SEC1 with the curve named inside, as "openssl ecparam -genkey" writes it
        var curve = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded())
                .getPrivateKeyAlgorithm().getParameters();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS(), null, curve);
        write(keyFile, "-----BEGIN EC PARAMETERS-----\n" + Base64.getEncoder().encodeToString(curve.toASN1Primitive().getEncoded())
                + "\n-----END EC PARAMETERS-----\n-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sec1.getEncoded())
                + "\n-----END EC PRIVATE KEY-----\n");
    }

    /** The server key in PKCS#1 ("RSA PRIVATE KEY") form, as older OpenSSL tools write it. */
    public void writeServerKeyPkcs1(String keyFile) throws IOException {
        write(keyFile, pem(serverKeys.getPrivate()));
    }

    /** The server key as an encrypted PKCS#8 file (PBES2: PBKDF2 with HMAC-SHA256, AES-256), as openssl pkcs8 writes. */
    public void writeServerKeyEncrypted(String keyFile, String password) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        var key = javax.crypto.SecretKeyFactory.getInstance(algorithm)
                .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray()));
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(algorithm);
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.PBEParameterSpec(salt, 10_000));
        byte[] encrypted = cipher.doFinal(serverKeys.getPrivate().getEncoded());
        // the parameters under their standard name, so that they encode with the PBES2 identifier
        java.security.AlgorithmParameters pbes2 = java.security.AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        var info = new javax.crypto.EncryptedPrivateKeyInfo(pbes2, encrypted);
        write(keyFile, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(info.getEncoded())
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
    }

    /** The key in OpenSSL's legacy encrypted PEM form (Proc-Type / DEK-Info headers). */
    public void writeServerKeyLegacyEncrypted(String keyFile, String password) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaMiscPEMGenerator(serverKeys.getPrivate(),
                    new JcePEMEncryptorBuilder("AES-128-CBC")
                            .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(password.toCharArray())));
        }
        write(keyFile, out.toString());
    }

    /** A client context trusting the CA; with the client certificate when {@code withClientCert}. */
    public SSLContext clientContext(boolean withClientCert, String protocol) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCert) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientKeys.getPrivate(), new char[0], new X509Certificate[] {client, ca});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
                                        boolean isCa, boolean serverNames) throws Exception {
        long now = System.currentTimeMillis();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), new Date(now - 60_000), new Date(now + 86_400_000L),
                new X500Name("CN=" + subject), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (serverNames) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
