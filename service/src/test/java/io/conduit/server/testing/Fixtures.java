package io.conduit.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures under {@code src/test/resources/fixtures/}. */
public final class Fixtures {

    private Fixtures() {
    }

    /** @return a fixture's text */
    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param template  a fixture service under {@code services/}, e.g. {@code Echo}
     * @param className the class name to give it, so tests deploy services of their own
     * @return the source with the class renamed
     */
    public static String service(String template, String className) {
        return text("services/" + template + ".java").replace("class " + template + " ", "class " + className + " ");
    }

    /**
     * Writes a file into a pickup directory the way an editor or {@code cp} would not: under a
     * temporary name first, then renamed, so the test never races the watcher.
     */
    public static void drop(Path pickupDir, String fileName, byte[] content) {
        try {
            Files.createDirectories(pickupDir);
            Path tmp = pickupDir.resolve("." + fileName + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, pickupDir.resolve(fileName), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void drop(Path pickupDir, String fileName, String content) {
        drop(pickupDir, fileName, content.getBytes(StandardCharsets.UTF_8));
    }
}
