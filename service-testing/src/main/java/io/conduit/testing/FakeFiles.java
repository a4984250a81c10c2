package io.conduit.testing;

import io.conduit.api.FileConnection;
import io.conduit.api.OutgoingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fake outgoing file connection: a folder in memory, which the test fills and reads. Paths are as
 * a service gives them, relative to the connection's folder; a missing file is the error a real
 * connection gives, naming the connection and the file.
 *
 * <pre>{@code
 * harness.files("Partner").put("in/orders.csv", "id,amount\n1,20\n");
 * harness.call("billing.import", null);
 * assertThat(harness.files("Partner").text("out/report.csv")).contains("total,20");
 * }</pre>
 */
public final class FakeFiles implements FileConnection {

    private record Stored(byte[] content, Instant modified) {
    }

    private final String name;
    private final ServiceHarness harness;
    private final Map<String, Stored> files = new TreeMap<>();

    FakeFiles(String name, ServiceHarness harness) {
        this.name = name;
        this.harness = harness;
    }

    /** @return the connection's name */
    public String name() {
        return name;
    }

    /** @return every file's path, in order */
    public synchronized List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** @return a file's content as UTF-8 text; fails naming the file when there is none */
    public String text(String path) {
        return new String(get(path), StandardCharsets.UTF_8);
    }

    private static String normal(String path) {
        String p = path == null ? "" : path.replaceAll("/+", "/");
        p = p.startsWith("/") ? p.substring(1) : p;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Override
    public synchronized void put(String path, Object content) {
        byte[] bytes;
        if (content instanceof byte[] b) {
            bytes = b.clone();
        } else if (content instanceof InputStream in) {
            try (in) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (content instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = harness.mapper().writeValueAsBytes(content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.put(normal(path), new Stored(bytes, harness.clock().instant()));
    }

    @Override
    public synchronized byte[] get(String path) {
        Stored stored = files.get(normal(path));
        if (stored == null) {
            throw missing("get", path);
        }
        return stored.content().clone();
    }

    @Override
    public InputStream open(String path) {
        return new ByteArrayInputStream(get(path));
    }

    @Override
    public synchronized List<Entry> list(String folder) {
        String prefix = normal(folder).isEmpty() ? "" : normal(folder) + "/";
        Map<String, Entry> entries = new TreeMap<>();
        files.forEach((path, stored) -> {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                int slash = rest.indexOf('/');
                String child = slash < 0 ? rest : rest.substring(0, slash);
                entries.putIfAbsent(child, slash < 0
                        ? new Entry(child, "/" + path, stored.content().length, stored.modified(), false)
                        : new Entry(child, "/" + prefix + child, 0, stored.modified(), true));
            }
        });
        return new ArrayList<>(entries.values());
    }

    @Override
    public synchronized void delete(String path) {
        if (files.remove(normal(path)) == null) {
            throw missing("delete", path);
        }
    }

    private OutgoingException missing(String what, String path) {
        return new OutgoingException(name, OutgoingException.Reason.REJECTED, "outgoing file connection '" + name
                + "': " + what + " " + path + " failed: there is no such file or folder", null);
    }

    synchronized void reset() {
        files.clear();
    }
}
