package io.conduit.server.odb;

import io.conduit.server.outgoing.OutgoingHttpConfig;
import io.conduit.server.outgoing.OutgoingZmqConfig;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Outgoing plain HTTP and ZeroMQ connections in the ODB. */
public final class OutgoingStore {

    private static final RowMapper<OutgoingHttpConfig> HTTP = (rs, ctx) -> new OutgoingHttpConfig(
            rs.getString("name"), rs.getString("address"), rs.getString("url_path"), rs.getString("method"),
            rs.getString("data_format"), rs.getInt("timeout_ms"), rs.getInt("pool_size"), rs.getString("security"),
            rs.getBoolean("active"));

    private static final RowMapper<OutgoingZmqConfig> ZMQ = (rs, ctx) -> new OutgoingZmqConfig(
            rs.getString("name"), rs.getString("address"), rs.getString("socket_type"), rs.getInt("high_water_mark"),
            rs.getBoolean("active"));

    private static final String INSERT_HTTP = "INSERT INTO outgoing_http (name, address, url_path, method,"
            + " data_format, timeout_ms, pool_size, security, active) VALUES (:name, :address, :urlPath, :method,"
            + " :dataFormat, :timeoutMs, :poolSize, :security, :active)";
    private static final String INSERT_ZMQ = "INSERT INTO outgoing_zmq (name, address, socket_type, high_water_mark,"
            + " active) VALUES (:name, :address, :socketType, :highWaterMark, :active)";

    private final Odb odb;

    public OutgoingStore(Odb odb) {
        this.odb = odb;
    }

    public List<OutgoingHttpConfig> listHttp() {
        return odb.read(h -> h.createQuery("SELECT * FROM outgoing_http ORDER BY name").map(HTTP).list());
    }

    public Optional<OutgoingHttpConfig> getHttp(String name) {
        return odb.read(h -> h.createQuery("SELECT * FROM outgoing_http WHERE name = :name")
                .bind("name", name).map(HTTP).findOne());
    }

    public void createHttp(OutgoingHttpConfig c) {
        odb.change(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM outgoing_http WHERE name = :name").bind("name", c.name())
                    .mapTo(Integer.class).one() > 0) {
                throw new OdbConflictException("an outgoing HTTP connection named '" + c.name() + "' already exists");
            }
            return h.createUpdate(INSERT_HTTP).bindMethods(c).execute();
        });
    }

    /** @return false if there is no connection of that name */
    public boolean updateHttp(String name, OutgoingHttpConfig c) {
        return odb.change(h -> {
            if (h.createUpdate("DELETE FROM outgoing_http WHERE name = :name").bind("name", name).execute() == 0) {
                return false;
            }
            h.createUpdate(INSERT_HTTP).bindMethods(c).execute();
            return true;
        });
    }

    public boolean deleteHttp(String name) {
        return odb.change(h -> h.createUpdate("DELETE FROM outgoing_http WHERE name = :name").bind("name", name)
                .execute() > 0);
    }

    public List<OutgoingZmqConfig> listZmq() {
        return odb.read(h -> h.createQuery("SELECT * FROM outgoing_zmq ORDER BY name").map(ZMQ).list());
    }

    public Optional<OutgoingZmqConfig> getZmq(String name) {
        return odb.read(h -> h.createQuery("SELECT * FROM outgoing_zmq WHERE name = :name")
                .bind("name", name).map(ZMQ).findOne());
    }

    public void createZmq(OutgoingZmqConfig c) {
        odb.change(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM outgoing_zmq WHERE name = :name").bind("name", c.name())
                    .mapTo(Integer.class).one() > 0) {
                throw new OdbConflictException("an outgoing ZeroMQ connection named '" + c.name() + "' already exists");
            }
            return h.createUpdate(INSERT_ZMQ).bindMethods(c).execute();
        });
    }

    /** @return false if there is no connection of that name */
    public boolean updateZmq(String name, OutgoingZmqConfig c) {
        return odb.change(h -> {
            if (h.createUpdate("DELETE FROM outgoing_zmq WHERE name = :name").bind("name", name).execute() == 0) {
                return false;
            }
            h.createUpdate(INSERT_ZMQ).bindMethods(c).execute();
            return true;
        });
    }

    public boolean deleteZmq(String name) {
        return odb.change(h -> h.createUpdate("DELETE FROM outgoing_zmq WHERE name = :name").bind("name", name)
                .execute() > 0);
    }

    /** @return names of outgoing HTTP connections using a security definition */
    public List<String> httpUsingSecurity(String security) {
        return odb.read(h -> h.createQuery("SELECT name FROM outgoing_http WHERE security = :s")
                .bind("s", security).mapTo(String.class).list());
    }
}
