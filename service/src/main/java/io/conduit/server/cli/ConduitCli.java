package io.conduit.server.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/conduit}: the command line. Each command is a small class; this one only dispatches.
 * Exit codes: 0 success, 1 the command failed, 2 wrong usage.
 */
public final class ConduitCli {

    static final String USAGE = """
            usage: bin/conduit COMMAND [ARGS]

              quickstart [DIR] [--servers N] [--port-offset K] [--https-only]
                                        create the cluster in DIR (default ./cluster) if absent, start it,
                                        wait until healthy, print URLs and credentials
              start DIR                 start the cluster in DIR
              stop DIR                  stop everything the cluster in DIR started
              restart DIR [--all]       restart the server nodes one at a time, each UP in HAProxy again
                                        before the next; --all also reloads HAProxy and restarts the
                                        LB agent and the dashboard
              status DIR                show each part's state (exit 0 when all are healthy)
              deploy DIR FILE           hot-deploy a .java or .jar into the cluster in DIR
              invoke DIR SERVICE [JSON] invoke a service and print its response
              rotate-key DIR            a new key for the secrets in the ODB (DIR/secrets.key); the
                                        running cluster seals every secret again with it
            """;

    private ConduitCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "quickstart" -> new ClusterCommands(out).quickstart(rest);
                case "start" -> new ClusterCommands(out).start(rest);
                case "stop" -> new ClusterCommands(out).stop(rest);
                case "status" -> new ClusterCommands(out).status(rest);
                case "restart" -> new ClusterCommands(out).restart(rest);
                case "deploy" -> new DeployCommand(out, err).run(rest);
                case "invoke" -> new InvokeCommand(out, err).run(rest);
                case "rotate-key" -> new RotateKeyCommand(out, err).run(rest);
                default -> {
                    err.println("conduit: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (CliException e) {
            err.println("conduit: " + e.getMessage());
            return e.exitCode();
        }
    }
}
