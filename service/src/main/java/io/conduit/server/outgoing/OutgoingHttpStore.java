package io.conduit.server.outgoing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/** Outgoing plain HTTP connections in the ODB. */
public final class OutgoingHttpStore extends ConfigTable<OutgoingHttpConfig> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RowMapper<OutgoingHttpConfig> MAPPER = (rs, ctx) -> new OutgoingHttpConfig(
            rs.getString("name"), rs.getString("address"), rs.getString("url_path"), rs.getString("method"),
            rs.getString("data_format"), rs.getInt("timeout_ms"), rs.getInt("pool_size"), rs.getString("security"),
            rs.getString("ca_file"), read(rs.getString("retries"), Retries.class),
            read(rs.getString("circuit_breaker"), CircuitBreakerSettings.class), rs.getBoolean("active"));

    private final Odb odb;

    public OutgoingHttpStore(Odb odb) {
        super(odb, "outgoing HTTP connection", "outgoing_http", MAPPER, OutgoingHttpConfig::name, (h, replacing, c) -> {
        }, (h, c) -> h.createUpdate("INSERT INTO outgoing_http (name, address, url_path, method, data_format,"
                        + " timeout_ms, pool_size, security, ca_file, retries, circuit_breaker, active) VALUES (:name,"
                        + " :address, :urlPath, :method, :dataFormat, :timeoutMs, :poolSize, :security, :caFile,"
                        + " :retriesJson, :breakerJson, :active)").bindMethods(c)
                .bind("retriesJson", write(c.retries())).bind("breakerJson", write(c.circuitBreaker())).execute());
        this.odb = odb;
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return json == null ? null : JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the ODB holds a " + type.getSimpleName() + " that is not JSON: " + json, e);
        }
    }

    private static String write(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return names of the connections using a security definition */
    public List<String> usingSecurity(String security) {
        return odb.read(h -> h.createQuery("SELECT name FROM outgoing_http WHERE security = :s")
                .bind("s", security).mapTo(String.class).list());
    }
}
