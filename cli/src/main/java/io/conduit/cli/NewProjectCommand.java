package io.conduit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code new-project DIR --group G --name N}: a Maven project of services with a test and a config directory. */
@Command(name = "new-project", description = {"Make DIR a Maven project of Conduit services: one typed service, its"
    + " test (the service test kit: no cluster needed), a config directory for bin/conduit apply, and a README.",
    "mvn -B verify passes in it once Conduit's artifacts are installed (mvn install in Conduit's directory)."})
final class NewProjectCommand implements Callable<Integer> {

    private static final Pattern GROUP = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,49}");
    private static final String TEMPLATE = "new-project/";

    @ParentCommand
    ConduitCli cli;

    @Parameters(paramLabel = "DIR", description = "the project's directory: new, or empty")
    Path dir;

    @Option(names = "--group", required = true, paramLabel = "G", description = "the Maven groupId, e.g. com.example")
    String group;

    @Option(names = "--name", required = true, paramLabel = "N",
            description = "the artifactId, and the services' Java package (without its dashes), e.g. billing")
    String name;

    @Override
    public Integer call() throws IOException {
        if (!GROUP.matcher(group).matches()) {
            throw new CliException("--group '" + group + "' is not a Maven groupId of lower-case Java names joined by"
                    + " dots; give e.g. --group com.example");
        }
        if (!NAME.matcher(name).matches()) {
            throw new CliException("--name '" + name + "' must be 1-50 lower-case letters, digits and dashes, starting"
                    + " with a letter; give e.g. --name billing");
        }
        if (Files.exists(dir) && (!Files.isDirectory(dir) || hasFiles(dir))) {
            throw new CliException(dir + " exists and is not an empty directory; give a new directory");
        }
        String version = conduitVersion();
        String pkg = name.replace("-", "").toLowerCase(Locale.ROOT);
        Path root = dir.toAbsolutePath().normalize();
        Map<String, String> values = Map.of("@GROUP@", group, "@NAME@", name, "@PACKAGE@", pkg, "@VERSION@", version,
                "@SERVICE@", pkg + ".hello", "@DIR@", root.toString());
        Path source = root.resolve("src/main/java/" + pkg + "/Hello.java");
        write(values, "pom.xml", root.resolve("pom.xml"));
        write(values, "README.md", root.resolve("README.md"));
        write(values, "gitignore", root.resolve(".gitignore"));
        write(values, "Hello.java", source);
        write(values, "HelloTest.java", root.resolve("src/test/java/" + pkg + "/HelloTest.java"));
        write(values, "channels-http.yaml", root.resolve("config/channels-http.yaml"));
        Path link = root.resolve("config/" + ConfigDir.SERVICES + "/" + pkg + "/Hello.java");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, link.getParent().relativize(source));
        cli.out().println("Made " + root + ": service " + pkg + ".hello (src/main/java/" + pkg + "/Hello.java), its test,"
                + " and config/ for bin/conduit apply.");
        cli.out().println("  cd " + root + " && mvn -B verify");
        Path installed = Path.of(System.getProperty("user.home"), ".m2/repository/io/conduit/conduit-service-testing",
                version);
        if (!Files.isDirectory(installed)) {
            cli.out().println("  (first install Conduit's artifacts: mvn -B -q install -DskipTests in " + home() + ")");
        }
        return 0;
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static void write(Map<String, String> values, String template, Path to) throws IOException {
        String text;
        try (InputStream in = NewProjectCommand.class.getResourceAsStream(TEMPLATE + template)) {
            if (in == null) {
                throw new IllegalStateException("the CLI's jar lacks its template " + TEMPLATE + template);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        Files.createDirectories(to.getParent());
        Files.writeString(to, text);
    }

    /** @return the version of Conduit this CLI was built from: its projects depend on its artifacts */
    static String conduitVersion() {
        Properties properties = new Properties();
        try (InputStream in = NewProjectCommand.class.getResourceAsStream("conduit.properties")) {
            if (in == null) {
                throw new IllegalStateException("the CLI's jar lacks conduit.properties");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static String home() {
        return System.getProperty("conduit.home", "Conduit's directory");
    }
}
