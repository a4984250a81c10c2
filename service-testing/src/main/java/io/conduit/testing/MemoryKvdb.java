package io.conduit.testing;

import io.conduit.api.Kvdb;
import io.conduit.api.ServiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The KVDB in memory, behind the same {@link Kvdb} interface as the node's Redis: strings, lists,
 * hashes, sets and counters, with Redis's answers (a missing key reads as nothing, a command on a key
 * of another type fails as Redis's {@code WRONGTYPE} does). Empty before each test; the test fills
 * it with the same methods a service uses.
 */
public final class MemoryKvdb implements Kvdb {

    private final Map<String, Object> data = new ConcurrentHashMap<>();

    @Override
    public String get(String key) {
        return typed(key, String.class);
    }

    @Override
    public void set(String key, String value) {
        data.put(key, value);
    }

    @Override
    public long del(String... keys) {
        return Arrays.stream(keys).filter(k -> data.remove(k) != null).count();
    }

    @Override
    public synchronized List<String> lrange(String key, long start, long stop) {
        LinkedList<String> list = typed(key, LinkedList.class);
        if (list == null) {
            return List.of();
        }
        int size = list.size();
        long from = start < 0 ? Math.max(size + start, 0) : start;
        long to = stop < 0 ? size + stop : Math.min(stop, size - 1);
        return from > to ? List.of() : List.copyOf(list.subList((int) from, (int) to + 1));
    }

    @Override
    public synchronized long lpush(String key, String... values) {
        LinkedList<String> list = typedOrNew(key, LinkedList.class, LinkedList::new);
        for (String v : values) {
            list.addFirst(v);
        }
        return list.size();
    }

    /** RPUSH: values added at the tail (Redis's order), for a test filling a list as an operator would. */
    public synchronized long rpush(String key, String... values) {
        LinkedList<String> list = typedOrNew(key, LinkedList.class, LinkedList::new);
        list.addAll(Arrays.asList(values));
        return list.size();
    }

    @Override
    public String hget(String key, String field) {
        Map<String, String> hash = typed(key, LinkedHashMap.class);
        return hash == null ? null : hash.get(field);
    }

    @Override
    public synchronized Map<String, String> hgetAll(String key) {
        Map<String, String> hash = typed(key, LinkedHashMap.class);
        return hash == null ? Map.of() : Map.copyOf(hash);
    }

    @Override
    public synchronized void hset(String key, String field, String value) {
        Map<String, String> hash = typedOrNew(key, LinkedHashMap.class, LinkedHashMap::new);
        hash.put(field, value);
    }

    @Override
    public synchronized Set<String> smembers(String key) {
        Set<String> set = typed(key, LinkedHashSet.class);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    @Override
    public boolean sismember(String key, String member) {
        Set<String> set = typed(key, LinkedHashSet.class);
        return set != null && set.contains(member);
    }

    /** SADD, for a test filling a set. */
    public synchronized long sadd(String key, String... members) {
        Set<String> set = typedOrNew(key, LinkedHashSet.class, LinkedHashSet::new);
        return Arrays.stream(members).filter(set::add).count();
    }

    @Override
    public synchronized long incr(String key) {
        String value = typed(key, String.class);
        long next;
        try {
            next = (value == null ? 0 : Long.parseLong(value)) + 1;
        } catch (NumberFormatException e) {
            throw new ServiceException("KVDB command INCR on '" + key + "' failed: ERR value is not an integer or out"
                    + " of range");
        }
        data.put(key, Long.toString(next));
        return next;
    }

    /**
     * Runs the commands the methods above cover, by name ({@code GET}, {@code SET}, {@code DEL},
     * {@code LRANGE}, {@code LPUSH}, {@code RPUSH}, {@code HGET}, {@code HSET}, {@code SADD},
     * {@code SMEMBERS}, {@code SISMEMBER}, {@code INCR}, {@code EXISTS}).
     *
     * @throws UnsupportedOperationException for any other command: test that service against a real Redis
     */
    @Override
    public Object execute(String command, String... args) {
        String name = command.toUpperCase(Locale.ROOT);
        return switch (name) {
            case "GET" -> get(args[0]);
            case "SET" -> {
                set(args[0], args[1]);
                yield "OK";
            }
            case "DEL" -> del(args);
            case "EXISTS" -> Arrays.stream(args).filter(data::containsKey).count();
            case "LRANGE" -> lrange(args[0], Long.parseLong(args[1]), Long.parseLong(args[2]));
            case "LPUSH" -> lpush(args[0], Arrays.copyOfRange(args, 1, args.length));
            case "RPUSH" -> rpush(args[0], Arrays.copyOfRange(args, 1, args.length));
            case "HGET" -> hget(args[0], args[1]);
            case "HSET" -> {
                hset(args[0], args[1], args[2]);
                yield 1L;
            }
            case "SADD" -> sadd(args[0], Arrays.copyOfRange(args, 1, args.length));
            case "SMEMBERS" -> new ArrayList<>(smembers(args[0]));
            case "SISMEMBER" -> sismember(args[0], args[1]) ? 1L : 0L;
            case "INCR" -> incr(args[0]);
            default -> throw new UnsupportedOperationException("the test kit's in-memory KVDB does not run " + name
                    + "; it runs GET, SET, DEL, EXISTS, LRANGE, LPUSH, RPUSH, HGET, HSET, SADD, SMEMBERS, SISMEMBER"
                    + " and INCR. Test a service that needs " + name + " against a real Redis");
        };
    }

    /** @return the keys held now */
    public Set<String> keys() {
        return Collections.unmodifiableSet(data.keySet());
    }

    void clear() {
        data.clear();
    }

    @SuppressWarnings("unchecked")
    private <T> T typed(String key, Class<?> type) {
        Object value = data.get(key);
        if (value != null && !type.isInstance(value)) {
            throw new ServiceException("KVDB command on '" + key + "' failed: WRONGTYPE Operation against a key"
                    + " holding the wrong kind of value");
        }
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    private <T> T typedOrNew(String key, Class<?> type, java.util.function.Supplier<T> fresh) {
        T value = typed(key, type);
        if (value == null) {
            value = fresh.get();
            data.put(key, value);
        }
        return value;
    }
}
