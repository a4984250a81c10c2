package io.conduit.api;

import java.util.List;
import java.util.Map;

/**
 * The cluster's key/value database (Redis), for runtime settings that business people change
 * without touching code:
 *
 * <pre>{@code
 * List<String> types = kvdb().lrange("myapp:fraud-detection:cust-type", 0, -1);
 * }</pre>
 *
 * <p>Each call borrows a connection from the node's pool and returns it at once. When Redis cannot
 * be reached (down, restarting, a timeout) a call raises {@link KvdbUnavailableException} naming its
 * address (a channel answers 503); any other failure (a command on a key of the wrong type) raises
 * {@link ServiceException}.
 */
public interface Kvdb {

    /**
     * @param key a key
     * @return its string value, or {@code null}
     */
    String get(String key);

    /**
     * @param key   a key
     * @param value its new string value
     */
    void set(String key, String value);

    /**
     * @param keys keys to delete
     * @return how many existed
     */
    long del(String... keys);

    /**
     * @param key   a list
     * @param start first index (0-based, negative from the end)
     * @param stop  last index, inclusive (-1 for the end)
     * @return the elements
     */
    List<String> lrange(String key, long start, long stop);

    /**
     * @param key    a list
     * @param values values pushed to its head
     * @return the list's new length
     */
    long lpush(String key, String... values);

    /**
     * @param key   a hash
     * @param field a field
     * @return its value, or {@code null}
     */
    String hget(String key, String field);

    /**
     * @param key a hash
     * @return all its fields and values
     */
    Map<String, String> hgetAll(String key);

    /**
     * @param key   a hash
     * @param field a field
     * @param value its value
     */
    void hset(String key, String field, String value);

    /**
     * @param key a set
     * @return its members
     */
    java.util.Set<String> smembers(String key);

    /**
     * @param key    a set
     * @param member a value
     * @return whether the set holds it
     */
    boolean sismember(String key, String member);

    /**
     * @param key a counter
     * @return its value after adding one
     */
    long incr(String key);

    /**
     * Runs any command, for what the methods above do not cover.
     *
     * @param command the command's name, e.g. {@code "ZADD"}
     * @param args    its arguments
     * @return Redis's reply: {@code String}, {@code Long}, {@code List}, or {@code null}
     */
    Object execute(String command, String... args);
}
