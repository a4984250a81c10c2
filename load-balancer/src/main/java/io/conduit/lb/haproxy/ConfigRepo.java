package io.conduit.lb.haproxy;

import io.conduit.common.auth.Admin1;
import io.conduit.common.auth.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster's HAProxy configuration file, {@code conduit.config}: what the agent reads from it
 * (the stats socket, the server-state file, admin1's credentials, the servers) and how it writes
 * server changes back, keeping everything else as the operator wrote it.
 */
public final class ConfigRepo {

    private static final Pattern SOCKET = Pattern.compile("^\\s*stats\\s+socket\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern STATE_FILE = Pattern.compile("^\\s*server-state-file\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern SERVER = Pattern.compile("^\\s*server\\s+(\\S+)\\s+(\\S+)");
    private static final Pattern DEFAULT_SERVER = Pattern.compile("^\\s*default-server\\s+(.+?)\\s*$");

    private final Path file;

    public ConfigRepo(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** @return the file's path */
    public Path path() {
        return file;
    }

    /** @return the file's text */
    public String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the HAProxy config repo " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the stats socket (the Runtime API) the config declares */
    public Path statsSocket() {
        return resolve(find(SOCKET, read(), "a 'stats socket <path>' line in its global section"));
    }

    /** @return the server-state file, or null if the config keeps none */
    public Path stateFile() {
        Matcher m = STATE_FILE.matcher(read());
        return m.find() ? resolve(m.group(1)) : null;
    }

    /** @return admin1's credentials from the {@code stats auth admin1:<password>} line */
    public Credentials admin1() {
        return Admin1.read(file);
    }

    /**
     * Replaces the file's text, atomically; the previous text stays in {@code conduit.config.previous}.
     *
     * @param text the new configuration
     */
    public void write(String text) {
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.copy(file, file.resolveSibling(file.getFileName() + ".previous"), StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A {@code server} line of a backend. */
    public record ServerLine(String name, String address) {
    }

    /** @return the {@code server} lines of a backend section */
    public static List<ServerLine> servers(String text, String backend) {
        List<ServerLine> servers = new ArrayList<>();
        int[] section = section(text.lines().toList(), backend);
        List<String> lines = text.lines().toList();
        for (int i = section[0] + 1; i < section[1]; i++) {
            Matcher m = SERVER.matcher(lines.get(i));
            if (m.find()) {
                servers.add(new ServerLine(m.group(1), m.group(2)));
            }
        }
        return servers;
    }

    /**
     * @return the options of the backend's {@code default-server} line (health checks, slow start),
     *     which servers added at runtime must be given by hand: HAProxy applies that line only to
     *     servers in the file; {@code check} when there is none
     */
    public static String defaultServerOptions(String text, String backend) {
        List<String> lines = text.lines().toList();
        int[] section = section(lines, backend);
        for (int i = section[0] + 1; i < section[1]; i++) {
            Matcher m = DEFAULT_SERVER.matcher(lines.get(i));
            if (m.find()) {
                return m.group(1);
            }
        }
        return "check";
    }

    /** @return the text with the backend's server {@code name} at {@code address} (replacing one of that name) */
    public static String withServer(String text, String backend, String name, String address) {
        List<String> lines = new ArrayList<>(withoutServer(text, backend, name).lines().toList());
        int[] section = section(lines, backend);
        int insertAt = section[0] + 1;
        for (int i = section[0] + 1; i < section[1]; i++) {
            if (!lines.get(i).isBlank()) {
                insertAt = i + 1;
            }
        }
        lines.add(insertAt, "    server " + name + " " + address);
        return String.join("\n", lines) + "\n";
    }

    /** @return the text without the backend's server {@code name} */
    public static String withoutServer(String text, String backend, String name) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int[] section = section(lines, backend);
        for (int i = section[1] - 1; i > section[0]; i--) {
            Matcher m = SERVER.matcher(lines.get(i));
            if (m.find() && m.group(1).equals(name)) {
                lines.remove(i);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** @return the index of the backend's header line and of the line after its last */
    private static int[] section(List<String> lines, String backend) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean header = !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
            if (start < 0 && header && line.strip().split("\\s+").length >= 2
                    && line.strip().split("\\s+")[0].equals("backend") && line.strip().split("\\s+")[1].equals(backend)) {
                start = i;
            } else if (start >= 0 && header) {
                return new int[] {start, i};
            }
        }
        if (start < 0) {
            throw new IllegalStateException("the HAProxy config has no 'backend " + backend + "' section");
        }
        return new int[] {start, lines.size()};
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : file.getParent().resolve(p).normalize();
    }

    private String find(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(file + " needs " + what);
        }
        return m.group(1);
    }
}
