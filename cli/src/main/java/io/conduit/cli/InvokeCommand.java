package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code invoke DIR SERVICE [JSON]}: invokes a service and prints its response. */
final class InvokeCommand {

    private final PrintStream out;
    private final PrintStream err;

    InvokeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(ClusterDir cluster, String service, String payload) {
        ObjectMapper mapper = new ObjectMapper();
        if (!payload.isEmpty()) {
            try {
                mapper.readTree(payload);
            } catch (IOException e) {
                throw new CliException("the payload is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""),
                        2);
            }
        }
        AdminClient admin = new AdminClient(cluster.nodeUrl(), cluster.admin());
        AdminClient.Answer answer = admin.post("/conduit/admin/invoke/"
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
