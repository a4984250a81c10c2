package io.conduit.common.tls;

import io.conduit.common.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS that trusts the certificates of one PEM file (a CA, or a server's own certificate), and no
 * others: outgoing HTTPS connections with a {@code caFile}, the dashboard reaching an HTTPS-only
 * admin API with the cluster's CA.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /**
     * @param file a PEM file of one or more X.509 certificates
     * @return a TLS context trusting exactly them
     * @throws InvalidInputException saying why the file cannot be used
     */
    public static SSLContext trusting(String file) {
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
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trusting " + file + ": " + e.getMessage(), e);
        }
    }
}
