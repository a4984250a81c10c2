package io.conduit.server.odb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves every configured object from the table its kind had (V1-V8) into {@code config_object} as a
 * JSON document in the admin API's shape, keeping sealed secrets as they are; records the whole as
 * the first release; drops the old tables. Written against those tables once: later fields need no
 * migration.
 */
public final class V10__Kinds_as_documents extends BaseJavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        Map<String, ArrayNode> kinds = new LinkedHashMap<>();
        kinds.put("security", rows(c, "SELECT * FROM security_definition ORDER BY name", V10__Kinds_as_documents::security));
        kinds.put("channels-http", rows(c, "SELECT * FROM http_channel ORDER BY name", rs -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", rs.getString("name"));
            o.put("urlPath", rs.getString("url_path"));
            o.put("service", rs.getString("service"));
            o.put("method", rs.getString("method"));
            o.put("dataFormat", "json");
            o.put("security", rs.getString("security"));
            if (rs.getObject("rate_requests") == null) {
                o.putNull("rateLimit");
            } else {
                o.putObject("rateLimit").put("requests", rs.getInt("rate_requests")).put("per", rs.getString("rate_per"))
                        .put("by", rs.getString("rate_by"));
            }
            o.put("active", rs.getBoolean("active"));
            return o;
        }));
        kinds.put("channels-amqp", rows(c, "SELECT * FROM amqp_channel ORDER BY name", rs -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", rs.getString("name"));
            o.put("address", rs.getString("address"));
            o.put("user", rs.getString("username"));
            o.put("password", rs.getString("password"));
            o.put("queue", rs.getString("queue_name"));
            o.put("service", rs.getString("service"));
            o.put("prefetch", rs.getInt("prefetch"));
            o.put("consumers", rs.getInt("consumers"));
            o.put("maxAttempts", rs.getInt("max_attempts"));
            o.put("active", rs.getBoolean("active"));
            return o;
        }));
        kinds.put("outgoing-http", rows(c, "SELECT * FROM outgoing_http ORDER BY name", rs -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", rs.getString("name"));
            o.put("address", rs.getString("address"));
            o.put("urlPath", rs.getString("url_path"));
            o.put("method", rs.getString("method"));
            o.put("dataFormat", "json");
            o.put("timeoutMs", rs.getInt("timeout_ms"));
            o.put("poolSize", rs.getInt("pool_size"));
            o.put("security", rs.getString("security"));
            o.put("caFile", rs.getString("ca_file"));
            o.set("retries", json(rs.getString("retries")));
            o.set("circuitBreaker", json(rs.getString("circuit_breaker")));
            o.put("active", rs.getBoolean("active"));
            return o;
        }));
        kinds.put("outgoing-zmq", rows(c, "SELECT * FROM outgoing_zmq ORDER BY name", rs -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", rs.getString("name"));
            o.put("address", rs.getString("address"));
            o.put("socketType", rs.getString("socket_type"));
            o.put("highWaterMark", rs.getInt("high_water_mark"));
            o.put("active", rs.getBoolean("active"));
            return o;
        }));
        kinds.put("outgoing-sql", rows(c, "SELECT * FROM outgoing_sql ORDER BY name", rs -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", rs.getString("name"));
            o.put("url", rs.getString("url"));
            o.put("user", rs.getString("username"));
            o.put("password", rs.getString("password"));
            o.put("poolSize", rs.getInt("pool_size"));
            o.put("timeoutMs", rs.getInt("timeout_ms"));
            o.put("active", rs.getBoolean("active"));
            return o;
        }));
        kinds.put("outgoing-amqp", rows(c, "SELECT * FROM outgoing_amqp ORDER BY name", rs -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", rs.getString("name"));
            o.put("address", rs.getString("address"));
            o.put("user", rs.getString("username"));
            o.put("password", rs.getString("password"));
            o.put("exchange", rs.getString("exchange_name"));
            o.put("routingKey", rs.getString("routing_key"));
            o.put("deliveryMode", rs.getInt("delivery_mode"));
            o.put("confirm", rs.getBoolean("confirm"));
            o.put("timeoutMs", rs.getInt("timeout_ms"));
            o.put("active", rs.getBoolean("active"));
            return o;
        }));
        kinds.put("scheduler-jobs", rows(c, "SELECT * FROM scheduler_job ORDER BY name", rs -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", rs.getString("name"));
            o.put("service", rs.getString("service"));
            o.put("type", rs.getString("type"));
            o.put("every", rs.getString("period"));
            o.put("cron", rs.getString("cron"));
            o.put("timeZone", rs.getString("time_zone"));
            o.put("startAt", rs.getString("start_at"));
            o.set("payload", json(rs.getString("payload")));
            o.put("misfire", rs.getString("misfire"));
            o.put("overlap", rs.getBoolean("overlap"));
            o.put("active", rs.getBoolean("active"));
            return o;
        }));

        ObjectNode whole = JSON.createObjectNode();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO config_object (kind, name, body) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, ArrayNode> kind : kinds.entrySet()) {
                whole.set(kind.getKey(), kind.getValue());
                for (JsonNode object : kind.getValue()) {
                    insert.setString(1, kind.getKey());
                    insert.setString(2, object.path("name").asText());
                    insert.setString(3, JSON.writeValueAsString(object));
                    insert.executeUpdate();
                }
            }
        }
        long version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM config_version WHERE id = 1")) {
            rs.next();
            version = rs.getLong(1);
        }
        boolean empty = kinds.values().stream().allMatch(ArrayNode::isEmpty);
        try (PreparedStatement release = c.prepareStatement("INSERT INTO config_release (number, at, by_user, source,"
                + " origin, summary, changes, delta, config) VALUES (?, ?, 'conduit', ?, NULL, ?, '[]', '{}', ?)")) {
            release.setLong(1, version);
            release.setLong(2, System.currentTimeMillis());
            release.setString(3, empty ? "initial" : "upgrade");
            release.setString(4, empty ? "a new cluster: nothing configured yet"
                    : "the configuration as it was when releases began to be recorded");
            release.setString(5, JSON.writeValueAsString(whole));
            release.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            for (String table : new String[] {"security_definition", "http_channel", "amqp_channel", "outgoing_http",
                "outgoing_zmq", "outgoing_sql", "outgoing_amqp", "scheduler_job"}) {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    private static ObjectNode security(ResultSet rs) throws SQLException {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", rs.getString("name"));
        String secret = rs.getString("secret");
        switch (rs.getString("type")) {
            case "BASIC" -> {
                o.put("type", "basic");
                o.put("username", rs.getString("username"));
                o.put("password", secret);
                o.put("realm", rs.getString("realm"));
            }
            case "APIKEY" -> {
                o.put("type", "apikey");
                o.put("header", rs.getString("header"));
                o.put("key", secret);
            }
            default -> {
                o.put("type", "jwt");
                o.put("issuer", rs.getString("issuer"));
                o.put("audience", rs.getString("audience"));
                o.put("secret", secret == null || secret.isEmpty() || rs.getString("jwks_url") != null ? null : secret);
                o.put("jwksUrl", rs.getString("jwks_url"));
                o.put("clockSkew", rs.getInt("clock_skew_seconds") + "s");
            }
        }
        o.put("active", rs.getBoolean("active"));
        return o;
    }

    private interface RowToJson {
        ObjectNode map(ResultSet rs) throws SQLException;
    }

    private static ArrayNode rows(Connection c, String query, RowToJson map) throws SQLException {
        ArrayNode rows = JSON.createArrayNode();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                rows.add(map.map(rs));
            }
        }
        return rows;
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? JSON.nullNode() : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the ODB holds a value that is not JSON: " + text, e);
        }
    }
}
