package io.conduit.server.mail;

import io.conduit.common.tls.TrustedCertificates;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;

/**
 * The Jakarta Mail session of a server: timeouts, TLS (from the start or with STARTTLS), the server's
 * certificate checked against the JVM's trust store or a PEM file's, and its name.
 */
public final class MailSessions {

    private MailSessions() {
    }

    /**
     * @param starttls for {@code smtp}/{@code imap}: upgrade to TLS with STARTTLS, and refuse a server that cannot
     * @param login    whether a user logs in (an SMTP server may take mail without)
     * @param caFile   a PEM file of the certificates to trust instead of the JVM's trust store, or null
     * @return a session for the address's protocol
     */
    public static Session of(MailAddress address, boolean starttls, boolean login, String caFile, Duration timeout) {
        String protocol = address.scheme();
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", address.host());
        props.put(p + "port", String.valueOf(address.port()));
        String ms = String.valueOf(timeout.toMillis());
        props.put(p + "connectiontimeout", ms);
        props.put(p + "timeout", ms);
        props.put(p + "writetimeout", ms);
        if (caFile != null && (address.tls() || starttls)) {
            props.put(p + "ssl.socketFactory", TrustedCertificates.trusting(caFile).getSocketFactory());
        }
        if (address.tls()) {
            props.put(p + "ssl.enable", "true");
            props.put(p + "ssl.checkserveridentity", "true");
        } else if (starttls) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
            props.put(p + "ssl.checkserveridentity", "true");
        }
        if (protocol.startsWith("smtp")) {
            props.put(p + "auth", String.valueOf(login));
        } else {
            // reading a mail does not mark it seen: a node that dies while its service runs leaves it unseen
            props.put(p + "peek", "true");
        }
        return Session.getInstance(props);
    }
}
