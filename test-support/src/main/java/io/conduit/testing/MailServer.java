package io.conduit.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real SMTP and IMAP server (GreenMail: it speaks both protocols over sockets, as a mail server
 * does) on free ports, for one test class: plain SMTP and IMAP, and SMTPS and IMAPS (TLS from the
 * start) with a certificate for 127.0.0.1 ({@link #certificate()}, its PEM file). Mail sent to any
 * address is kept in that address's mailbox; {@link #user} makes a mailbox an IMAP client can log
 * into. GreenMail runs in the test's JVM and loads its TLS key store once per JVM (from system
 * properties, into a socket factory it keeps): so the certificate is made once per JVM too, and every
 * server of the JVM presents it (one made per server failed the TLS test of a class that ran after
 * another class's server in the same JVM).
 */
public final class MailServer implements AutoCloseable {

    private static Path certificate;
    private final int smtpPort = FreePorts.next();
    private final int imapPort = FreePorts.next();
    private final int smtpsPort = FreePorts.next();
    private final int imapsPort = FreePorts.next();
    private GreenMail mail;

    public MailServer start() {
        makeCertificate();
        mail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
            new ServerSetup(smtpsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS),
            new ServerSetup(imapsPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS)});
        mail.start();
        return this;
    }

    /** Makes the JVM's certificate and key store, and points GreenMail at them, once. */
    private static synchronized void makeCertificate() {
        if (certificate != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("conduit-mail-");
            String openssl = Binaries.require("openssl").toString();
            ExternalProcess.run(dir, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
                    "-out", "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1");
            ExternalProcess.run(dir, openssl, "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out",
                    "server.p12", "-passout", "pass:changeit", "-name", "greenmail");
            System.setProperty("greenmail.tls.keystore.file", dir.resolve("server.p12").toString());
            System.setProperty("greenmail.tls.keystore.password", "changeit");
            System.setProperty("greenmail.tls.key.password", "changeit");
            certificate = dir.resolve("cert.pem");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the mail server's certificate", e);
        }
    }

    public int smtpsPort() {
        return smtpsPort;
    }

    public int imapsPort() {
        return imapsPort;
    }

    /** @return the PEM file of the certificate the SMTPS and IMAPS ports present */
    public Path certificate() {
        return certificate;
    }

    /** Makes a mailbox: its address, login and password. */
    public MailServer user(String address, String login, String password) {
        mail.setUser(address, login, password);
        return this;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** @return every mail the server received, in order */
    public List<MimeMessage> received() {
        return List.of(mail.getReceivedMessages());
    }

    @Override
    public void close() {
        if (mail != null) {
            mail.stop();
        }
    }
}
