package io.conduit.server.channel;

import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.OdbConflictException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * HTTP channels in the ODB. Two channels that would match one request (paths of the same shape,
 * whatever their parameters are called, and methods that overlap) are refused.
 */
public final class ChannelStore extends ConfigTable<HttpChannel> {

    private static final RowMapper<HttpChannel> MAPPER = (rs, ctx) -> new HttpChannel(
            rs.getString("name"), rs.getString("url_path"), rs.getString("service"), rs.getString("method"),
            rs.getString("data_format"), rs.getString("security"), rs.getObject("rate_requests") == null ? null
            : new RateLimit(rs.getInt("rate_requests"), rs.getString("rate_per"), rs.getString("rate_by")),
            rs.getBoolean("active"));
    private static final String INSERT = "INSERT INTO http_channel (name, url_path, service, method, data_format,"
            + " security, rate_requests, rate_per, rate_by, active) VALUES (:name, :urlPath, :service, :method,"
            + " :dataFormat, :security, :requests, :per, :by, :active)";

    private final Odb odb;

    public ChannelStore(Odb odb) {
        super(odb, "HTTP channel", "http_channel", MAPPER, HttpChannel::name,
                (h, replacing, channel) -> {
                    for (HttpChannel other : h.createQuery("SELECT * FROM http_channel WHERE name <> :name")
                            .bind("name", channel.name()).map(MAPPER).list()) {
                        if (other.overlaps(channel)) {
                            throw new OdbConflictException("channel '" + channel.name() + "' (" + describe(channel)
                                    + ") and channel '" + other.name() + "' (" + describe(other)
                                    + ") would serve the same requests; change the path or the method of one");
                        }
                    }
                },
                (h, channel) -> h.createUpdate(INSERT).bindMethods(channel)
                        .bind("requests", channel.rateLimit() == null ? null : (Integer) channel.rateLimit().requests())
                        .bind("per", channel.rateLimit() == null ? null : channel.rateLimit().per())
                        .bind("by", channel.rateLimit() == null ? null : channel.rateLimit().by()).execute());
        this.odb = odb;
    }

    private static String describe(HttpChannel c) {
        return (c.method() == null ? "any method" : c.method()) + " " + c.urlPath();
    }

    /** @return the names of channels using a security definition */
    public List<String> usingSecurity(String security) {
        return odb.read(h -> h.createQuery("SELECT name FROM http_channel WHERE security = :s")
                .bind("s", security).mapTo(String.class).list());
    }
}
