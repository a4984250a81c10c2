package io.conduit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a {@code jvm.options} file: one option per line; blank lines and lines starting with # are skipped. */
public final class JvmOptions {

    private JvmOptions() {
    }

    /** @return the options in the file, in order */
    public static List<String> read(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new CliException("cannot read the JVM options in " + file + ": " + e.getMessage());
        }
    }
}
