package io.conduit.server.config;

/** An apply made against a release that is no longer the newest: answered 409, naming the newer one. */
public final class StaleReleaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long newest;

    /**
     * @param base   the release the change was made against
     * @param newest the newest release now
     * @param by     who made it, or null if unknown
     */
    public StaleReleaseException(long base, long newest, String by, String at) {
        super("the configuration changed since release " + base + ": release " + newest + " was made"
                + (by == null ? "" : " by " + by + " at " + at) + "; run diff again and apply on top of it");
        this.newest = newest;
    }

    /** @return the newest release now */
    public long newest() {
        return newest;
    }
}
