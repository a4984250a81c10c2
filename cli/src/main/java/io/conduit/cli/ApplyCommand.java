package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apply CLUSTER CONFIG}: makes the cluster match a config directory, in one release. */
@Command(name = "apply", description = {"Make the cluster match CONFIG in one release: everything is checked first"
    + " (each problem named at its file and line), then every node switches to the whole new configuration together."
    + " Then the keys of CONFIG/kvdb.yaml are set."})
final class ApplyCommand extends AdminCommand {

    @Parameters(paramLabel = "CLUSTER CONFIG", description = "the cluster (or --url), then the config directory")
    List<String> args = List.of();

    @Option(names = "--env", paramLabel = "NAME", description = "merge the overlay CONFIG/env/NAME.yaml")
    String env;

    @Option(names = "--prune", description = "also remove what the cluster has and CONFIG lacks (objects and services)")
    boolean prune;

    @Option(names = "--dry-run", description = "check and show what would change; change nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        Target.Resolved cluster = target.resolve(spec, args, 1);
        ConfigDir dir = ConfigDir.read(Path.of(cluster.rest().get(0)), env, System::getenv);
        ReleaseClient releases = new ReleaseClient(cluster.admin(), cli.out());
        JsonNode answer = releases.send(dir, prune, dryRun);
        int changed = releases.print(answer.path("changes"));
        if (dryRun) {
            cli.out().println(changed == 0 ? "Nothing would change." : changed + " objects would change (dry run:"
                    + " nothing was changed).");
            return 0;
        }
        cli.out().println(answer.path("release").isNull() ? "Nothing to change: the cluster matches " + cluster.rest().get(0)
                + "." : "Release " + answer.path("release").asLong() + " made: " + changed + " objects changed.");
        releases.setKeys(dir.kvdb());
        return 0;
    }
}
