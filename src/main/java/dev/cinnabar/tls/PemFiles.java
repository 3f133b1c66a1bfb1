package dev.cinnabar.tls;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files Redis users have: certificate chains, CA bundles, and private keys in every form OpenSSL
 * writes (PKCS#8, encrypted PKCS#8, PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY"). The JDK only takes PKCS#8, so
 * the older forms are wrapped into it here.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemFiles() {}

    /** One PEM block: its label ("CERTIFICATE", "RSA PRIVATE KEY"...), headers and decoded body. */
    record Block(String label, boolean legacyEncrypted, byte[] der) {}

    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean legacyEncrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            // headers (Proc-Type, DEK-Info) end at the first blank line; the base64 follows
            int blank = body.indexOf("\n\n");
            if (body.contains(":") && blank >= 0) body = body.substring(blank + 2);
            byte[] der = legacyEncrypted ? new byte[0] : Base64.getMimeDecoder().decode(body);
            blocks.add(new Block(m.group(1), legacyEncrypted, der));
        }
        return blocks;
    }

    /** Every certificate in a PEM file, in file order (a chain: the server's own first). */
    public static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        return certificates(Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (Block b : blocks(pem)) {
            if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        }
        return certs;
    }

    /** The private key in a PEM file; {@code password} (may be null) opens an encrypted PKCS#8 key. */
    public static PrivateKey privateKey(Path file, String password) throws IOException, GeneralSecurityException {
        return privateKey(Files.readString(file, StandardCharsets.ISO_8859_1), password);
    }

    static PrivateKey privateKey(String pem, String password) throws GeneralSecurityException {
        for (Block b : blocks(pem)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der());
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    return pkcs8(decrypt(b.der(), password));
                }
                case "RSA PRIVATE KEY" -> {
                    if (b.legacyEncrypted()) throw legacyEncryption();
                    return pkcs8(wrap(algorithm(RSA_OID, new byte[] {0x05, 0x00}), b.der()));
                }
                case "EC PRIVATE KEY" -> {
                    if (b.legacyEncrypted()) throw legacyEncryption();
                    return pkcs8(wrap(algorithm(EC_OID, Der.curveOf(b.der())), b.der()));
                }
                default -> { } // EC PARAMETERS, certificates...: not the key
            }
        }
        throw new GeneralSecurityException("no private key found");
    }

    private static GeneralSecurityException legacyEncryption() {
        return new GeneralSecurityException("keys encrypted in the legacy OpenSSL format are not supported; "
                + "convert it with 'openssl pkcs8 -topk8'");
    }

    private static byte[] decrypt(byte[] der, String password) throws GeneralSecurityException {
        if (password == null || password.isEmpty()) throw new GeneralSecurityException("the key is encrypted and no password is set");
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (IOException e) {
            throw new GeneralSecurityException("bad encrypted key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key", last);
    }

    /** AlgorithmIdentifier ::= SEQUENCE { OID, parameters }. */
    private static byte[] algorithm(byte[] oid, byte[] parameters) {
        return Der.sequence(Der.tlv(0x06, oid), parameters);
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return Der.sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, Der.tlv(0x04, key));
    }

    /** The little DER this needs: writing TLVs, and finding the curve of a SEC1 key. */
    static final class Der {
        private Der() {}

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (byte[] p : parts) content.writeBytes(p);
            return tlv(0x30, content.toByteArray());
        }

        /**
         * ECPrivateKey ::= SEQUENCE { version, OCTET STRING, [0] curve OID OPTIONAL, [1] public key OPTIONAL }:
         * returns the encoded curve OID (tag included), which PKCS#8 carries in the algorithm identifier.
         */
        static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
            int[] pos = {0};
            int seqEnd = enter(sec1, pos, 0x30);
            while (pos[0] < seqEnd) {
                int tag = sec1[pos[0]] & 0xff;
                int start = pos[0];
                int end = enter(sec1, pos, tag);
                if (tag == 0xa0) return java.util.Arrays.copyOfRange(sec1, pos[0], end);
                pos[0] = end;
                if (start == pos[0]) break;
            }
            throw new GeneralSecurityException("EC private key without a named curve");
        }

        /** Reads a tag and length at pos[0], leaves pos[0] at the content and returns where the content ends. */
        private static int enter(byte[] der, int[] pos, int expectedTag) throws GeneralSecurityException {
            int p = pos[0];
            if (p + 2 > der.length || (der[p] & 0xff) != expectedTag) throw new GeneralSecurityException("bad DER");
            p++;
            int len = der[p++] & 0xff;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                len = 0;
                for (int i = 0; i < bytes; i++) len = (len << 8) | (der[p++] & 0xff);
            }
            if (p + len > der.length) throw new GeneralSecurityException("bad DER");
            pos[0] = p;
            return p + len;
        }
    }
}
