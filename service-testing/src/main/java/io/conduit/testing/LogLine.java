package io.conduit.testing;

/**
 * A line a call logged: by the service's {@code logger()}, or by the node's own code on its behalf
 * (a failure, with the cid).
 *
 * @param level   {@code INFO}, {@code WARN}...
 * @param logger  the logger's name: the service's name for its own lines
 * @param message the message, its {@code {}} filled in
 * @param error   the exception's class and message, if one was logged; else null
 */
public record LogLine(String level, String logger, String message, String error) {

    @Override
    public String toString() {
        return level + " " + logger + " - " + message + (error == null ? "" : " (" + error + ")");
    }
}
