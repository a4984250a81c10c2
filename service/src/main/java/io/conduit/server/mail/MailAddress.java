package io.conduit.server.mail;

import io.conduit.common.tls.TrustedCertificates;
import io.conduit.server.config.CrossChecked;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * A mail server: {@code smtp://host:587} (STARTTLS when the connection asks for it),
 * {@code smtps://host:465} (TLS from the start), {@code imap://host:143} or {@code imaps://host:993}.
 * Users and passwords are fields of their own, never in the address.
 *
 * @param scheme {@code smtp}, {@code smtps}, {@code imap} or {@code imaps}
 * @param host   the server
 * @param port   its port
 */
public record MailAddress(String scheme, String host, int port) {

    /**
     * @param schemes the schemes allowed here
     * @return the address, parsed
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static MailAddress parse(String address, Set<String> schemes) {
        String forms = String.join(" or ", schemes.stream().sorted().map(s -> s + "://host[:port]").toList());
        URI uri;
        try {
            uri = new URI(address == null ? "" : address.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not an address (" + e.getReason() + "); write " + forms);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be " + forms);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold a user or password: use the user and password fields");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : switch (scheme) {
            case "smtp" -> 587;
            case "smtps" -> 465;
            case "imap" -> 143;
            default -> 993;
        };
        return new MailAddress(scheme, uri.getHost(), port);
    }

    /** Reports what is wrong with an address field. */
    public static void check(String address, Set<String> schemes, String field, CrossChecked.Findings findings) {
        if (address != null) {
            try {
                parse(address, schemes);
            } catch (IllegalArgumentException e) {
                findings.add(field, e.getMessage());
            }
        }
    }

    /** Reports a {@code caFile} field that cannot be used, saying why. */
    public static void checkCaFile(String caFile, CrossChecked.Findings findings) {
        if (caFile != null) {
            try {
                TrustedCertificates.trusting(caFile);
            } catch (RuntimeException e) {
                findings.add("caFile", e.getMessage());
            }
        }
    }

    /** @return whether the connection is TLS from the start */
    public boolean tls() {
        return scheme.endsWith("s");
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
