package io.conduit.server.release;

import io.conduit.server.config.Change;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.Release;
import io.conduit.server.odb.Odb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every write through the admin API, and every write it refused, in the ODB: who, when, from
 * where, what, how it ended, and its cid. A write that made a release is that release: the entry
 * names it, and its field changes (secrets only as changed) are read from it, never copied. Entries
 * older than the retention are removed.
 */
public final class AuditTrail {

    /**
     * One write.
     *
     * @param at      when it was answered
     * @param by      the user it was made as (for a refused one, the user name it gave, or {@code -})
     * @param action  what it did: {@code create}, {@code update}, {@code delete}, {@code deploy}, {@code apply}...
     * @param kind    the kind's key ({@code channels-http}), {@code services}, or another part of the admin API
     * @param name    the object's name, or null
     * @param changes the field changes of the release it made (none when it made none)
     * @param cid     the request's cid
     * @param from    the client's address
     * @param status  the HTTP status it was answered with
     * @param release the release it made, or null
     */
    public record Entry(Instant at, String by, String action, String kind, String name, List<Change> changes, String cid,
                        String from, int status, Long release) {

        public Entry {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    private final Odb odb;
    private final ConfigStore releases;
    private final Clock clock;
    private final Duration retention;

    /** @param retention how long entries are kept */
    public AuditTrail(Odb odb, ConfigStore releases, Clock clock, Duration retention) {
        this.odb = odb;
        this.releases = releases;
        this.clock = clock;
        this.retention = retention;
    }

    /** Records a write (its changes are not stored: they are its release's). */
    public void record(Entry entry) {
        odb.use(h -> h.createUpdate("INSERT INTO audit_entry (cid, at, by_user, origin, action, kind, name, status,"
                        + " release_number) VALUES (:cid, :at, :by, :origin, :action, :kind, :name, :status, :release)")
                .bind("cid", entry.cid()).bind("at", entry.at().toEpochMilli()).bind("by", cut(entry.by(), 200))
                .bind("origin", cut(entry.from(), 200)).bind("action", cut(entry.action(), 40))
                .bind("kind", cut(entry.kind(), 100)).bind("name", cut(entry.name(), 400)).bind("status", entry.status())
                .bind("release", entry.release()).execute());
    }

    /**
     * @param limit  at most this many
     * @param before only entries made before this, or null for the newest
     * @return entries, newest first, each with its release's changes
     */
    public List<Entry> list(int limit, Instant before) {
        long until = before == null ? Long.MAX_VALUE : before.toEpochMilli();
        List<Entry> rows = odb.read(h -> h.createQuery("SELECT cid, at, by_user, origin, action, kind, name, status,"
                        + " release_number FROM audit_entry WHERE at < :until ORDER BY at DESC, cid").bind("until", until)
                .setMaxRows(limit)
                .map((rs, ctx) -> {
                    long number = rs.getLong("release_number");
                    Long release = rs.wasNull() ? null : number;
                    return new Entry(Instant.ofEpochMilli(rs.getLong("at")), rs.getString("by_user"), rs.getString("action"),
                            rs.getString("kind"), rs.getString("name"), List.of(), rs.getString("cid"),
                            rs.getString("origin"), rs.getInt("status"), release);
                }).list());
        Map<Long, Optional<Release>> made = new HashMap<>();
        return rows.stream().map(e -> e.release() == null ? e : new Entry(e.at(), e.by(), e.action(), e.kind(), e.name(),
                made.computeIfAbsent(e.release(), releases::release).map(Release::changes).orElse(List.of()), e.cid(),
                e.from(), e.status(), e.release())).toList();
    }

    /** @return how many entries older than the retention it removed */
    public int prune() {
        long before = clock.instant().minus(retention).toEpochMilli();
        return odb.read(h -> h.createUpdate("DELETE FROM audit_entry WHERE at < :before").bind("before", before).execute());
    }

    /** @return how long entries are kept */
    public Duration retention() {
        return retention;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
