package io.conduit.lb.haproxy;

import io.conduit.common.auth.Admin1;
import io.conduit.common.error.InvalidInputException;
import io.conduit.common.haproxy.ClientProofs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running HAProxy, as the agent sees it: its state through the Runtime API, its servers, and
 * its configuration, which is validated with {@code haproxy -c} before it is saved and reloaded
 * gracefully through the master socket. Server changes are made at runtime and written back to
 * the config repo, so a reload keeps them.
 */
public final class Haproxy {

    private static final Logger LOG = LoggerFactory.getLogger(Haproxy.class);
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]{1,255}");

    private final ConfigRepo repo;
    private final RuntimeApi api;
    private final RuntimeApi master;
    private final String binary;
    private final String backend;
    private final Duration reloadTimeout;
    private final Duration reloadCloseGrace;

    public Haproxy(ConfigRepo repo, RuntimeApi api, RuntimeApi master, String binary, String backend,
                   Duration reloadTimeout, Duration reloadCloseGrace) {
        this.repo = repo;
        this.api = api;
        this.master = master;
        this.binary = binary;
        this.backend = backend;
        this.reloadTimeout = reloadTimeout;
        this.reloadCloseGrace = reloadCloseGrace;
    }

    /** HAProxy's state: alive or not, and {@code show info} when alive. */
    public record Status(boolean alive, String version, long uptimeSeconds, long pid, String error,
                         Map<String, String> info) {
    }

    /** @return whether HAProxy answers, its version and uptime */
    public Status status() {
        try {
            Map<String, String> info = StatCsv.info(api.execute("show info"));
            return new Status(true, info.get("Version"), parseLong(info.get("Uptime_sec")), parseLong(info.get("Pid")),
                    null, info);
        } catch (IOException e) {
            return new Status(false, null, 0, 0, e.getMessage(), Map.of());
        }
    }

    /** @return the servers of the nodes' backend, with their statistics */
    public List<ServerStat> servers() {
        return StatCsv.servers(run("show stat"), backend);
    }

    /**
     * Puts a server in a state: {@code ready} takes traffic, {@code drain} finishes what it has and
     * takes no new sessions, {@code maint} takes nothing.
     */
    public void setState(String server, String state) {
        requireServerName(server);
        if (!List.of("ready", "drain", "maint").contains(state)) {
            throw new InvalidInputException("state must be ready, drain or maint");
        }
        requireKnown(server);
        expectEmpty(run("set server " + backend + "/" + server + " state " + state));
        LOG.info("{} - set to {}", server, state);
    }

    /** Adds a server at runtime, health-checked and ready, and writes it to the config repo. */
    public synchronized void addServer(String server, String host, int port) {
        requireServerName(server);
        if (!HOST.matcher(host).matches() || port < 1 || port > 65535) {
            throw new InvalidInputException("host must be a host name or address and port 1-65535");
        }
        if (servers().stream().anyMatch(s -> s.name().equals(server))) {
            throw new ServerExistsException(server);
        }
        String address = host + ":" + port;
        String added = run("add server " + backend + "/" + server + " " + address + " "
                + ConfigRepo.defaultServerOptions(repo.read(), backend));
        if (!added.contains("New server registered")) {
            throw new HaproxyRefusedException("HAProxy refused to add " + server + ": " + added.strip());
        }
        run("enable health " + backend + "/" + server);
        expectEmpty(run("set server " + backend + "/" + server + " state ready"));
        repo.write(ConfigRepo.withServer(repo.read(), backend, server, address));
        LOG.info("{} - added at {}, and to {}", server, address, repo.path());
    }

    /** Takes a server out (maintenance, sessions cut), deletes it at runtime and from the config repo. */
    public synchronized void removeServer(String server) {
        requireServerName(server);
        requireKnown(server);
        run("set server " + backend + "/" + server + " state maint");
        run("shutdown sessions server " + backend + "/" + server);
        String deleted = run("del server " + backend + "/" + server);
        if (!deleted.contains("Server deleted")) {
            throw new HaproxyRefusedException("HAProxy refused to delete " + server + ": " + deleted.strip());
        }
        repo.write(ConfigRepo.withoutServer(repo.read(), backend, server));
        LOG.info("{} - removed, and from {}", server, repo.path());
    }

    /** What the API shows instead of admin1's password. */
    public static final String MASK = "********";

    /** @return the configuration as it is, secrets and all: for this agent's own use, never for an answer */
    public String rawConfig() {
        return repo.read();
    }

    /** @return the config repo's text, admin1's password and the client proof masked: secrets never leave in a response */
    public String config() {
        return ClientProofs.masked(Admin1.STATS_AUTH.matcher(repo.read()).replaceAll("$1" + MASK), MASK);
    }

    /** @return a submitted text with the masked password and proof put back (a new one typed instead stays) */
    private String unmask(String submitted) {
        String password = repo.admin1().password();
        String text = ClientProofs.unmasked(submitted, repo.read(), MASK);
        return Admin1.STATS_AUTH.matcher(text).replaceAll(m -> m.group(2).equals(MASK)
                ? java.util.regex.Matcher.quoteReplacement(m.group(1) + password)
                : java.util.regex.Matcher.quoteReplacement(m.group(0)));
    }

    /** The verdict of {@code haproxy -c}. */
    public record Validation(boolean valid, String output) {
    }

    /** @return what {@code haproxy -c} says of a configuration */
    public Validation validate(String submitted) {
        String text = unmask(submitted);
        Path candidate = repo.path().resolveSibling(".candidate-" + ProcessHandle.current().pid() + ".config");
        try {
            Files.writeString(candidate, text, StandardCharsets.UTF_8);
            Process check = new ProcessBuilder(binary, "-c", "-f", candidate.toString()).redirectErrorStream(true)
                    .start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .replace(candidate.toString(), repo.path().getFileName().toString());
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return new Validation(false, "haproxy -c did not finish within 30 s");
            }
            return new Validation(check.exitValue() == 0, output.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary + " -c: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while validating", e);
        } finally {
            try {
                Files.deleteIfExists(candidate);
            } catch (IOException e) {
                LOG.warn("Config - cannot delete {}: {}", candidate, e.getMessage());
            }
        }
    }

    /**
     * Validates, saves and reloads gracefully (sessions in flight finish on the old process). An
     * invalid configuration is refused and nothing changes.
     *
     * @return the new worker's pid
     * @throws InvalidConfigException with {@code haproxy -c}'s output
     */
    public synchronized long save(String submitted) {
        String text = unmask(submitted);
        Validation validation = validate(text);
        if (!validation.valid()) {
            throw new InvalidConfigException(validation.output());
        }
        String previous = repo.read();
        long oldPid = status().pid();
        saveServerStates();
        repo.write(text);
        try {
            return reload(oldPid);
        } catch (RuntimeException e) {
            repo.write(previous);
            throw e;
        }
    }

    /**
     * Reloads HAProxy gracefully with the configuration it has: a new worker takes over the
     * listening sockets, the old one finishes its sessions. Server states (MAINT, DRAIN) are kept.
     *
     * @return the new worker's pid
     */
    public synchronized long reload() {
        long oldPid = status().pid();
        saveServerStates();
        return reload(oldPid);
    }

    private long reload(long oldPid) {
        boolean closing = closeConnectionsAfterEachResponse();
        try {
            master.execute("reload");
        } catch (IOException e) {
            keepConnectionsAlive(closing);
            throw new HaproxyUnavailableException("cannot reach HAProxy's master socket " + master.socket()
                    + " to reload: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + reloadTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            Status now = status();
            if (now.alive() && now.pid() != oldPid) {
                LOG.info("Config - saved and reloaded: worker {} replaced {}", now.pid(), oldPid);
                return now.pid();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        keepConnectionsAlive(closing);
        throw new HaproxyRefusedException("HAProxy did not start a new worker within " + reloadTimeout
                + "; the previous configuration is restored in " + repo.path());
    }

    /**
     * Before a reload: the running worker answers every request with {@code Connection: close} for
     * {@code reloadCloseGrace}, so the clients in flight open fresh connections, which the old
     * worker serves to the end when it stops. (HAProxy 2.6 closes idle keep-alive connections when
     * it stops; a client sending on one at that moment would get no answer.) The new worker reads
     * the map's file, which is empty, and keeps connections alive again.
     *
     * @return whether the configuration has the map (a hand-made one may not)
     */
    private boolean closeConnectionsAfterEachResponse() {
        String answer;
        try {
            answer = api.execute("add map " + closingMap() + " all 1").strip();
        } catch (IOException e) {
            return false;
        }
        if (!answer.isEmpty()) {
            LOG.warn("Config - reloading without closing keep-alive connections first: {} ({})", answer, closingMap());
            return false;
        }
        long until = System.nanoTime() + reloadCloseGrace.toNanos();
        for (long left = reloadCloseGrace.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return true;
    }

    /** After a reload that did not happen: the running worker keeps connections alive again. */
    private void keepConnectionsAlive(boolean closing) {
        if (closing) {
            try {
                api.execute("clear map " + closingMap());
            } catch (IOException e) {
                LOG.warn("Config - cannot clear {}: {}", closingMap(), e.getMessage());
            }
        }
    }

    private Path closingMap() {
        return repo.path().resolveSibling("closing.map");
    }

    /** Writes {@code show servers state} to the server-state file, so a reload keeps MAINT and DRAIN. */
    private void saveServerStates() {
        Path stateFile = repo.stateFile();
        if (stateFile == null) {
            return;
        }
        try {
            Files.writeString(stateFile, run("show servers state"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Config - cannot save server states to {}: {}", stateFile, e.getMessage());
        }
    }

    private void requireKnown(String server) {
        if (servers().stream().noneMatch(s -> s.name().equals(server))) {
            throw new UnknownServerException(server);
        }
    }

    private static void requireServerName(String server) {
        if (server == null || !SERVER_NAME.matcher(server).matches()) {
            throw new InvalidInputException("a server name is 1-100 letters, digits, '_', '.', ':' or '-'");
        }
    }

    private String run(String command) {
        try {
            return api.execute(command);
        } catch (IOException e) {
            throw new HaproxyUnavailableException(e.getMessage(), e);
        }
    }

    private static void expectEmpty(String answer) {
        if (!answer.isBlank()) {
            throw new HaproxyRefusedException("HAProxy answered: " + answer.strip());
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
