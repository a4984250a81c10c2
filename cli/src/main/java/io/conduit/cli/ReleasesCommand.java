package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code releases CLUSTER [-o json]}: the numbered releases, newest first. */
@Command(name = "releases", description = "List the cluster's releases, newest first: who made each, when, how, what.")
final class ReleasesCommand extends AdminCommand {

    @Parameters(paramLabel = "CLUSTER", description = "the cluster (or --url)")
    List<String> args = List.of();

    @Mixin
    OutputOption output;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        Target.Resolved cluster = target.resolve(spec, args, 0);
        JsonNode releases = cluster.admin().json(cluster.admin().get("/conduit/admin/releases?limit=" + limit));
        if (output.json()) {
            OutputOption.print(cli.out(), releases);
            return 0;
        }
        cli.out().println(String.format("%-8s %-24s %-12s %-9s %s", "RELEASE", "AT", "BY", "SOURCE", "SUMMARY"));
        for (JsonNode r : releases) {
            cli.out().println(String.format("%-8d %-24s %-12s %-9s %s", r.path("number").asLong(),
                    r.path("at").asText().replaceAll("\\.\\d+Z$", "Z"), r.path("by").asText(), r.path("source").asText(),
                    r.path("summary").asText()));
        }
        return 0;
    }
}
