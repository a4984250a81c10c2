package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code invoke CLUSTER SERVICE [JSON]}: invokes a service and prints its response. */
@Command(name = "invoke", description = "Invoke a service with a JSON payload and print its response.")
final class InvokeCommand extends AdminCommand {

    @Parameters(paramLabel = "CLUSTER SERVICE [JSON]", description = "the cluster (or --url), the service's name,"
            + " and the request payload")
    List<String> args = List.of();

    @Override
    public Integer call() {
        Target.Resolved cluster = target.resolve(spec, args, 1, 2);
        String service = cluster.rest().get(0);
        String payload = cluster.rest().size() > 1 ? cluster.rest().get(1) : "";
        PrintStream out = cli.out();
        PrintStream err = cli.err();
        ObjectMapper mapper = new ObjectMapper();
        if (!payload.isEmpty()) {
            try {
                mapper.readTree(payload);
            } catch (IOException e) {
                throw new CliException("the payload is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""),
                        2);
            }
        }
        AdminClient.Answer answer = cluster.admin().post("/conduit/admin/invoke/"
                + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20"),
                payload.getBytes(StandardCharsets.UTF_8), "application/json");
        if (answer.status() >= 400) {
            JsonNode json = DeployCommand.parse(answer.body());
            err.println("conduit: " + json.path("error").asText(answer.body()) + " (HTTP " + answer.status() + ")");
            return 1;
        }
        if (!answer.body().isEmpty()) {
            try {
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(answer.body())));
            } catch (IOException e) {
                out.println(answer.body());
            }
        }
        return 0;
    }
}
