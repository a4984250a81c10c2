package io.conduit.lb.haproxy;

import io.conduit.common.task.BackgroundTask;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What HAProxy's servers did while this agent ran, for the dashboard's pictures: every
 * {@code every}, and at once after each change the agent makes, each server's requests served so far
 * and its state, kept for {@code keep}; and each change of state (UP, DOWN, MAINT, DRAIN...) as an
 * event, the last 1,000. Held in memory: it starts
 * again with the agent.
 */
public final class ServerHistory implements Managed {

    /**
     * One look at a server.
     *
     * @param at       when (epoch ms)
     * @param requests requests it served since HAProxy started ({@code stot})
     * @param state    its state, the first word of HAProxy's status: UP, DOWN, MAINT, DRAIN, NOLB
     */
    public record Sample(long at, long requests, String state) {
    }

    /**
     * A server's change of state.
     *
     * @param at     when the agent saw it (epoch ms)
     * @param server the server
     * @param from   its state before (null when it first appeared)
     * @param to     its state now (GONE when it left HAProxy)
     */
    public record Event(long at, String server, String from, String to) {
    }

    /** How often servers are looked at (ms), every server's samples, oldest first, and the events, oldest first. */
    public record View(long everyMillis, Map<String, List<Sample>> samples, List<Event> events) {
    }

    private static final int MOST_EVENTS = 1000;

    private final Haproxy haproxy;
    private final Duration every;
    private final int kept;
    private final Clock clock;
    private final BackgroundTask task;
    private final Map<String, Deque<Sample>> samples = new LinkedHashMap<>();
    private final Deque<Event> events = new ArrayDeque<>();

    public ServerHistory(Haproxy haproxy, Duration every, Duration keep, Clock clock) {
        this.haproxy = haproxy;
        this.every = every;
        this.kept = (int) Math.max(2, keep.toMillis() / every.toMillis());
        this.clock = clock;
        this.task = new BackgroundTask("server-history", BackgroundTask.Schedule.every(every), Duration.ofSeconds(5), clock,
                this::sampleQuietly);
    }

    /** Takes a look at once, after a change this agent made (a state lasting less than {@code every} is seen too). */
    public void lookNow() {
        sampleQuietly();
    }

    private void sampleQuietly() {
        try {
            sample(haproxy.servers());
        } catch (RuntimeException e) {
            // HAProxy does not answer now: nothing is recorded; its status page says why
        }
    }

    /** Records one look at every server. */
    synchronized void sample(List<ServerStat> servers) {
        long now = clock.millis();
        Map<String, String> seen = new LinkedHashMap<>();
        for (ServerStat s : servers) {
            String state = s.status() == null ? "" : s.status().split(" ")[0];
            seen.put(s.name(), state);
            Deque<Sample> mine = samples.computeIfAbsent(s.name(), n -> new ArrayDeque<>());
            String before = mine.isEmpty() ? null : mine.peekLast().state();
            if (!state.equals(before)) {
                event(new Event(now, s.name(), before, state));
            }
            mine.addLast(new Sample(now, s.totalSessions(), state));
            while (mine.size() > kept) {
                mine.removeFirst();
            }
        }
        for (Map.Entry<String, Deque<Sample>> e : samples.entrySet()) {
            Sample last = e.getValue().peekLast();
            if (!seen.containsKey(e.getKey()) && last != null && !"GONE".equals(last.state())) {
                event(new Event(now, e.getKey(), last.state(), "GONE"));
                e.getValue().addLast(new Sample(now, last.requests(), "GONE"));
            }
        }
    }

    private void event(Event event) {
        events.addLast(event);
        while (events.size() > MOST_EVENTS) {
            events.removeFirst();
        }
    }

    /** @return what was recorded, as it is now */
    public synchronized View view() {
        Map<String, List<Sample>> copy = new LinkedHashMap<>();
        samples.forEach((server, list) -> copy.put(server, new ArrayList<>(list)));
        return new View(every.toMillis(), copy, new ArrayList<>(events));
    }

    @Override
    public void start() {
        task.start();
    }

    @Override
    public void stop() {
        task.stop();
    }
}
