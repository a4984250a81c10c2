package io.conduit.common.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * admin1, the load balancer's user: its credentials are the {@code stats auth admin1:<password>}
 * line of the cluster's HAProxy config repo, read by the LB agent, the dashboard and the CLI.
 */
public final class Admin1 {

    /** The line, with the prefix in group 1 and the password in group 2. */
    public static final Pattern STATS_AUTH = Pattern.compile("(^\\s*stats\\s+auth\\s+admin1:)(\\S+)", Pattern.MULTILINE);

    private Admin1() {
    }

    /**
     * @param config an HAProxy configuration
     * @return admin1's credentials in it
     * @throws IllegalStateException if it has no such line
     */
    public static Credentials from(String config) {
        Matcher m = STATS_AUTH.matcher(config);
        if (!m.find()) {
            throw new IllegalStateException("the HAProxy config has no 'stats auth admin1:<password>' line");
        }
        return new Credentials("admin1", m.group(2));
    }

    /** @return admin1's credentials in the config file */
    public static Credentials read(Path configFile) {
        try {
            return from(Files.readString(configFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read admin1's credentials in " + configFile + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(configFile + " has no 'stats auth admin1:<password>' line", e);
        }
    }
}
