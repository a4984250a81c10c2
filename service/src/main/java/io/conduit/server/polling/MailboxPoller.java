package io.conduit.server.polling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.api.IncomingMail;
import io.conduit.api.Mail;
import io.conduit.api.Request;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.invoke.InvocationException;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.mail.MailMessages;
import io.conduit.server.mail.MailSessions;
import io.conduit.server.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's poller of one IMAP channel, on a thread of its own: every {@code pollEvery} it looks
 * for the folder's unseen mails, claims each for the cluster ({@link Claims}, by the folder's
 * UIDVALIDITY and the mail's UID), hands it to the service with its attachments, and then marks it
 * seen or moves it. A mail whose service failed is moved to {@code onFailure}'s folder, or flagged
 * and left unseen.
 */
final class MailboxPoller implements ConsumingChannels.Consumers<ImapChannelConfig, ImapChannels.Row> {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxPoller.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ImapChannelConfig config;
    private final Invoker invoker;
    private final Tracing tracing;
    private final ObjectMapper mapper;
    private final Claims claims;
    private final ScheduledExecutorService renewals;
    private final String node;
    private final Clock clock;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final PollingThread thread;
    private Store store;
    private volatile boolean stopping;
    private volatile String error;
    private volatile long lastPollAt;
    private volatile ImapChannels.Seen last;

    MailboxPoller(ImapChannelConfig config, Invoker invoker, Tracing tracing, ObjectMapper mapper, Claims claims,
                  ScheduledExecutorService renewals, String node, Clock clock) {
        this.config = config;
        this.invoker = invoker;
        this.tracing = tracing;
        this.mapper = mapper;
        this.claims = claims;
        this.renewals = renewals;
        this.node = node;
        this.clock = clock;
        this.thread = new PollingThread("imap-channel-" + config.name(), config.pollEvery(), this::poll,
                e -> error = e.toString());
    }

    @Override
    public ImapChannelConfig config() {
        return config;
    }

    @Override
    public boolean due() {
        return !thread.started();
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public void stop(Duration grace) {
        stopping = true;
        thread.stop(grace);
        closeStore();
    }

    @Override
    public ImapChannels.Row row() {
        String state = !thread.started() ? "stopped" : error != null ? "not connected" : "polling";
        return new ImapChannels.Row(node, state, polls.get(), handled.get(), failed.get(), error,
                lastPollAt == 0 ? null : Instant.ofEpochMilli(lastPollAt).toString(), last, clock.millis());
    }

    private void closeStore() {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException ignored) {
                // gone already
            }
            store = null;
        }
    }

    private Store store() throws MessagingException {
        if (store == null || !store.isConnected()) {
            closeStore();
            var address = config.where();
            Store s = MailSessions.of(address, config.starttls(), true, config.caFile(), TIMEOUT).getStore(address.scheme());
            try {
                s.connect(address.host(), address.port(), config.user(), config.password().reveal());
            } catch (AuthenticationFailedException e) {
                throw new MessagingException("the server refused the login of user '" + config.user()
                        + "'; check user and password", e);
            }
            store = s;
        }
        return store;
    }

    private void poll() {
        if (stopping) {
            return;
        }
        polls.incrementAndGet();
        lastPollAt = clock.millis();
        Folder folder = null;
        try {
            folder = store().getFolder(config.folder());
            folder.open(Folder.READ_WRITE);
            if (error != null) {
                LOG.info("{} - {} {} can be read again", config.name(), config.address(), config.folder());
            }
            error = null;
            long validity = ((UIDFolder) folder).getUIDValidity();
            List<Message> unseen = new ArrayList<>(List.of(folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN),
                    false))));
            Collections.shuffle(unseen);
            for (Message message : unseen) {
                if (stopping) {
                    break;
                }
                long uid = ((UIDFolder) folder).getUID(message);
                String key = Claims.key(config.address() + "\n" + config.user() + "\n" + config.folder() + "\n"
                        + validity + "\n" + uid);
                String holder = node + ":" + UUID.randomUUID();
                if (claims.claim(key, holder)) {
                    handle(folder, message, uid, key, holder);
                }
            }
        } catch (MessagingException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!why.equals(error)) {
                LOG.warn("{} - {} {} cannot be read; tried again every {}: {}", config.name(), config.address(),
                        config.folder(), config.pollEvery(), why);
            }
            error = why;
            closeStore();
        } finally {
            if (folder != null && folder.isOpen()) {
                try {
                    folder.close(true);
                } catch (MessagingException ignored) {
                    // the store closes next time
                }
            }
        }
    }

    private void handle(Folder folder, Message message, long uid, String key, String holder) throws MessagingException {
        ScheduledFuture<?> renewing = claims.renewWhileHeld(renewals, key, holder, config.name() + " - mail " + uid);
        Span span = tracing.newTrace(config.name() + " process", SpanKind.CONSUMER);
        String cid = span.getSpanContext().getTraceId();
        IncomingMail mail;
        try {
            mail = MailMessages.read(message);
        } catch (IOException | MessagingException e) {
            span.setStatus(StatusCode.ERROR);
            span.end();
            renewing.cancel(false);
            claims.release(key, holder);
            throw e instanceof MessagingException m ? m : new MessagingException("mail " + uid + " cannot be read", e);
        }
        String failure = null;
        try (Scope scope = span.makeCurrent()) {
            invoker.invoke(config.service(), request(mail), cid);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR);
            failure = e instanceof InvocationException && e.getCause() != null ? e.getCause().toString() : e.toString();
        } finally {
            span.end();
            renewing.cancel(false);
        }
        if (failure != null && stopping) {
            // the node stops and cut the service short: not the mail's fault; it stays unseen
            claims.release(key, holder);
            message.setFlag(Flags.Flag.SEEN, false);
            return;
        }
        String outcome = failure == null ? "ok" : "failed";
        try {
            String move = failure == null ? (config.after().startsWith("move:") ? config.after() : null)
                    : config.onFailure();
            if (move != null) {
                Folder target = store().getFolder(move.substring("move:".length()));
                if (!target.exists()) {
                    target.create(Folder.HOLDS_MESSAGES);
                }
                message.setFlag(Flags.Flag.SEEN, failure == null);
                folder.copyMessages(new Message[] {message}, target);
                message.setFlag(Flags.Flag.DELETED, true);
            } else if (failure == null) {
                message.setFlag(Flags.Flag.SEEN, true);
            } else {
                message.setFlag(Flags.Flag.SEEN, false);
                message.setFlag(Flags.Flag.FLAGGED, true);
            }
        } finally {
            claims.finish(key, holder);
        }
        (failure == null ? handled : failed).incrementAndGet();
        last = new ImapChannels.Seen(cid, mail.messageId(), mail.from(), mail.subject(), outcome, failure, clock.millis());
        if (failure == null) {
            LOG.info("cid {} - {} - mail {} from {} ({}) handled by {}", cid, config.name(), mail.messageId(),
                    mail.from(), mail.subject(), config.service());
        } else {
            LOG.error("cid {} - {} - mail {} from {} ({}) failed: {}", cid, config.name(), mail.messageId(), mail.from(),
                    mail.subject(), failure);
        }
    }

    private Request request(IncomingMail mail) {
        ObjectNode payload = mapper.createObjectNode();
        payload.put("messageId", mail.messageId());
        payload.put("from", mail.from());
        payload.set("to", mapper.valueToTree(mail.to()));
        payload.put("subject", mail.subject());
        payload.put("sent", mail.sent() == null ? null : mail.sent().toString());
        payload.put("text", mail.text());
        payload.put("html", mail.html());
        ArrayNode attachments = payload.putArray("attachments");
        for (Mail.Attachment a : mail.attachments()) {
            attachments.addObject().put("name", a.name()).put("contentType", a.contentType())
                    .put("size", a.content().length);
        }
        Map<String, List<String>> headers = Map.of("mail-from", List.of(String.valueOf(mail.from())),
                "mail-subject", List.of(mail.subject()), "mail-message-id", List.of(String.valueOf(mail.messageId())),
                "mail-channel", List.of(config.name()));
        return new Request(payload, () -> headers, mail, mapper);
    }
}
