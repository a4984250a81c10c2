package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diff CLUSTER CONFIG}: what an apply would change, field by field; exit 3 when anything. */
@Command(name = "diff", description = {"Show, field by field, what apply would change: + added, ~ changed, - removed"
    + " (with --prune). Secrets show as changed, never their values. Exit 3 when there are differences."})
final class DiffCommand extends AdminCommand {

    @Parameters(paramLabel = "CLUSTER CONFIG", description = "the cluster (or --url), then the config directory")
    List<String> args = List.of();

    @Option(names = "--env", paramLabel = "NAME", description = "merge the overlay CONFIG/env/NAME.yaml")
    String env;

    @Option(names = "--prune", description = "also show what the cluster has and CONFIG lacks, as removed")
    boolean prune;

    @Override
    public Integer call() {
        Target.Resolved cluster = target.resolve(spec, args, 1);
        ConfigDir dir = ConfigDir.read(Path.of(cluster.rest().get(0)), env, System::getenv);
        ReleaseClient releases = new ReleaseClient(cluster.admin(), cli.out());
        JsonNode answer = releases.send(dir, prune, true);
        if (releases.print(answer.path("changes")) == 0) {
            cli.out().println("No differences.");
            return 0;
        }
        return ConduitCli.DIFFERENT;
    }
}
