package io.conduit.server.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.conduit.server.scheduler.HistoryRow;
import io.conduit.server.scheduler.Job;
import io.conduit.server.scheduler.JobStore;
import io.conduit.server.scheduler.Scheduler;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Scheduled jobs: {@code /conduit/admin/scheduler/jobs}, with run now and history. Changes apply on
 * every node at once, like channels.
 */
@Path("/admin/scheduler/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SchedulerResource extends ConfigResource<Job, Job> {

    /**
     * A job as the admin API shows it: the job, its next due time and its last run.
     *
     * @param job     the job
     * @param nextRun its next due time, or {@code null} (paused, or a one-time job done)
     * @param lastRun its latest run, or {@code null}
     */
    public record JobView(@JsonUnwrapped Job job, String nextRun, HistoryRow lastRun) {
    }

    private final JobStore store;
    private final Scheduler scheduler;

    public SchedulerResource(JobStore store, Scheduler scheduler) {
        super(store, "{\"name\", \"service\", \"type\": \"interval\", \"every\": \"30s\", ...}");
        this.store = store;
        this.scheduler = scheduler;
    }

    @Override
    protected Job entry(Job in, String name, Job current) {
        return new Job(in.name() == null ? name : in.name(), in.service(), in.type(), in.every(), in.cron(),
                in.timeZone(), in.startAt(), in.payload(), in.misfire(), in.overlap(), in.active()).validated();
    }

    @Override
    protected Object view(Job job) {
        List<HistoryRow> history = scheduler.history(job.name());
        return new JobView(job, scheduler.nextRun(job).map(Instant::toString).orElse(null),
                history.isEmpty() ? null : history.get(0));
    }

    /** Runs the job now, on the node that answers, outside its schedule. */
    @POST
    @Path("{name}/run")
    public Map<String, String> run(@PathParam("name") String name) {
        return Map.of("cid", scheduler.runNow(store.get(name)));
    }

    /** The job's last 100 runs, the latest first. */
    @GET
    @Path("{name}/history")
    public List<HistoryRow> history(@PathParam("name") String name) {
        store.get(name);
        return scheduler.history(name);
    }
}
