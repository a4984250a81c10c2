package io.conduit.api;

import java.time.Instant;
import java.util.List;

/**
 * The mail an IMAP channel handed the service, with its attachments. Its summary (everything but the
 * attachments' content) is the request's payload too.
 */
public interface IncomingMail {

    /** @return its Message-ID header, or null */
    String messageId();

    /** @return its sender's address */
    String from();

    /** @return its recipients' addresses */
    List<String> to();

    /** @return its subject, or "" */
    String subject();

    /** @return when it was sent, or null */
    Instant sent();

    /** @return its plain-text body, or null */
    String text();

    /** @return its HTML body, or null */
    String html();

    /** @return its attachments */
    List<Mail.Attachment> attachments();
}
