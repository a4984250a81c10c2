package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deploy CLUSTER FILE}: hot-deploys a .java or .jar through the cluster's admin API. */
@Command(name = "deploy", description = "Hot-deploy a .java or .jar into a cluster: compiled, stored and loaded by"
        + " every node; a compiler error is printed with its file and line, and nothing changes.")
final class DeployCommand extends AdminCommand {

    @Parameters(paramLabel = "CLUSTER FILE", description = "the cluster (or --url), and a .java or .jar file")
    List<String> args = List.of();

    @Override
    public Integer call() {
        Target.Resolved cluster = target.resolve(spec, args, 1);
        Path file = Path.of(cluster.rest().get(0));
        String name = file.getFileName().toString();
        if (!name.endsWith(".java") && !name.endsWith(".jar")) {
            throw new CliException(name + " is neither a .java nor a .jar file", 2);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        AdminClient.Answer answer = cluster.admin().post("/conduit/admin/services?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), content,
                name.endsWith(".jar") ? "application/java-archive" : "text/x-java-source");
        JsonNode json = parse(answer.body());
        if (answer.status() >= 300) {
            cli.err().println("conduit: " + json.path("error").asText(answer.body()));
            for (JsonNode d : json.path("diagnostics")) {
                cli.err().println("  " + d.path("file").asText() + ":" + d.path("line").asInt() + ":"
                        + d.path("column").asInt() + ": error: " + d.path("message").asText());
            }
            return 1;
        }
        cli.out().println((json.path("changed").asBoolean() ? "Deployed " : "Unchanged, already deployed: ")
                + json.path("deployment").asText() + " version " + json.path("version").asInt() + ": "
                + String.join(", ", names(json.path("services"))));
        return 0;
    }

    private static List<String> names(JsonNode services) {
        List<String> names = new java.util.ArrayList<>();
        services.forEach(s -> names.add(s.asText()));
        return names;
    }

    static JsonNode parse(String body) {
        try {
            return new ObjectMapper().readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            return new ObjectMapper().createObjectNode().put("error", body);
        }
    }
}
