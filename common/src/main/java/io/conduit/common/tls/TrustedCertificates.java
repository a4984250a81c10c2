package io.conduit.common.tls;

import io.conduit.common.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * TLS that trusts the certificates of one PEM file (a CA, or a server's own certificate), and no
 * others: outgoing HTTPS connections with a {@code caFile}, the dashboard reaching an HTTPS-only
 * admin API with the cluster's CA; and that presents a client certificate (mutual TLS) from PEM text
 * holding the certificate chain and its PKCS#8 private key.
 */
public final class TrustedCertificates {

    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TrustedCertificates() {
    }

    /**
     * @param file a PEM file of one or more X.509 certificates
     * @return a TLS context trusting exactly them
     * @throws InvalidInputException saying why the file cannot be used
     */
    public static SSLContext trusting(String file) {
        return context(file, null);
    }

    /**
     * @param caFile            a PEM file of the certificates to trust, or null for the JVM's trust store
     * @param clientCertificate PEM text: the certificate to present, its chain, and its private key
     *                          ({@code BEGIN PRIVATE KEY}, PKCS#8, unencrypted, RSA or EC); or null for none
     * @return a TLS context trusting those and presenting that
     * @throws InvalidInputException saying why either cannot be used
     */
    public static SSLContext context(String caFile, String clientCertificate) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientCertificate == null ? null : keys(clientCertificate),
                    caFile == null ? null : trust(caFile), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** @return the certificate blocks of PEM text, without its keys or anything else, one a line */
    static String certificatesOf(String pem) {
        StringBuilder certificates = new StringBuilder();
        Matcher block = CERTIFICATE.matcher(pem);
        while (block.find()) {
            certificates.append(block.group()).append('\n');
        }
        return certificates.toString();
    }

    /** Checks PEM text as {@link #context} takes it, without making a context. */
    public static void checkClientCertificate(String pem) {
        keys(pem);
    }

    private static KeyManager[] keys(String pem) {
        Collection<? extends Certificate> chain;
        try {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(
                    certificatesOf(pem).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("clientCertificate holds no PEM certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new InvalidInputException("clientCertificate holds no PEM certificate (BEGIN CERTIFICATE)");
        }
        Matcher key = PRIVATE_KEY.matcher(pem);
        if (!key.find()) {
            throw new InvalidInputException("clientCertificate holds no unencrypted PKCS#8 private key (BEGIN PRIVATE KEY);"
                    + " convert one with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(key.group(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("clientCertificate's private key is not valid base64");
        }
        PrivateKey privateKey = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException e) {
                // another algorithm
            }
        }
        if (privateKey == null) {
            throw new InvalidInputException("clientCertificate's private key is not an RSA, EC or Ed25519 PKCS#8 key");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", privateKey, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            return new KeyManager[] {new Always((X509ExtendedKeyManager) factory.getKeyManagers()[0])};
        } catch (KeyStoreException e) {
            throw new InvalidInputException("clientCertificate's private key does not belong to its first certificate: "
                    + e.getMessage());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the client certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Presents the one certificate it holds whatever CAs the server names in its request (the JDK's
     * own would present none when its issuer is not among them): the certificate configured is the
     * one sent, as curl does, and the server decides.
     */
    private static final class Always extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        Always(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static TrustManager[] trust(String file) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new InvalidInputException("caFile " + file + " cannot be read on this node: " + e);
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("caFile " + file + " holds no PEM certificate: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new InvalidInputException("caFile " + file + " holds no PEM certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trusting " + file + ": " + e.getMessage(), e);
        }
    }
}
