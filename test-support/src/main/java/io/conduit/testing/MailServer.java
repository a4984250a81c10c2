package io.conduit.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * A real SMTP and IMAP server (GreenMail: it speaks both protocols over sockets, as a mail server
 * does) on free ports, for one test class. Mail sent to any address is kept in that address's
 * mailbox; {@link #user} makes a mailbox an IMAP client can log into.
 */
public final class MailServer implements AutoCloseable {

    private final int smtpPort = FreePorts.next();
    private final int imapPort = FreePorts.next();
    private GreenMail mail;

    public MailServer start() {
        mail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        return this;
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
