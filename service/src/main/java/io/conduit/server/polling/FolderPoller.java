package io.conduit.server.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.conduit.api.FileConnection.Entry;
import io.conduit.api.IncomingFile;
import io.conduit.api.Request;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.consume.Payloads;
import io.conduit.server.files.FileServer;
import io.conduit.server.files.FileServerException;
import io.conduit.server.files.FileServers;
import io.conduit.server.invoke.InvocationException;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's poller of one file channel, on a thread of its own: it lists the folder every
 * {@code pollEvery}, takes each file that two listings in a row found unchanged, claims it for the
 * cluster ({@link Claims}), hands it to the service, and then moves or deletes it. A file that
 * cannot be read is let go for the next poll (of any node); a file whose service failed is moved to
 * {@code onFailure}'s folder with its error beside it.
 */
final class FolderPoller implements ConsumingChannels.Consumers<FileChannelConfig, FileChannels.Row> {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPoller.class);
    /** Files up to this size are the request's payload too; larger ones are only streamed. */
    static final int IN_MEMORY = 1 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private record Seen(long size, Instant modified) {
    }

    private final FileChannelConfig config;
    private final Function<String, SecurityDefinition> security;
    private SecurityDefinition loggedInWith;
    private final Invoker invoker;
    private final Tracing tracing;
    private final ObjectMapper mapper;
    private final ObjectReader tree;
    private final Claims claims;
    private final FileHistory history;
    private final ScheduledExecutorService renewals;
    private final String node;
    private final Clock clock;
    private final PathMatcher matcher;
    private final Map<String, Seen> seen = new HashMap<>();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final PollingThread thread;
    private FileServer server;
    private volatile boolean stopping;
    private volatile String error;
    private volatile long lastPollAt;
    private volatile Handled last;

    /** @param security finds a security definition by name as configured now, or null when there is none */
    FolderPoller(FileChannelConfig config, Function<String, SecurityDefinition> security, Invoker invoker, Tracing tracing,
                 ObjectMapper mapper, Claims claims, FileHistory history, ScheduledExecutorService renewals,
                 String node, Clock clock) {
        this.config = config;
        this.security = security;
        this.invoker = invoker;
        this.tracing = tracing;
        this.mapper = mapper;
        this.tree = Payloads.reader(mapper);
        this.claims = claims;
        this.history = history;
        this.renewals = renewals;
        this.node = node;
        this.clock = clock;
        this.matcher = config.matcher();
        this.thread = new PollingThread("file-channel-" + config.name(), config.pollEvery(), this::poll,
                e -> error = e.toString());
    }

    @Override
    public FileChannelConfig config() {
        return config;
    }

    /** Logs in again on the next poll when the channel's security definition changed since it logged in. */
    synchronized void securityChanged() {
        SecurityDefinition now = config.security() == null ? null : security.apply(config.security());
        if (server != null && !java.util.Objects.equals(now, loggedInWith)) {
            closeServer();
        }
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
        closeServer();
    }

    private synchronized void closeServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public FileChannels.Row row() {
        String state = !thread.started() ? "stopped" : error != null ? "not connected" : "polling";
        return new FileChannels.Row(node, state, polls.get(), handled.get(), failed.get(), error,
                lastPollAt == 0 ? null : Instant.ofEpochMilli(lastPollAt).toString(), last, clock.millis());
    }

    private synchronized FileServer server() {
        if (server == null || !server.open()) {
            closeServer();
            SecurityDefinition login = config.security() == null ? null : security.apply(config.security());
            if (config.security() != null && (login == null || !login.active())) {
                throw new FileServerException(FileServerException.Why.LOGIN, "the security definition '"
                        + config.security() + "' is " + (login == null ? "missing" : "inactive"));
            }
            server = FileServers.open(config.where(), login, config.hostKey(), CONNECT_TIMEOUT);
            loggedInWith = login;
        }
        return server;
    }

    /** One poll: list, take the files that stood still since the last listing, hand each to the service. */
    private void poll() {
        if (stopping) {
            return;
        }
        polls.incrementAndGet();
        lastPollAt = clock.millis();
        List<Entry> files;
        try {
            files = server().list(config.where().folder()).stream()
                    .filter(e -> !e.directory() && FileChannelConfig.matches(matcher, e.name())).toList();
            if (error != null) {
                LOG.info("{} - {} can be read again", config.name(), config.where());
            }
            error = null;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof FileServerException ? e.getMessage() : e.toString();
            if (!why.equals(error)) {
                LOG.warn("{} - {} cannot be listed; tried again every {}: {}", config.name(), config.where(),
                        config.pollEvery(), why);
            }
            error = why;
            closeServer();
            return;
        }
        Set<String> names = files.stream().map(Entry::name).collect(Collectors.toSet());
        seen.keySet().retainAll(names);
        List<Entry> stable = new ArrayList<>();
        for (Entry e : files) {
            Seen now = new Seen(e.size(), e.modified());
            if (now.equals(seen.put(e.name(), now))) {
                stable.add(e);
            }
        }
        // nodes that list the same files take them in different orders, so they rarely race for one
        Collections.shuffle(stable);
        for (Entry file : stable) {
            if (stopping) {
                return;
            }
            String key = Claims.fileKey(file.path(), file.size(), file.modified().toEpochMilli());
            String holder = node + ":" + UUID.randomUUID();
            boolean mine;
            try {
                mine = claims.claim(key, holder);
            } catch (RuntimeException e) {
                LOG.warn("{} - {} could not be claimed (Redis: {}); left for the next poll", config.name(),
                        file.path(), e.toString());
                return;
            }
            if (mine) {
                handle(file, key, holder, null);
            }
        }
    }

    /**
     * Hands a claimed file to the service, then moves or deletes it.
     *
     * @param rerunOf the history entry this runs again, or null
     * @return what happened, as the history has it; null when the file could not be read (let go)
     */
    Handled handle(Entry file, String key, String holder, String rerunOf) {
        ScheduledFuture<?> renewing = claims.renewWhileHeld(renewals, key, holder, config.name() + " - " + file.path());
        long start = System.nanoTime();
        Instant startedAt = clock.instant();
        Span span = tracing.newTrace(config.name() + " process", SpanKind.CONSUMER);
        String cid = span.getSpanContext().getTraceId();
        Handled done;
        try {
            FileServer files = server();
            if (file.size() > config.maxSize()) {
                done = failedFile(files, file, cid, startedAt, start, "the file is " + file.size() + " bytes, over"
                        + " the channel's maxSize of " + config.maxSize() + "; raise maxSize or split the file", rerunOf);
            } else {
                Request request;
                try {
                    request = request(files, file);
                } catch (IOException e) {
                    if (!FileServer.refused(e)) {
                        throw e;
                    }
                    // the server is there and refuses the file itself (no right to read it): a failed file
                    return finished(key, holder, span, renewing, failedFile(files, file, cid, startedAt, start,
                            "the file cannot be read: " + e.getMessage(), rerunOf));
                }
                String failure = null;
                try (Scope scope = span.makeCurrent()) {
                    invoker.invoke(config.service(), request, cid);
                } catch (RuntimeException e) {
                    if (stopping) {
                        // the node stops and cut the service short: not the file's fault; it stays for the next poll
                        throw new IOException("the node stopped while " + config.service() + " ran", e);
                    }
                    span.setStatus(StatusCode.ERROR);
                    failure = e instanceof InvocationException && e.getCause() != null ? e.getCause().toString()
                            : e.toString();
                }
                done = failure == null ? succeeded(files, file, cid, startedAt, start, rerunOf)
                        : failedFile(files, file, cid, startedAt, start, failure, rerunOf);
            }
        } catch (IOException | FileServerException e) {
            // the server went away or the file could not be read: nothing was moved; the next poll takes it again
            span.setStatus(StatusCode.ERROR);
            span.end();
            renewing.cancel(false);
            release(key, holder);
            closeServer();
            LOG.warn("cid {} - {} - {} could not be read; left for the next poll: {}", cid, config.name(), file.path(),
                    e.getMessage());
            return null;
        }
        return finished(key, holder, span, renewing, done);
    }

    /** Ends a file's handling: its claim marked done, its counts and its history. */
    private Handled finished(String key, String holder, Span span, ScheduledFuture<?> renewing, Handled done) {
        span.end();
        renewing.cancel(false);
        try {
            if (done.rerunOf() == null) {
                claims.finish(key, holder);
            } else {
                // a re-run's claim only keeps two re-runs of one file apart: the next may come at once
                claims.release(key, holder);
            }
        } catch (RuntimeException e) {
            LOG.warn("cid {} - {} - {}: its claim could not be marked done (Redis: {}); it expires", done.id(),
                    config.name(), done.path(), e.toString());
        }
        last = done;
        (done.outcome().equals("ok") ? handled : failed).incrementAndGet();
        history.add(config.name(), done);
        return done;
    }

    private void release(String key, String holder) {
        try {
            claims.release(key, holder);
        } catch (RuntimeException e) {
            LOG.debug("{}: a claim could not be released; it expires: {}", config.name(), e.toString());
        }
    }

    private Handled succeeded(FileServer files, Entry file, String cid, Instant startedAt, long start,
                              String rerunOf) {
        String folder = config.doneFolder();
        String now = null;
        String error = null;
        try {
            if (folder == null) {
                files.delete(file.path());
            } else {
                now = moveAway(files, file, folder, cid);
            }
        } catch (IOException | RuntimeException e) {
            // the file stays, marked handled: it is not handed to the service again
            error = "handled, but could not be " + (folder == null ? "deleted" : "moved to " + folder) + ": "
                    + e.getMessage();
            now = file.path();
            LOG.error("cid {} - {} - {} {}", cid, config.name(), file.path(), error);
        }
        if (rerunOf != null) {
            try {
                files.delete(file.path() + ".error");
            } catch (IOException gone) {
                // there was no error report beside it
            }
        }
        LOG.info("cid {} - {} - {} ({} bytes) handled by {}{}", cid, config.name(), file.path(), file.size(),
                config.service(), now == null ? ", deleted" : ", now at " + now);
        return new Handled(cid, file.name(), file.path(), file.size(), node, startedAt.toString(), millisSince(start),
                "ok", error, now, rerunOf);
    }

    private Handled failedFile(FileServer files, Entry file, String cid, Instant startedAt, long start, String failure,
                               String rerunOf) {
        String folder = config.failedFolder();
        String now = file.path();
        String error = failure;
        try {
            if (!file.path().startsWith(folder + "/")) {
                now = moveAway(files, file, folder, cid);
            }
            String report = "cid: " + cid + "\nnode: " + node + "\nat: " + startedAt + "\nfile: " + file.path()
                    + "\nservice: " + config.service() + "\nerror: " + failure + "\n";
            files.write(now + ".error", new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8)));
            LOG.error("cid {} - {} - {} failed; moved to {} with its error beside it: {}", cid, config.name(),
                    file.path(), now, failure);
        } catch (IOException | RuntimeException e) {
            // the file stays, marked handled: it is not handed to the service again until it is run again
            error = failure + "; and it could not be moved to " + folder + ": " + e.getMessage();
            LOG.error("cid {} - {} - {} failed: {}", cid, config.name(), file.path(), error);
        }
        return new Handled(cid, file.name(), file.path(), file.size(), node, startedAt.toString(), millisSince(start),
                "failed", error, now, rerunOf);
    }

    /** @return where the file went: {@code folder/name}, or a name of its own when one of that name is there */
    private String moveAway(FileServer files, Entry file, String folder, String cid) throws IOException {
        String target = folder + "/" + file.name();
        if (files.stat(target) != null) {
            int dot = file.name().lastIndexOf('.');
            String base = dot > 0 ? file.name().substring(0, dot) : file.name();
            String ext = dot > 0 ? file.name().substring(dot) : "";
            target = folder + "/" + base + "-" + STAMP.format(clock.instant()) + "-" + cid.substring(0, 8) + ext;
        }
        files.move(file.path(), target);
        return target;
    }

    private Request request(FileServer files, Entry file) throws IOException {
        byte[] content = null;
        if (file.size() <= IN_MEMORY) {
            try (InputStream in = files.read(file.path())) {
                content = in.readNBytes(IN_MEMORY + 1);
            }
        }
        byte[] small = content;
        JsonNode payload = small == null ? NullNode.getInstance() : Payloads.of(tree, contentType(file.name()), small);
        IncomingFile incoming = new IncomingFile() {
            @Override
            public String name() {
                return file.name();
            }

            @Override
            public String path() {
                return file.path();
            }

            @Override
            public long size() {
                return file.size();
            }

            @Override
            public Instant modified() {
                return file.modified();
            }

            @Override
            public InputStream open() throws IOException {
                return small != null ? new ByteArrayInputStream(small) : files.read(file.path());
            }
        };
        Map<String, List<String>> headers = Map.of("file-name", List.of(file.name()), "file-path", List.of(file.path()),
                "file-size", List.of(Long.toString(file.size())), "file-modified", List.of(file.modified().toString()),
                "file-channel", List.of(config.name()));
        return new Request(payload, () -> small == null ? "" : new String(small, StandardCharsets.UTF_8),
                () -> headers, incoming, mapper);
    }

    private static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".json") ? "application/json" : lower.endsWith(".csv") || lower.endsWith(".txt")
                || lower.endsWith(".xml") ? "text/plain" : null;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** @return a file as it lies now on the server, or null when it is not there */
    Entry stat(String path) throws IOException {
        return server().stat(path);
    }
}
