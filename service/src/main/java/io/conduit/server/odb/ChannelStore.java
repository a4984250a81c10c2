package io.conduit.server.odb;

import io.conduit.server.channel.HttpChannel;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** HTTP channels in the ODB. */
public final class ChannelStore {

    private static final RowMapper<HttpChannel> MAPPER = (rs, ctx) -> new HttpChannel(
            rs.getString("name"), rs.getString("url_path"), rs.getString("service"), rs.getString("method"),
            rs.getString("data_format"), rs.getString("security"), rs.getBoolean("active"));

    private final Odb odb;

    public ChannelStore(Odb odb) {
        this.odb = odb;
    }

    public List<HttpChannel> list() {
        return odb.read(h -> h.createQuery("SELECT * FROM http_channel ORDER BY name")
                .map(MAPPER).list());
    }

    public Optional<HttpChannel> get(String name) {
        return odb.read(h -> find(h, name));
    }

    /** @throws OdbConflictException if the name or the URL path is taken */
    public void create(HttpChannel channel) {
        odb.change(h -> {
            requireFreePath(h, channel.urlPath(), null);
            if (find(h, channel.name()).isPresent()) {
                throw new OdbConflictException("a channel named '" + channel.name() + "' already exists");
            }
            return h.createUpdate("INSERT INTO http_channel (name, url_path, service, method, data_format, security, active)"
                            + " VALUES (:name, :urlPath, :service, :method, :dataFormat, :security, :active)")
                    .bindMethods(channel).execute();
        });
    }

    /** @return false if there is no channel of that name */
    public boolean update(String name, HttpChannel channel) {
        return odb.change(h -> {
            if (find(h, name).isEmpty()) {
                return false;
            }
            requireFreePath(h, channel.urlPath(), name);
            h.createUpdate("UPDATE http_channel SET name = :name, url_path = :urlPath, service = :service,"
                            + " method = :method, data_format = :dataFormat, security = :security, active = :active"
                            + " WHERE name = :old")
                    .bindMethods(channel).bind("old", name).execute();
            return true;
        });
    }

    /** @return false if there is no channel of that name */
    public boolean delete(String name) {
        return odb.change(h -> h.createUpdate("DELETE FROM http_channel WHERE name = :name")
                .bind("name", name).execute() > 0);
    }

    /** @return the names of channels using a security definition */
    public List<String> usingSecurity(String security) {
        return odb.read(h -> h.createQuery("SELECT name FROM http_channel WHERE security = :s")
                .bind("s", security).mapTo(String.class).list());
    }

    private static Optional<HttpChannel> find(Handle h, String name) {
        return h.createQuery("SELECT * FROM http_channel WHERE name = :name").bind("name", name)
                .map(MAPPER).findOne();
    }

    private static void requireFreePath(Handle h, String urlPath, String exceptName) {
        Optional<String> owner = h.createQuery("SELECT name FROM http_channel WHERE url_path = :p")
                .bind("p", urlPath).mapTo(String.class).findOne();
        if (owner.isPresent() && !owner.get().equals(exceptName)) {
            throw new OdbConflictException("channel '" + owner.get() + "' already serves " + urlPath);
        }
    }
}
