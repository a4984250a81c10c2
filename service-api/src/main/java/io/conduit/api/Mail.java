package io.conduit.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A mail to send with an outgoing SMTP connection, built step by step; its sender is the
 * connection's {@code from}.
 *
 * <pre>{@code
 * outgoing().mail("Notify").send(Mail.to("ops@example.com").subject("Nightly import")
 *         .text("1,204 rows imported").attach("rejected.csv", "text/csv", rejected));
 * }</pre>
 *
 * @param to          the recipients
 * @param cc          the copies' recipients
 * @param subject     the subject
 * @param text        the plain-text body, or null
 * @param html        the HTML body, or null (with text too, the mail carries both)
 * @param attachments the files attached
 * @param inReplyTo   the Message-ID this answers, or null
 */
public record Mail(List<String> to, List<String> cc, String subject, String text, String html,
                   List<Attachment> attachments, String inReplyTo) {

    public Mail {
        to = List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** @return a mail to these recipients, with nothing else yet */
    public static Mail to(String... to) {
        return new Mail(List.of(to), List.of(), "", null, null, List.of(), null);
    }

    /** @return this mail with copies to these recipients too */
    public Mail cc(String... cc) {
        List<String> all = new ArrayList<>(this.cc);
        all.addAll(List.of(cc));
        return new Mail(to, all, subject, text, html, attachments, inReplyTo);
    }

    /** @return this mail with this subject */
    public Mail subject(String subject) {
        return new Mail(to, cc, subject, text, html, attachments, inReplyTo);
    }

    /** @return this mail with this plain-text body */
    public Mail text(String text) {
        return new Mail(to, cc, subject, text, html, attachments, inReplyTo);
    }

    /** @return this mail with this HTML body */
    public Mail html(String html) {
        return new Mail(to, cc, subject, text, html, attachments, inReplyTo);
    }

    /** @return this mail with a file attached */
    public Mail attach(String name, String contentType, byte[] content) {
        List<Attachment> all = new ArrayList<>(attachments);
        all.add(new Attachment(name, contentType, content));
        return new Mail(to, cc, subject, text, html, all, inReplyTo);
    }

    /** @return this mail as an answer to a mail of this Message-ID */
    public Mail inReplyTo(String messageId) {
        return new Mail(to, cc, subject, text, html, attachments, messageId);
    }

    /**
     * A file attached to a mail.
     *
     * @param name        its file name
     * @param contentType its MIME type, e.g. {@code text/csv}
     * @param content     its bytes
     */
    public record Attachment(String name, String contentType, byte[] content) {
        @Override
        public String toString() {
            return "Attachment[" + name + ", " + contentType + ", " + content.length + " bytes]";
        }
    }
}
