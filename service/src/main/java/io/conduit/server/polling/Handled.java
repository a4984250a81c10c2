package io.conduit.server.polling;

/**
 * One file a file channel handled, as its history shows it.
 *
 * @param id         the call's cid: the history entry's id, and the cid in the logs
 * @param file       the file's name
 * @param path       where it was found
 * @param size       its size in bytes
 * @param node       the node that handled it
 * @param startedAt  when (ISO-8601)
 * @param durationMs how long the service and the move took
 * @param outcome    {@code ok} or {@code failed}
 * @param error      why it failed, or null
 * @param now        where the file lies now (moved), or null when it was deleted or could not be moved
 * @param rerunOf    the entry this one ran again, or null
 */
public record Handled(String id, String file, String path, long size, String node, String startedAt,
                      long durationMs, String outcome, String error, String now, String rerunOf) {
}
