package io.conduit.server.mail;

import io.conduit.api.IncomingMail;
import io.conduit.api.Mail;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Mails as Jakarta Mail messages and back: what is sent, and what a service is handed. */
public final class MailMessages {

    private MailMessages() {
    }

    /**
     * @return the message for a mail from {@code from}
     * @throws MessagingException if an address is not one (the message says which)
     */
    public static MimeMessage build(Session session, String from, Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from, true));
        message.setRecipients(Message.RecipientType.TO, addresses(mail.to()));
        if (!mail.cc().isEmpty()) {
            message.setRecipients(Message.RecipientType.CC, addresses(mail.cc()));
        }
        message.setSubject(mail.subject() == null ? "" : mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        if (mail.inReplyTo() != null) {
            message.setHeader("In-Reply-To", mail.inReplyTo());
            message.setHeader("References", mail.inReplyTo());
        }
        if (mail.attachments().isEmpty()) {
            if (mail.html() != null && mail.text() != null) {
                message.setContent(alternative(mail));
            } else if (mail.html() != null) {
                message.setText(mail.html(), "UTF-8", "html");
            } else {
                message.setText(mail.text() == null ? "" : mail.text(), "UTF-8");
            }
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(body(mail));
            for (Mail.Attachment a : mail.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(),
                        a.contentType() == null ? "application/octet-stream" : a.contentType())));
                part.setFileName(a.name());
                part.setDisposition(Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        InternetAddress[] all = new InternetAddress[list.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = new InternetAddress(list.get(i), true);
        }
        return all;
    }

    private static MimeMultipart alternative(Mail mail) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        return alternative;
    }

    private static MimeBodyPart body(Mail mail) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        if (mail.html() != null && mail.text() != null) {
            part.setContent(alternative(mail));
        } else if (mail.html() != null) {
            part.setText(mail.html(), "UTF-8", "html");
        } else {
            part.setText(mail.text() == null ? "" : mail.text(), "UTF-8");
        }
        return part;
    }

    /**
     * @return the mail as a service sees it, read whole (bodies and attachments)
     * @throws MessagingException if the server could not give it
     * @throws IOException        if a part could not be read
     */
    public static IncomingMail read(Message message) throws MessagingException, IOException {
        Parts parts = new Parts();
        parts.walk(message);
        String messageId = message instanceof MimeMessage m ? m.getMessageID() : null;
        Address[] from = message.getFrom();
        List<String> to = new ArrayList<>();
        Address[] recipients = message.getRecipients(Message.RecipientType.TO);
        if (recipients != null) {
            for (Address a : recipients) {
                to.add(plain(a));
            }
        }
        String sender = from == null || from.length == 0 ? null : plain(from[0]);
        String subject = message.getSubject() == null ? "" : message.getSubject();
        Instant sent = message.getSentDate() == null ? null : message.getSentDate().toInstant();
        List<Mail.Attachment> attachments = List.copyOf(parts.attachments);
        String text = parts.text;
        String html = parts.html;
        return new IncomingMail() {
            @Override
            public String messageId() {
                return messageId;
            }

            @Override
            public String from() {
                return sender;
            }

            @Override
            public List<String> to() {
                return to;
            }

            @Override
            public String subject() {
                return subject;
            }

            @Override
            public Instant sent() {
                return sent;
            }

            @Override
            public String text() {
                return text;
            }

            @Override
            public String html() {
                return html;
            }

            @Override
            public List<Mail.Attachment> attachments() {
                return attachments;
            }
        };
    }

    private static String plain(Address a) {
        return a instanceof InternetAddress i ? i.getAddress() : a.toString();
    }

    /** The bodies and attachments of a message, found walking its parts. */
    private static final class Parts {
        String text;
        String html;
        final List<Mail.Attachment> attachments = new ArrayList<>();

        void walk(Part part) throws MessagingException, IOException {
            String disposition = part.getDisposition();
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child);
                }
            } else if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null) {
                try (InputStream in = part.getInputStream()) {
                    String type = part.getContentType() == null ? "application/octet-stream"
                            : part.getContentType().split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
                    attachments.add(new Mail.Attachment(part.getFileName(), type, in.readAllBytes()));
                }
            } else if (part.isMimeType("text/plain") && text == null) {
                text = content(part);
            } else if (part.isMimeType("text/html") && html == null) {
                html = content(part);
            }
        }

        private static String content(Part part) throws MessagingException, IOException {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
            try (InputStream in = part.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
