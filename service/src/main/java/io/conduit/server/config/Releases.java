package io.conduit.server.config;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every change of the configuration: an admin API or dashboard write of one object, an apply of a
 * whole config directory, a rollback. Each is checked as a whole configuration, then stored as one
 * numbered release in one transaction; nothing is stored when anything is wrong.
 */
public final class Releases {

    private static final int ATTEMPTS = 10;

    private final ConfigStore store;
    private final ConfigJson json;
    private final Clock clock;

    /**
     * What a change did.
     *
     * @param release the release made, or null when nothing changed (or it was a dry run)
     * @param changes what differs
     */
    public record Outcome(Release release, List<Change> changes) {
    }

    public Releases(ConfigStore store, ConfigJson json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** @return the store, for reads */
    public ConfigStore store() {
        return store;
    }

    /**
     * Changes the configuration as {@code edit} says, on top of whatever is newest: when another
     * release lands between the read and the write, the edit is made again on it.
     *
     * @param edit   the configuration now to the one wanted; may throw to refuse
     * @param author who changes it
     * @return the release made, or one without a release when the edit changed nothing
     * @throws InvalidConfigException if the result is not a valid configuration
     */
    public Outcome change(UnaryOperator<Configuration> edit, Release.Author author) {
        StaleReleaseException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ConfigStore.Snapshot now = store.snapshot();
            try {
                return commit(now, edit.apply(now.configuration()), null, author, false);
            } catch (StaleReleaseException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Makes the configuration equal {@code wanted}, unless a release came after {@code base}.
     *
     * @param base          the release the caller's change was made from
     * @param wanted        the whole configuration
     * @param serviceExists whether a service is (or will be) deployed, to check the names of services
     * @param dryRun        only check and say what would change
     * @throws StaleReleaseException  if the newest release is not {@code base}
     * @throws InvalidConfigException if {@code wanted} is not valid
     */
    public Outcome replace(long base, Configuration wanted, Predicate<String> serviceExists,
                                   Release.Author author, boolean dryRun) {
        ConfigStore.Snapshot now = store.snapshot();
        if (now.version() != base) {
            throw new StaleReleaseException(base, now.version(), store.release(now.version()).map(Release::by)
                    .orElse(null), store.release(now.version()).map(r -> r.at().toString()).orElse(null));
        }
        return commit(now, wanted, serviceExists, author, dryRun);
    }

    private Outcome commit(ConfigStore.Snapshot now, Configuration wanted, Predicate<String> serviceExists,
                                   Release.Author author, boolean dryRun) {
        List<Problem> problems = wanted.problems(serviceExists);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        List<Change> changes = Change.between(json, now.configuration(), wanted);
        if (changes.isEmpty() || dryRun) {
            return new Outcome(null, changes);
        }
        return new Outcome(store.commit(now.version(), wanted, changes, author, summary(changes),
                clock.instant()), changes);
    }

    /** @return one line: {@code channels-http 'orders' added; security 'crm' changed} or counts when many */
    static String summary(List<Change> changes) {
        if (changes.size() <= 3) {
            return changes.stream().map(c -> c.kind() + " '" + c.name() + "' " + switch (c.op()) {
                case ADD -> "added";
                case CHANGE -> "changed";
                case REMOVE -> "removed";
            }).collect(Collectors.joining("; "));
        }
        long added = changes.stream().filter(c -> c.op() == Change.Op.ADD).count();
        long changed = changes.stream().filter(c -> c.op() == Change.Op.CHANGE).count();
        long removed = changes.stream().filter(c -> c.op() == Change.Op.REMOVE).count();
        return added + " added, " + changed + " changed, " + removed + " removed";
    }
}
