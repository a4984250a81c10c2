package io.conduit.server.outgoing;

import io.conduit.common.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An outgoing SQL connection as the ODB holds it (the password sealed there, open only here).
 *
 * @param name      unique name services look it up by, e.g. {@code Billing}
 * @param url       {@code jdbc:postgresql://host:port/db} or {@code jdbc:mariadb://host:port/db}, options
 *                  allowed but no password in it
 * @param user      the database user
 * @param password  the user's password, or {@code null}
 * @param poolSize  database connections each node keeps open
 * @param timeoutMs how long a statement waits for a free connection, and runs at most
 * @param active    an inactive connection refuses every statement, saying so
 */
public record OutgoingSqlConfig(String name, String url, String user, String password, int poolSize, int timeoutMs,
                                boolean active) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:-]{1,200}");
    private static final Pattern URL = Pattern.compile("jdbc:(postgresql|mariadb)://[^\\s/?#]+(/[^\\s?#]*)?(\\?\\S*)?");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&;](password|pwd)=");

    /**
     * @return the connection with defaults filled in
     * @throws InvalidInputException naming the wrong field
     */
    public OutgoingSqlConfig validated() {
        require(name != null && NAME.matcher(name).matches(), "name must be 1-200 letters, digits, spaces or . _ : -");
        require(url != null && URL.matcher(url.trim()).matches(),
                "url must be jdbc:postgresql://host:port/database or jdbc:mariadb://host:port/database");
        require(!PASSWORD_IN_URL.matcher(url).find() && !url.substring(url.indexOf("//") + 2).contains("@"),
                "url must not hold credentials: put them in user and password, which are kept sealed");
        require(user != null && !user.isBlank(), "user is required");
        int pool = poolSize <= 0 ? 10 : poolSize;
        require(pool <= 200, "poolSize must be at most 200");
        int timeout = timeoutMs <= 0 ? 10_000 : timeoutMs;
        require(timeout >= 250 && timeout <= 600_000, "timeoutMs must be between 250 and 600000 (ten minutes)");
        return new OutgoingSqlConfig(name, url.trim(), user.trim(), password == null || password.isEmpty() ? null
                : password, pool, timeout, active);
    }

    /** @return {@code PostgreSQL} or {@code MariaDB} */
    public String database() {
        return url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "MariaDB";
    }

    /** @return what the admin API shows: everything but the password */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("url", url);
        view.put("user", user);
        view.put("passwordSet", password != null);
        view.put("poolSize", poolSize);
        view.put("timeoutMs", timeoutMs);
        view.put("active", active);
        return view;
    }

    @Override
    public String toString() {
        return "OutgoingSqlConfig[name=" + name + ", url=" + url + ", user=" + user + ", password=***, poolSize="
                + poolSize + ", timeoutMs=" + timeoutMs + ", active=" + active + "]";
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }
}
