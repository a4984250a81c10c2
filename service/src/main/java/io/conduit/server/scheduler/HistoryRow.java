package io.conduit.server.scheduler;

/**
 * One run of a job.
 *
 * @param cid         the run's cid, as in the logs
 * @param node        the node that ran it
 * @param scheduledAt the due time it ran for (ISO-8601)
 * @param startedAt   when it started
 * @param durationMs  how long it took
 * @param outcome     {@code ok}, {@code failed}, or {@code skipped} (the previous run still going, overlap off)
 * @param error       why it failed or was skipped, else {@code null}
 */
public record HistoryRow(String cid, String node, String scheduledAt, String startedAt, long durationMs,
                         String outcome, String error) {
}
