package io.conduit.server.channel;

import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.OdbConflictException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** HTTP channels in the ODB; two channels never serve one path. */
public final class ChannelStore extends ConfigTable<HttpChannel> {

    private static final RowMapper<HttpChannel> MAPPER = (rs, ctx) -> new HttpChannel(
            rs.getString("name"), rs.getString("url_path"), rs.getString("service"), rs.getString("method"),
            rs.getString("data_format"), rs.getString("security"), rs.getBoolean("active"));
    private static final String INSERT = "INSERT INTO http_channel (name, url_path, service, method, data_format,"
            + " security, active) VALUES (:name, :urlPath, :service, :method, :dataFormat, :security, :active)";

    private final Odb odb;

    public ChannelStore(Odb odb) {
        super(odb, "HTTP channel", "http_channel", MAPPER, HttpChannel::name,
                (h, replacing, channel) -> {
                    Optional<String> owner = h.createQuery("SELECT name FROM http_channel WHERE url_path = :p"
                                    + " AND name <> :name").bind("p", channel.urlPath()).bind("name", channel.name())
                            .mapTo(String.class).findFirst();
                    if (owner.isPresent()) {
                        throw new OdbConflictException("channel '" + owner.get() + "' already serves "
                                + channel.urlPath());
                    }
                },
                (h, channel) -> h.createUpdate(INSERT).bindMethods(channel).execute());
        this.odb = odb;
    }

    /** @return the names of channels using a security definition */
    public List<String> usingSecurity(String security) {
        return odb.read(h -> h.createQuery("SELECT name FROM http_channel WHERE security = :s")
                .bind("s", security).mapTo(String.class).list());
    }
}
