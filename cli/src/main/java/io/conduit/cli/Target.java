package io.conduit.cli;

import io.conduit.common.auth.AdminFactory;
import io.conduit.common.auth.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Which cluster an admin command talks to, and as whom: a cluster directory given first among the
 * command's arguments (its first node, as its admin from {@code admin.credentials}, or as the user of
 * {@code --credentials}), or {@code --url} and {@code --credentials} for a cluster elsewhere. The nodes
 * hold each user to its roles.
 */
final class Target {

    @Option(names = "--url", paramLabel = "URL", description = "a cluster elsewhere: its admin API's base URL,"
            + " e.g. https://conduit.example.com (instead of a CLUSTER directory)")
    String url;

    @Option(names = "--credentials", paramLabel = "FILE", description = "a file holding username:password (like a"
            + " cluster's admin.credentials): act as that user, held to its roles; needed with --url")
    Path credentials;

    /**
     * @param spec        the command, for usage errors
     * @param positionals the command's arguments, the cluster directory first unless --url is given
     * @param rest        how many arguments follow the cluster
     * @return the admin API, and the arguments after the cluster
     */
    Resolved resolve(CommandLine.Model.CommandSpec spec, List<String> positionals, int rest) {
        return resolve(spec, positionals, rest, rest);
    }

    /**
     * @param fewest the fewest arguments that may follow the cluster
     * @param most   the most
     * @see #resolve(CommandLine.Model.CommandSpec, List, int)
     */
    Resolved resolve(CommandLine.Model.CommandSpec spec, List<String> positionals, int fewest, int most) {
        int first = url == null ? 1 : 0;
        if (positionals.size() < fewest + first || positionals.size() > most + first) {
            String more = fewest == most ? String.valueOf(fewest) : fewest + " to " + most;
            throw new CommandLine.ParameterException(spec.commandLine(), (url == null ? "give the CLUSTER directory"
                    + " (or --url and --credentials)" : "with --url, give no CLUSTER directory") + " and "
                    + more + " more argument" + (most == 1 ? "" : "s") + "; got " + positionals.size());
        }
        if (url != null) {
            if (credentials == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--url needs --credentials FILE");
            }
            return new Resolved(new AdminClient(url.replaceAll("/+$", ""), given()), url, positionals);
        }
        ClusterDir cluster = ClusterDir.existing(positionals.get(0));
        return new Resolved(new AdminClient(cluster.nodeUrl(), credentials == null ? cluster.admin() : given()),
                cluster.path().toString(), positionals.subList(1, positionals.size()));
    }

    private Credentials given() {
        if (!Files.isReadable(credentials)) {
            throw new CliException("cannot read the credentials in " + credentials);
        }
        try {
            return AdminFactory.read(credentials);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage());
        }
    }

    /**
     * @param admin the cluster's admin API
     * @param name  the cluster, for messages
     * @param rest  the command's arguments after the cluster
     */
    record Resolved(AdminClient admin, String name, List<String> rest) {
    }
}
