package io.conduit.api;

/**
 * An outgoing SMTP connection: a mail server and the sender its mails come from, as the operator
 * configured them.
 *
 * <pre>{@code
 * outgoing().mail("Notify").send(Mail.to("ops@example.com").subject("Done").text("All rows imported"));
 * }</pre>
 */
public interface MailConnection {

    /**
     * Sends a mail and returns once the server took it.
     *
     * @return the mail's Message-ID
     * @throws OutgoingException naming the connection if the server could not be reached, refused the
     *                           login or a recipient, or did not answer within the connection's timeout
     */
    String send(Mail mail);
}
