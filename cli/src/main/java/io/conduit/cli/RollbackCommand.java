package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rollback CLUSTER N}: a new release equal to release N, configuration and service code. */
@Command(name = "rollback", description = "Make a new release whose configuration and service code equal release N's.")
final class RollbackCommand extends AdminCommand {

    @Parameters(paramLabel = "CLUSTER N", description = "the cluster (or --url), then the release to go back to")
    List<String> args = List.of();

    @Override
    public Integer call() {
        Target.Resolved cluster = target.resolve(spec, args, 1);
        String number = cluster.rest().get(0);
        if (!number.matches("\\d{1,18}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "N must be a release's number, not '" + number
                    + "' (bin/conduit releases CLUSTER lists them)");
        }
        JsonNode answer = cluster.admin().json(cluster.admin().post("/conduit/admin/releases/" + number + "/rollback",
                new byte[0], "application/json"));
        ReleaseClient releases = new ReleaseClient(cluster.admin(), cli.out());
        int changed = releases.print(answer.path("changes"));
        cli.out().println(answer.path("release").isNull() ? "Nothing to change: the cluster matches release " + number
                + " already." : "Release " + answer.path("release").asLong() + " made: back to release " + number + " ("
                + changed + " objects changed).");
        return 0;
    }
}
