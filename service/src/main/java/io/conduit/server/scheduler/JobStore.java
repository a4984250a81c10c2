package io.conduit.server.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.server.odb.ConfigTable;
import io.conduit.server.odb.Odb;
import org.jdbi.v3.core.mapper.RowMapper;

/** Scheduled jobs in the ODB. */
public final class JobStore extends ConfigTable<Job> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RowMapper<Job> MAPPER = (rs, ctx) -> {
        try {
            String payload = rs.getString("payload");
            return new Job(rs.getString("name"), rs.getString("service"), rs.getString("type"), rs.getString("period"),
                    rs.getString("cron"), rs.getString("time_zone"), rs.getString("start_at"),
                    payload == null ? null : JSON.readTree(payload), rs.getString("misfire"), rs.getBoolean("overlap"),
                    rs.getBoolean("active"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + rs.getString("name") + " has a payload that is not JSON", e);
        }
    };

    public JobStore(Odb odb) {
        super(odb, "scheduled job", "scheduler_job", MAPPER, Job::name, (h, replacing, job) -> {
        }, (h, job) -> {
            try {
                h.createUpdate("INSERT INTO scheduler_job (name, service, type, period, cron, time_zone, start_at, payload,"
                                + " misfire, overlap, active) VALUES (:name, :service, :type, :period, :cron, :timeZone,"
                                + " :startAt, :payloadJson, :misfire, :overlap, :active)").bindMethods(job)
                        .bind("period", job.every()).bind("payloadJson", job.payload() == null ? null : JSON.writeValueAsString(job.payload()))
                        .execute();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
