package io.conduit.server.odb;

/**
 * The ODB cannot be reached: no connection, a broken one, or none free in time. Channels keep
 * serving from the configuration in memory; what needs the ODB (admin changes) is refused until it
 * is back, and the node catches up by itself then.
 */
public class OdbUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param odb    what the ODB is (its URL without secrets)
     * @param reason what the driver said
     */
    public OdbUnavailableException(String odb, String reason, Throwable cause) {
        super("the ODB (" + odb + ") cannot be reached: " + reason + "; channels keep serving, but configuration"
                + " changes wait until it is back: retry then", cause);
    }
}
