package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Sends a config directory to a cluster's releases, and says what changed (or what is wrong, where). */
final class ReleaseClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminClient admin;
    private final PrintStream out;

    ReleaseClient(AdminClient admin, PrintStream out) {
        this.admin = admin;
        this.out = out;
    }

    /** @return the number of the cluster's newest release */
    long newest() {
        JsonNode releases = admin.json(admin.get("/conduit/admin/releases?limit=1"));
        return releases.isEmpty() ? 0 : releases.get(0).path("number").asLong();
    }

    /**
     * Applies (or, dry, only compares) a directory against the newest release.
     *
     * @return the server's answer: {@code release} (null when none was made) and {@code changes}
     * @throws ConfigDirException with each problem the server found, at its file and line
     */
    JsonNode send(ConfigDir dir, boolean prune, boolean dryRun) {
        ObjectNode request = JSON.createObjectNode();
        request.put("baseRelease", newest());
        request.set("config", dir.config());
        request.set("services", JSON.valueToTree(dir.services()));
        request.put("prune", prune);
        request.put("dryRun", dryRun);
        AdminClient.Answer answer = admin.post("/conduit/admin/releases",
                request.toString().getBytes(StandardCharsets.UTF_8), "application/json");
        JsonNode body = DeployCommand.parse(answer.body());
        if (answer.status() == 400 && body.has("problems")) {
            List<String> problems = new ArrayList<>();
            for (JsonNode p : body.path("problems")) {
                String kind = p.path("kind").asText();
                String field = p.path("field").asText(null);
                String where = kind.equals("services") ? ConfigDir.SERVICES + "/" + p.path("name").asText()
                        : dir.locate(kind, p.path("name").asText(null), p.has("index") ? p.get("index").asInt() : null,
                        field);
                problems.add(where + ": " + (field == null ? "" : field + ": ") + p.path("message").asText());
            }
            throw new ConfigDirException(problems);
        }
        return admin.json(answer);
    }

    /** Prints each change, one object a line, its fields below. @return how many objects changed */
    int print(JsonNode changes) {
        for (JsonNode change : changes) {
            String op = change.path("op").asText();
            out.println((op.equals("add") ? "+ " : op.equals("remove") ? "- " : "~ ") + change.path("kind").asText() + " '"
                    + change.path("name").asText() + "'" + (op.equals("add") ? " (new)" : op.equals("remove")
                    ? " (removed)" : ""));
            if (!op.equals("add")) {
                for (JsonNode field : change.path("fields")) {
                    out.println("    " + field.path("field").asText() + ": " + text(field.get("from")) + " -> "
                            + text(field.get("to")));
                }
            }
        }
        return changes.size();
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "(unset)";
        }
        return "***".equals(value.asText()) ? "(secret)" : value.toString();
    }

    /** Sets the keys of a directory's {@code kvdb.yaml}: texts with SET, lists with RPUSH, maps with HSET. */
    void setKeys(JsonNode kvdb) {
        if (kvdb == null || !kvdb.isObject()) {
            return;
        }
        kvdb.fields().forEachRemaining(e -> {
            String key = quoted(e.getKey());
            JsonNode value = e.getValue();
            if (value.isArray()) {
                command("DEL " + key);
                StringBuilder push = new StringBuilder("RPUSH " + key);
                value.forEach(v -> push.append(' ').append(quoted(v.asText())));
                if (!value.isEmpty()) {
                    command(push.toString());
                }
            } else if (value.isObject()) {
                command("DEL " + key);
                StringBuilder set = new StringBuilder("HSET " + key);
                value.fields().forEachRemaining(f -> set.append(' ').append(quoted(f.getKey())).append(' ')
                        .append(quoted(f.getValue().asText())));
                if (!value.isEmpty()) {
                    command(set.toString());
                }
            } else {
                command("SET " + key + " " + quoted(value.asText()));
            }
            out.println("  KVDB " + e.getKey() + " set");
        });
    }

    private void command(String line) {
        ObjectNode body = JSON.createObjectNode().put("command", line);
        admin.json(admin.post("/conduit/admin/kvdb/commands", body.toString().getBytes(StandardCharsets.UTF_8),
                "application/json"));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
