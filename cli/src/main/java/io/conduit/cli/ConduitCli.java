package io.conduit.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code bin/conduit}: the command line, on picocli. Every command has {@code -h/--help}; exit codes
 * are 0 done, 1 failed, 2 wrong usage (said on stderr with the usage), 3 {@code diff} found differences.
 */
@Command(name = "conduit", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = ConduitCli.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        addMethodSubcommands = false,
        description = {"Make, run and change Conduit clusters. A CLUSTER is a cluster's directory, or --url URL"
            + " --credentials FILE for one elsewhere.", "",
            "Configuration as code: export CLUSTER OUT, edit, diff CLUSTER OUT, apply CLUSTER OUT; releases CLUSTER"
                + " lists the releases, rollback CLUSTER N goes back to one."})
public final class ConduitCli {

    /** Exit code of {@code diff} when the directory and the cluster differ. */
    static final int DIFFERENT = 3;

    private final PrintStream out;
    private final PrintStream err;

    ConduitCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code of the command {@code args} name, its output written to {@code out} and {@code err} */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    /** @return the whole command tree, writing to those streams */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ConduitCli(out, err));
        for (String name : List.of("quickstart", "start", "stop", "restart", "status", "rotateKey")) {
            CommandLine.getCommandMethods(ConduitCli.class, name).forEach(method -> cli.addSubcommand(method));
        }
        for (Class<?> command : List.of(DeployCommand.class, InvokeCommand.class, ExportCommand.class,
                DiffCommand.class, ApplyCommand.class, ReleasesCommand.class, RollbackCommand.class,
                NewProjectCommand.class, CheckCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class)) {
            cli.addSubcommand(command);
        }
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliException failure) {
                commandLine.getErr().println("conduit: " + failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        return cli;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    @Command(name = "quickstart", description = {"Create the cluster in DIR if absent, start everything, wait until"
        + " healthy, and print the URLs and credentials."})
    int quickstart(
            @Parameters(paramLabel = "DIR", defaultValue = "./cluster", description = "the cluster's directory"
                    + " (default: ${DEFAULT-VALUE})") Path dir,
            @Option(names = "--servers", paramLabel = "N", defaultValue = "2", description = "server nodes"
                    + " (default: ${DEFAULT-VALUE})") int servers,
            @Option(names = "--port-offset", paramLabel = "K", defaultValue = "0",
                    description = "added to every port, for a second cluster on one host") int offset,
            @Option(names = "--https-only", description = "HAProxy redirects http to https") boolean httpsOnly,
            @Option(names = "--ha", description = "Redis as a master, a replica and three sentinels") boolean ha,
            @Option(names = "--odb", paramLabel = "h2|postgres", defaultValue = "h2",
                    description = "where the ODB lives (default: ${DEFAULT-VALUE})") String odb,
            @Option(names = "--odb-url", paramLabel = "URL", defaultValue = "",
                    description = "an existing PostgreSQL (jdbc:postgresql://...), user and password from"
                            + " CONDUIT_ODB_USER and CONDUIT_ODB_PASSWORD") String odbUrl) {
        return new ClusterCommands(out).quickstart(dir, servers, offset, httpsOnly, ha, odb, odbUrl);
    }

    @Command(name = "start", description = "Start the cluster in DIR.")
    int start(@Parameters(paramLabel = "DIR", description = "the cluster's directory") Path dir) {
        return new ClusterCommands(out).start(dir);
    }

    @Command(name = "stop", description = "Stop everything the cluster in DIR started.")
    int stop(@Parameters(paramLabel = "DIR", description = "the cluster's directory") Path dir) {
        return new ClusterCommands(out).stop(dir);
    }

    @Command(name = "restart", description = {"Restart the server nodes one at a time, each UP in HAProxy again"
        + " before the next."})
    int restart(@Parameters(paramLabel = "DIR", description = "the cluster's directory") Path dir,
                @Option(names = "--all", description = "also reload HAProxy and restart the LB agent and the dashboard")
                boolean all) {
        return new ClusterCommands(out).restart(dir, all);
    }

    @Command(name = "status", description = "Show each part's state; exit 0 when all are healthy.")
    int status(@Parameters(paramLabel = "DIR", description = "the cluster's directory") Path dir,
               @Mixin OutputOption output) {
        return new ClusterCommands(out).status(dir, output.json());
    }

    @Command(name = "rotate-key", description = {"A new key for the secrets in the ODB (DIR/secrets.key); the running"
        + " cluster seals every secret again with it."})
    int rotateKey(@Parameters(paramLabel = "DIR", description = "the cluster's directory") String dir) {
        return new RotateKeyCommand(out, err).run(ClusterDir.existing(dir));
    }

    /** The version in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ConduitCli.class.getPackage().getImplementationVersion();
            return new String[] {"conduit " + (version == null ? "dev" : version) + " (Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
