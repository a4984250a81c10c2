package io.conduit.server.polling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.api.FileConnection.Entry;
import io.conduit.common.redis.Redis;
import io.conduit.server.cluster.Reloadable;
import io.conduit.server.config.Configuration;
import io.conduit.server.consume.ConsumingChannels;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.kvdb.NodeRows;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.tracing.Tracing;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The node's file channels: one {@link FolderPoller} per active channel, run by
 * {@link ConsumingChannels}; their history, and running a file of it again.
 */
public final class FileChannels implements Reloadable {

    /**
     * One node's poller of one channel.
     *
     * @param node     the node
     * @param state    {@code polling}, {@code not connected} (the folder cannot be listed: see error) or {@code stopped}
     * @param polls    listings made
     * @param handled  files the service handled
     * @param failed   files whose service failed (moved to onFailure's folder)
     * @param error    why the folder cannot be listed, or null
     * @param lastPoll when the node last listed the folder (ISO-8601), or null
     * @param last     the latest file the node handled
     * @param at       when the node wrote the row, milliseconds since the epoch
     */
    public record Row(String node, String state, long polls, long handled, long failed, String error, String lastPoll,
                      Handled last, long at) {
    }

    private final AtomicReference<Map<String, SecurityDefinition>> definitions = new AtomicReference<>(Map.of());
    private final ConsumingChannels<FileChannelConfig, Row> channels;
    private final FileHistory history;
    private final Redis redis;
    private final String node;

    /** The node's file channels, polling once started and reloaded. */
    public FileChannels(Invoker invoker, Tracing tracing, Redis redis, ObjectMapper mapper, String node, Clock clock) {
        this.history = new FileHistory(redis, mapper);
        this.redis = redis;
        this.node = node;
        Function<String, SecurityDefinition> security = name -> definitions.get().get(name);
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "file-channel-leases");
            t.setDaemon(true);
            return t;
        });
        Map<String, Claims> claims = new ConcurrentHashMap<>();
        this.channels = new ConsumingChannels<>(FileChannelConfig.KIND,
                FileChannelConfig::active, config -> new FolderPoller(config, security, invoker, tracing, mapper,
                        claims.computeIfAbsent(config.name(), n -> new Claims(redis, "file", n)), history, renewals, node,
                        clock),
                new NodeRows<>(redis, "conduit:channels:file:pollers:", Row.class, Row::at, Row::node, node, mapper,
                        clock), clock);
    }

    @Override
    public void reload(Configuration configuration) {
        definitions.set(configuration.list(SecurityDefinition.KIND).stream()
                .collect(Collectors.toMap(SecurityDefinition::name, d -> d)));
        channels.running().forEach(c -> ((FolderPoller) c).securityChanged());
        channels.reload(configuration);
    }

    /** @return what runs the pollers: start and stop it with the node */
    public ConsumingChannels<FileChannelConfig, Row> channels() {
        return channels;
    }

    /** @return every live node's poller of a channel */
    public List<Row> pollers(String channel) {
        return channels.consumers(channel);
    }

    /** @return the files a channel handled, the latest first (the last 1,000) */
    public List<Handled> history(String channel) {
        return history.list(channel);
    }

    /**
     * Runs a file of a channel's history again, on this node, from where it lies now (a failed file in
     * the failure folder, a handled one in the done folder), and then moves it as after a first run.
     *
     * @return what happened, as the history now has it
     * @throws NotFoundException       if the history has no such entry
     * @throws ClientErrorException    409 if the file is gone (deleted), or the channel is inactive on this node,
     *                                 or the file is being handled now
     */
    public Handled rerun(String channel, String id) {
        Handled was = history.find(channel, id).orElseThrow(() -> new NotFoundException("file channel '" + channel
                + "' has no file " + id + " in its history (it keeps the last " + FileHistory.KEPT + ")"));
        if (was.now() == null) {
            throw new ClientErrorException("the file " + was.path() + " of " + id + " was deleted after it was handled"
                    + " (after: delete): there is nothing to run again", 409);
        }
        FolderPoller poller = channels.running().stream().filter(c -> c.config().name().equals(channel))
                .map(FolderPoller.class::cast).findFirst().orElseThrow(() -> new ClientErrorException("file channel '"
                        + channel + "' is not active; activate it to run its files again", 409));
        Entry file;
        try {
            file = poller.stat(was.now());
        } catch (IOException | RuntimeException e) {
            throw new ClientErrorException("file channel '" + channel + "': " + was.now() + " cannot be read: "
                    + e.getMessage(), 409);
        }
        if (file == null) {
            throw new ClientErrorException("the file of " + id + " is no longer at " + was.now()
                    + " (moved or deleted since)", 409);
        }
        String key = Claims.key("re-run\n" + file.path());
        String holder = node + ":" + UUID.randomUUID();
        Claims claims = new Claims(redis, "file", channel);
        if (!claims.claim(key, holder)) {
            throw new ClientErrorException("the file " + file.path() + " is being run again now; try once that"
                    + " run is in the history", 409);
        }
        Handled now = poller.handle(file, key, holder, id);
        if (now == null) {
            throw new ClientErrorException("file channel '" + channel + "': " + file.path() + " could not be read;"
                    + " see the node's log", 409);
        }
        return now;
    }
}
