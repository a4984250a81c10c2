package io.conduit.lb.haproxy;

/** A configuration {@code haproxy -c} refuses; the running one is untouched. */
public final class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String output;

    public InvalidConfigException(String output) {
        super("the configuration is invalid, so it was not saved; HAProxy keeps running the previous one");
        this.output = output;
    }

    /** @return what {@code haproxy -c} said */
    public String output() {
        return output;
    }
}
