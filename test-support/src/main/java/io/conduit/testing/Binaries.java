package io.conduit.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the real programs integration tests need, failing loudly (never skipping) when one is missing. */
public final class Binaries {

    private Binaries() {
    }

    /**
     * @param name       the program, e.g. {@code redis-server}
     * @param extraDirs  more directories to look in than PATH
     * @return its path
     * @throws IllegalStateException naming the program and how to install it
     */
    public static Path require(String name, String... extraDirs) {
        return find(name, extraDirs).orElseThrow(() -> new IllegalStateException("integration tests need '" + name
                + "', which is not installed: run bin/test (it installs what is missing) or apt-get install -y "
                + packageOf(name)));
    }

    /** @return the program's path, if installed */
    public static Optional<Path> find(String name, String... extraDirs) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        List<String> dirs = new java.util.ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        dirs.addAll(List.of(extraDirs));
        for (String dir : dirs) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String packageOf(String name) {
        return switch (name) {
            case "redis-server", "redis-cli" -> "redis-server";
            case "initdb", "postgres", "pg_ctl" -> "postgresql";
            case "chromedriver" -> "chromium-driver";
            case "sshd", "ssh-keygen" -> "openssh-server";
            case "mariadbd", "mariadb-install-db" -> "mariadb-server";
            default -> name;
        };
    }
}
