package io.conduit.server.outgoing;

import io.conduit.api.Mail;
import io.conduit.api.OutgoingException;
import io.conduit.api.OutgoingException.Reason;
import io.conduit.server.mail.MailAddress;
import io.conduit.server.mail.MailMessages;
import io.conduit.server.mail.MailSessions;
import io.conduit.server.metrics.ConnectionMeter;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.Function;

/**
 * One outgoing SMTP connection on this node: one connection to the server, kept open between
 * sends and used by one send at a time (SMTP does one mail at once), opened again when it closed.
 * Every failure names the connection.
 */
final class MailSender implements LiveRegistry.Live<OutgoingSmtpConfig, MailSender> {

    private final OutgoingSmtpConfig config;
    private final ConnectionMeter meter;
    private final MailAddress address;
    private final Session session;
    private final Retirement<MailSender> retirement = new Retirement<>();
    private Transport transport;

    MailSender(OutgoingSmtpConfig config, ConnectionMeter meter) {
        this.config = config;
        this.meter = meter;
        this.address = config.where();
        this.session = MailSessions.of(address, config.starttls(), config.user() != null,
                config.caFile(), Duration.ofMillis(config.timeoutMs()));
    }

    String send(Mail mail) {
        if (!retirement.enter()) {
            return retirement.successor(config.name()).send(mail);
        }
        ConnectionMeter.Call call = meter.start("send " + String.join(",", mail.to()));
        call.sent(mail.subject());
        long start = System.nanoTime();
        try {
            if (!config.active()) {
                throw new OutgoingException(config.name(), Reason.INACTIVE, "outgoing SMTP connection '" + config.name()
                        + "' is inactive; activate it in the dashboard or with PUT /conduit/admin/outgoing/smtp/"
                        + config.name(), null);
            }
            MimeMessage message;
            try {
                message = MailMessages.build(session, config.from(), mail);
            } catch (AddressException e) {
                throw new IllegalArgumentException("the mail's address '" + e.getRef() + "' is not one: "
                        + e.getMessage(), e);
            }
            synchronized (this) {
                Transport t = transport();
                t.sendMessage(message, message.getAllRecipients());
            }
            String id = message.getMessageID();
            call.received(id);
            call.ok();
            return id;
        } catch (MessagingException e) {
            closeQuietly();
            OutgoingException failure = failure(e, start);
            call.failed(failure);
            throw failure;
        } catch (RuntimeException e) {
            call.failed(e);
            throw e;
        } finally {
            retirement.leave();
        }
    }

    private Transport transport() throws MessagingException {
        if (transport == null || !transport.isConnected()) {
            closeQuietly();
            Transport t = session.getTransport(address.scheme());
            t.connect(address.host(), address.port(), config.user(),
                    config.password() == null ? null : config.password().reveal());
            transport = t;
        }
        return transport;
    }

    private OutgoingException failure(MessagingException e, long start) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        String where = "outgoing SMTP connection '" + config.name() + "' (" + address + "): ";
        if (e instanceof AuthenticationFailedException) {
            return new OutgoingException(config.name(), Reason.REJECTED, where + "the server refused the login of user '"
                    + config.user() + "'; check user and password", e);
        }
        if (e instanceof SendFailedException s) {
            return new OutgoingException(config.name(), Reason.REJECTED, where + "the server refused the mail after "
                    + ms + " ms: " + s.getMessage(), e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLHandshakeException) {
                return new OutgoingException(config.name(), Reason.UNREACHABLE, where + "the server's TLS certificate"
                        + " is not trusted or not for " + address.host() + " (" + cause.getMessage() + "); set caFile to"
                        + " a PEM file of its CA, or add the CA to the JVM's trust store", e);
            }
        }
        boolean timedOut = e.getCause() instanceof SocketTimeoutException;
        return new OutgoingException(config.name(), timedOut ? Reason.TIMEOUT : Reason.UNREACHABLE, where
                + (timedOut ? "no answer within " + config.timeoutMs() + " ms" : "could not send after " + ms + " ms: "
                + e.getMessage()), e);
    }

    /** @return how long connecting (and logging in) took, in milliseconds */
    double ping() {
        long start = System.nanoTime();
        try {
            synchronized (this) {
                closeQuietly();
                transport();
            }
            return (System.nanoTime() - start) / 1e6;
        } catch (MessagingException e) {
            throw failure(e, start);
        }
    }

    private synchronized void closeQuietly() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the connection is gone already
            }
            transport = null;
        }
    }

    @Override
    public OutgoingSmtpConfig spec() {
        return config;
    }

    @Override
    public Duration retire(Function<String, MailSender> current) {
        retirement.retire(current);
        return Duration.ofMillis(config.timeoutMs() * 2L);
    }

    @Override
    public boolean drained() {
        return retirement.drained();
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
