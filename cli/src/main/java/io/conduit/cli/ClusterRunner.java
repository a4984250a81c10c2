package io.conduit.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Starts, stops and reports on a cluster's processes. */
final class ClusterRunner {

    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(120);

    private final ClusterParts parts;
    private final PrintStream out;
    /** When each part this run started was launched ({@link System#nanoTime()}), to say how long it took. */
    private final java.util.Map<String, Long> launched = new java.util.HashMap<>();

    ClusterRunner(ClusterParts parts, PrintStream out) {
        this.parts = parts;
        this.out = out;
    }

    /**
     * Starts every part that is not running, in order, each once the previous ones are healthy
     * (server nodes after the first start together), and waits until all are healthy.
     */
    void start() {
        List<ClusterParts.Part> all = parts.all();
        List<ClusterParts.Part> pendingServers = new ArrayList<>();
        for (ClusterParts.Part part : all) {
            boolean laterServer = part.name().startsWith("server") && !part.name().equals("server1");
            if (laterServer) {
                startOne(part);
                pendingServers.add(part);
                continue;
            }
            pendingServers.forEach(this::awaitHealthy);
            pendingServers.clear();
            startOne(part);
            awaitHealthy(part);
        }
    }

    private void startOne(ClusterParts.Part part) {
        if (parts.pid(part).isPresent()) {
            out.println("  " + pad(part.name()) + " already running");
            return;
        }
        for (int port : part.ports()) {
            if (ClusterParts.listening(port)) {
                throw new CliException("port " + port + " (" + part.what() + " " + part.name() + ") is already in use;"
                        + " stop what uses it, or run this cluster on other ports: bin/conduit quickstart DIR"
                        + " --port-offset 1000");
            }
        }
        launched.put(part.name(), System.nanoTime());
        long pid = part.starter().get();
        out.println("  " + pad(part.name()) + " started, pid " + pid + ", log " + part.log());
    }

    private void awaitHealthy(ClusterParts.Part part) {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (part.healthy().getAsBoolean()) {
                Long since = launched.remove(part.name());
                if (since != null) {
                    out.println("  " + pad(part.name()) + " healthy " + seconds(since) + " s after its start");
                }
                return;
            }
            if (!parts.alive(part)) {
                throw new CliException(part.what() + " " + part.name() + " exited while starting; see " + part.logs());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new CliException(part.what() + " " + part.name() + " is not healthy after " + HEALTHY_WITHIN.toSeconds()
                + " s; see " + part.logs());
    }

    /**
     * Restarts the server nodes one at a time: each drains out of HAProxy, stops, starts, and is UP
     * in HAProxy again before the next one goes, so callers see no failure. With {@code all}, then
     * reloads HAProxy gracefully and restarts the LB agent and the dashboard. Redis and the demo
     * backends keep running: restarting them cannot be hidden from callers.
     */
    void restart(boolean all) {
        List<ClusterParts.Part> every = parts.all();
        for (ClusterParts.Part part : every) {
            if (!ClusterParts.isServer(part)) {
                continue;
            }
            long begin = System.nanoTime();
            if (parts.pid(part).isPresent()) {
                out.println("  " + pad(part.name()) + " stopping: leaving HAProxy, then finishing its calls");
                parts.processesStop(part);
            }
            startOne(part);
            awaitHealthy(part);
            awaitUpInHaproxy(part);
            out.println("  " + pad(part.name()) + " UP in HAProxy again, " + seconds(begin) + " s after it began to leave");
        }
        if (!all) {
            return;
        }
        for (ClusterParts.Part part : every) {
            switch (part.name()) {
                case "haproxy" -> {
                    if (parts.pid(part).isPresent()) {
                        out.println("  " + pad(part.name()) + " reloaded gracefully, new worker pid "
                                + parts.reloadHaproxy());
                    } else {
                        startOne(part);
                        awaitHealthy(part);
                    }
                }
                case "lb-agent", "dashboard" -> {
                    parts.processesStop(part);
                    startOne(part);
                    awaitHealthy(part);
                }
                default -> {
                    if (!ClusterParts.isServer(part)) {
                        out.println("  " + pad(part.name()) + " left running");
                    }
                }
            }
        }
    }

    private static String seconds(long since) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9);
    }

    private void awaitUpInHaproxy(ClusterParts.Part part) {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (parts.haproxyStatus(part.name()).filter("UP"::equals).isPresent()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new CliException(part.what() + " " + part.name() + " is healthy but not UP in HAProxy after "
                + HEALTHY_WITHIN.toSeconds() + " s; see the LB agent's /lb/servers and " + part.logs());
    }

    /**
     * Stops every part this cluster started, by its recorded PID: first the server nodes, together,
     * each draining out of HAProxy while HAProxy still checks them; then the rest in reverse order.
     */
    void stop() {
        List<ClusterParts.Part> all = new ArrayList<>(parts.all());
        java.util.Collections.reverse(all);
        List<Thread> stopping = new ArrayList<>();
        for (ClusterParts.Part server : all.stream().filter(ClusterParts::isServer).toList()) {
            Thread thread = new Thread(() -> stopOne(server), "stop-" + server.name());
            thread.start();
            stopping.add(thread);
        }
        stopping.forEach(ClusterRunner::join);
        all.stream().filter(part -> !ClusterParts.isServer(part)).forEach(this::stopOne);
    }

    private void stopOne(ClusterParts.Part part) {
        Optional<Long> pid = parts.pid(part);
        parts.processesStop(part);
        pid.ifPresent(p -> out.println("  " + pad(part.name()) + " stopped (pid " + p + ")"));
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether every part is running and healthy */
    /** One part's state: {@code healthy}, {@code unhealthy} or {@code stopped}; its pid, or null when stopped. */
    record PartState(String part, Long pid, String state, String address) {
    }

    /** @return every part's state, in the order they start */
    List<PartState> status() {
        List<PartState> states = new ArrayList<>();
        for (ClusterParts.Part part : parts.all()) {
            Optional<Long> pid = parts.pid(part);
            boolean healthy = pid.isPresent() && part.healthy().getAsBoolean();
            states.add(new PartState(part.name(), pid.orElse(null), pid.isEmpty() ? "stopped"
                    : healthy ? "healthy" : "unhealthy", part.address()));
        }
        return states;
    }

    private static String pad(String name) {
        return String.format("%-16s", name);
    }

    static Path home() {
        String home = System.getProperty("conduit.home");
        if (home == null) {
            throw new CliException("conduit.home is not set; run bin/conduit, not the jar directly");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }
}
