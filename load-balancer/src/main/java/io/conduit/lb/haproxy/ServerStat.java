package io.conduit.lb.haproxy;

import java.util.Map;

/**
 * One server of the nodes' backend, from {@code show stat}.
 *
 * @param name              HAProxy's server name (the node's name)
 * @param address           host:port
 * @param status            UP, DOWN, MAINT, DRAIN, NOLB, or a transition such as "UP 1/2"
 * @param checkStatus       the last health check's result, e.g. L7OK, L4CON
 * @param lastCheck         the last check's description
 * @param weight            its weight
 * @param throttle          while it warms up after coming UP (slowstart), the share of its weight it gets now,
 *                          in percent; 100 otherwise
 * @param currentSessions   sessions open now
 * @param maxSessions       the most sessions open at once
 * @param totalSessions     sessions (requests) served since start
 * @param bytesIn           bytes received from clients
 * @param bytesOut          bytes sent to clients
 * @param connectionErrors  failed connections to the server
 * @param responseErrors    failed responses from the server
 * @param responseTimeMs    average response time over the last 1024 requests
 * @param downtimeSeconds   total time DOWN
 * @param lastChangeSeconds seconds since the last UP/DOWN change
 */
public record ServerStat(String name, String address, String status, String checkStatus, String lastCheck,
                         int weight, int throttle, long currentSessions, long maxSessions, long totalSessions, long bytesIn,
                         long bytesOut, long connectionErrors, long responseErrors, long responseTimeMs,
                         long downtimeSeconds, long lastChangeSeconds) {

    /** Reads a server's row of {@code show stat} (columns by name). */
    static ServerStat of(Map<String, String> row) {
        return new ServerStat(row.get("svname"), row.getOrDefault("addr", ""), row.get("status"),
                row.getOrDefault("check_status", ""), row.getOrDefault("check_desc", row.getOrDefault("last_chk", "")),
                (int) number(row, "weight"), throttle(row), number(row, "scur"), number(row, "smax"), number(row, "stot"),
                number(row, "bin"), number(row, "bout"), number(row, "econ"), number(row, "eresp"),
                number(row, "rtime"), number(row, "downtime"), number(row, "lastchg"));
    }

    private static int throttle(Map<String, String> row) {
        String value = row.get("throttle");
        return value == null || value.isEmpty() ? 100 : (int) number(row, "throttle");
    }

    private static long number(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
