package io.conduit.common.stats;

/**
 * How statistics are laid out in Redis, written by the server nodes and read by the dashboard.
 *
 * <p>Each bucket (a UTC minute, hour or day, see {@link Resolution}) is two hashes:
 * {@code conduit:stats:<m|h|d>:<bucket>} with one field per service and node instance holding
 * {@link Totals} as text, and the same key with {@code :hist} holding the instance's histogram
 * ({@link Histograms}). A field is {@code <service>|<node>@<node start millis>}: every node
 * instance writes the absolute totals of its own calls, so a retried write never counts twice and
 * a restarted node never overwrites what it counted before. Readers add fields up. Every key has a
 * TTL per resolution, so Redis memory stays bounded; readers compute key names, never {@code KEYS}.
 */
public final class StatsKeys {

    /** The prefix of every statistics key. */
    public static final String PREFIX = "conduit:stats:";

    /** Services whose names start with this are Conduit's own: recorded, hidden by default. */
    public static final String INTERNAL_PREFIX = "conduit.";

    private StatsKeys() {
    }

    /** @return the hash field of a service's totals from one node instance */
    public static String field(String service, String instance) {
        return service + "|" + instance;
    }

    /** @return the service a field belongs to */
    public static String serviceOf(String field) {
        int bar = field.indexOf('|');
        return bar < 0 ? field : field.substring(0, bar);
    }

    /** @return the list of a service's last slow calls */
    public static String slowCalls(String service) {
        return PREFIX + "slow:" + service;
    }

    /** @return whether a service is one of Conduit's own */
    public static boolean isInternal(String service) {
        return service.startsWith(INTERNAL_PREFIX);
    }
}
