package io.conduit.server.outgoing;

import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/** Outgoing plain HTTP connections in the ODB. */
public final class OutgoingHttpStore extends ConfigTable<OutgoingHttpConfig> {

    private static final RowMapper<OutgoingHttpConfig> MAPPER = (rs, ctx) -> new OutgoingHttpConfig(
            rs.getString("name"), rs.getString("address"), rs.getString("url_path"), rs.getString("method"),
            rs.getString("data_format"), rs.getInt("timeout_ms"), rs.getInt("pool_size"), rs.getString("security"),
            rs.getString("ca_file"), rs.getBoolean("active"));

    private final Odb odb;

    public OutgoingHttpStore(Odb odb) {
        super(odb, "outgoing HTTP connection", "outgoing_http", MAPPER, OutgoingHttpConfig::name,
                "INSERT INTO outgoing_http (name, address, url_path, method, data_format, timeout_ms, pool_size,"
                        + " security, ca_file, active) VALUES (:name, :address, :urlPath, :method, :dataFormat,"
                        + " :timeoutMs, :poolSize, :security, :caFile, :active)");
        this.odb = odb;
    }

    /** @return names of the connections using a security definition */
    public List<String> usingSecurity(String security) {
        return odb.read(h -> h.createQuery("SELECT name FROM outgoing_http WHERE security = :s")
                .bind("s", security).mapTo(String.class).list());
    }
}
