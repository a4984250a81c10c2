package io.conduit.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programs a cluster runs besides Java: redis-server and haproxy, and openssl, which makes the
 * cluster's certificates. When one is missing, root on
 * Debian or Ubuntu gets it installed with apt-get (saying so); anyone else gets the command to run.
 */
final class Prerequisites {

    private static final Map<String, String> PACKAGES = new LinkedHashMap<>(Map.of(
            "redis-server", "redis-server", "haproxy", "haproxy", "openssl", "openssl"));

    private Prerequisites() {
    }

    /** @return the programs' paths by name, installing them first if needed and possible */
    static Map<String, Path> ensure(PrintStream out) {
        List<String> missing = new ArrayList<>();
        PACKAGES.keySet().forEach(program -> {
            if (find(program).isEmpty()) {
                missing.add(program);
            }
        });
        if (!missing.isEmpty()) {
            List<String> packages = missing.stream().map(PACKAGES::get).toList();
            String install = "apt-get install -y " + String.join(" ", packages);
            boolean root = "root".equals(System.getProperty("user.name"));
            if (!root || !new File("/usr/bin/apt-get").canExecute()) {
                throw new CliException(String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                        + " not installed; install with: sudo " + install);
            }
            out.println("conduit: installing " + String.join(" ", packages) + " (" + install + ")");
            run(List.of("apt-get", "update", "-q"));
            List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
            command.addAll(packages);
            run(command);
        }
        Map<String, Path> paths = new LinkedHashMap<>();
        for (String program : PACKAGES.keySet()) {
            paths.put(program, find(program).orElseThrow(() ->
                    new CliException(program + " is still not installed; install it with: sudo apt-get install -y "
                            + PACKAGES.get(program))));
        }
        return paths;
    }

    static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")
                .split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin"));
        return dirs.stream().map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new CliException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new CliException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
