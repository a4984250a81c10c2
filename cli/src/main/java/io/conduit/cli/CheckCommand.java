package io.conduit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.haproxy.HaproxyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check DIR}: validates, without a running cluster, a cluster's directory (its settings files,
 * HAProxy's configuration, its credentials) or a config directory (its files, and each object against
 * the {@code schema.json} that {@code export} saved). Exit 0 when all is well, 1 with every problem at
 * its file and line.
 */
@Command(name = "check", description = {"Validate DIR without a running cluster: a cluster's directory (its"
    + " settings files, HAProxy's configuration with haproxy -c, its credentials), or a config directory (its files,"
    + " and every object against the schema.json that export saved). Exit 1 with each problem at its file and line."})
final class CheckCommand implements Callable<Integer> {

    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    /** HAProxy 2.6: {@code [ALERT]    (123) : config : parsing [FILE:68] : what is wrong} */
    private static final Pattern PARSING = Pattern.compile("parsing \\[[^\\]]*:(\\d+)] : (.*)");
    private static final Pattern SUMMARY = Pattern.compile("Error\\(s\\) found in configuration file|Fatal errors found");

    @ParentCommand
    ConduitCli cli;

    @Parameters(paramLabel = "DIR", description = "a cluster's directory, or a config directory")
    Path dir;

    @Option(names = "--env", paramLabel = "NAME", description = "a config directory: merge the overlay DIR/env/NAME.yaml")
    String env;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new CliException(dir + " is not a directory: name a cluster's directory or a config directory", 2);
        }
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        if (Files.exists(dir.resolve(ClusterSpec.FILE))) {
            checkCluster(problems, checked);
        } else {
            checkConfigDir(problems, checked);
        }
        if (problems.isEmpty()) {
            cli.out().println(dir + ": OK (" + String.join("; ", checked) + ")");
            return 0;
        }
        cli.out().println(dir + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":");
        problems.forEach(p -> cli.out().println("  " + p));
        return 1;
    }

    private void checkConfigDir(List<String> problems, List<String> checked) {
        ConfigDir config;
        try {
            config = ConfigDir.read(dir, env, System::getenv);
        } catch (ConfigDirException e) {
            problems.addAll(e.problems());
            return;
        }
        checked.add("a config directory of " + count(config.config().size(), "kind file") + ", "
                + count(config.services().size(), "service file"));
        Path schema = dir.resolve(ConfigDir.SCHEMA);
        if (!Files.isRegularFile(schema)) {
            checked.add("no " + ConfigDir.SCHEMA + ", so the objects' fields are left to the cluster's diff and apply"
                    + " (bin/conduit export saves one)");
            return;
        }
        try {
            problems.addAll(config.check(new ObjectMapper().readTree(schema.toFile())));
            checked.add("every object against " + ConfigDir.SCHEMA);
        } catch (IOException e) {
            problems.add(ConfigDir.SCHEMA + ": cannot be read as JSON: " + e.getMessage());
        }
    }

    private void checkCluster(List<String> problems, List<String> checked) {
        ClusterSpec spec;
        try {
            spec = ClusterSpec.read(dir);
        } catch (CliException e) {
            problems.add(ClusterSpec.FILE + ": " + e.getMessage());
            return;
        }
        List<String> files = new ArrayList<>();
        for (int n = 1; n <= spec.servers(); n++) {
            files.add("server" + n + "/config.yml");
        }
        files.addAll(List.of("load-balancer/agent.yml", "dashboard/config.yml"));
        for (String file : files) {
            try {
                LocatedYaml yaml = LocatedYaml.read(dir.resolve(file), file);
                if (!yaml.tree().isObject()) {
                    problems.add(file + ": must be a YAML mapping of settings");
                }
            } catch (ConfigDirException e) {
                problems.addAll(e.problems());
            }
        }
        checked.add(count(files.size(), "settings file"));
        for (String credentials : List.of("admin.credentials", "metrics.credentials")) {
            Path file = dir.resolve(credentials);
            try {
                if (!Files.readString(file).strip().matches("[^:\\s]+:\\S+")) {
                    problems.add(credentials + ": must hold one line USER:PASSWORD");
                } else if (Files.getPosixFilePermissions(file).stream().anyMatch(OTHERS::contains)) {
                    problems.add(credentials + ": others can read it; chmod 600 " + file);
                }
            } catch (IOException e) {
                problems.add(credentials + ": cannot be read: " + e.getMessage());
            }
        }
        checked.add("the credentials");
        Path haproxyConfig = dir.resolve("load-balancer/config/repo").resolve(HaproxyConfig.FILE);
        Optional<Path> haproxy = Prerequisites.find("haproxy");
        if (haproxy.isEmpty()) {
            checked.add("not HAProxy's configuration: haproxy is not installed");
        } else {
            haproxyCheck(haproxy.get(), haproxyConfig, problems);
            checked.add("HAProxy's configuration (haproxy -c)");
        }
    }

    private void haproxyCheck(Path haproxy, Path config, List<String> problems) {
        String name = dir.relativize(config).toString();
        try {
            Process p = new ProcessBuilder(haproxy.toString(), "-c", "-f", config.toString()).redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problems.add(name + ": haproxy -c did not finish in 30 s");
            } else if (p.exitValue() != 0) {
                int before = problems.size();
                try (Stream<String> lines = output.lines()) {
                    lines.filter(l -> l.contains("[ALERT]") && !SUMMARY.matcher(l).find()).map(l -> alert(name, l))
                            .forEach(problems::add);
                }
                if (problems.size() == before) {
                    problems.add(name + ": haproxy -c refused it: " + output.strip());
                }
            }
        } catch (IOException e) {
            problems.add(name + ": cannot run haproxy -c: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** @return HAProxy's alert as {@code file:line: what}, as the other problems read */
    private static String alert(String name, String line) {
        Matcher parsing = PARSING.matcher(line);
        if (parsing.find()) {
            return name + ":" + parsing.group(1) + ": " + parsing.group(2);
        }
        return name + ": " + line.replaceFirst(".*\\[ALERT]\\s*(\\(\\d+\\)\\s*:\\s*)?(config\\s*:\\s*)?", "");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
