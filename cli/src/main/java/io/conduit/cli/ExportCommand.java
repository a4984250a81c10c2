package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code export CLUSTER OUT}: the cluster's whole configuration as a config directory. */
@Command(name = "export", description = {"Write the cluster's whole configuration to OUT as a config directory: one"
    + " YAML file per kind, services/, schema.json. Secrets are written as $${VAR} placeholders, never their values."})
final class ExportCommand extends AdminCommand {

    @Parameters(paramLabel = "CLUSTER OUT", description = "the cluster (or --url), then the directory to write")
    List<String> args = List.of();

    @Override
    public Integer call() {
        Target.Resolved cluster = target.resolve(spec, args, 1);
        Path out = Path.of(cluster.rest().get(0));
        JsonNode exported = cluster.admin().json(cluster.admin().get("/conduit/admin/config"));
        JsonNode schema = cluster.admin().json(cluster.admin().get("/conduit/admin/config/schema"));
        ConfigWriter.Written written = ConfigWriter.write(out, exported, schema);
        cli.out().println("Exported release " + exported.path("release").asLong() + " of " + cluster.name() + " to "
                + out + ": " + count(written.objects(), "object") + " in " + count(written.files(), "file") + ", "
                + count(written.services(), "service file") + ".");
        return 0;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
