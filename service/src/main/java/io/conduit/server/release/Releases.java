package io.conduit.server.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.conduit.server.config.Change;
import io.conduit.server.config.ConfigJson;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.Configuration;
import io.conduit.server.config.InvalidConfigException;
import io.conduit.server.config.Problem;
import io.conduit.server.config.Release;
import io.conduit.server.config.StaleReleaseException;
import io.conduit.server.deploy.Deployer;
import io.conduit.server.deploy.Deployment;
import io.conduit.server.deploy.DeploymentInfo;
import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.deploy.DeploymentWriter;
import io.conduit.server.odb.NoSuchEntryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Every change of the cluster: an admin API or dashboard write of one object, a deploy, an apply of
 * a whole config directory with its services, a rollback. Each is checked as a whole configuration,
 * then stored as one numbered release in one ODB transaction, configuration and service code
 * together; nothing is stored when anything is wrong.
 */
public final class Releases implements DeploymentWriter {

    private static final int ATTEMPTS = 10;

    /**
     * What a change did.
     *
     * @param release the release made, or null when nothing changed (or it was a dry run)
     * @param changes what differs
     */
    public record Outcome(Release release, List<Change> changes) {
    }

    /**
     * A whole change to make at once.
     *
     * @param configuration the configuration wanted
     * @param deploy        service files to deploy (those whose bytes are deployed already change nothing)
     * @param undeploy      deployments to remove
     */
    public record Plan(Configuration configuration, List<Deployer.Prepared> deploy, Set<String> undeploy) {
    }

    private final ConfigStore store;
    private final DeploymentStore deployments;
    private final ConfigJson json;
    private final Clock clock;

    public Releases(ConfigStore store, DeploymentStore deployments, ConfigJson json, Clock clock) {
        this.store = store;
        this.deployments = deployments;
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
     * @throws InvalidConfigException if the result is not a valid configuration
     */
    public Outcome change(UnaryOperator<Configuration> edit, Release.Author author) {
        return retrying(now -> commit(now, new Plan(edit.apply(now.configuration()), List.of(), Set.of()), null, null,
                author, false, null));
    }

    @Override
    public Deployer.Result write(Deployer.Prepared prepared, String source, String from) {
        Release.Author author = new Release.Author(prepared.info().deployedBy(), source, from);
        Outcome outcome = retrying(now -> commit(now, new Plan(now.configuration(), List.of(prepared), Set.of()), null,
                null, author, false, null));
        DeploymentInfo stored = deployments.list().stream().filter(d -> d.name().equals(prepared.info().name()))
                .findFirst().orElseThrow();
        return new Deployer.Result(stored, outcome.release() == null ? null : outcome.release().number());
    }

    @Override
    public Optional<DeploymentInfo> remove(String name, String by) {
        Optional<DeploymentInfo> current = deployments.list().stream().filter(d -> d.name().equals(name)).findFirst();
        current.ifPresent(d -> retrying(now -> commit(now, new Plan(now.configuration(), List.of(), Set.of(name)), null,
                null, new Release.Author(by, "api", null), false, null)));
        return current;
    }

    /**
     * Makes the cluster match a plan in one release, unless a release came after {@code base}.
     *
     * @param base          the release the plan was made from, or null for whatever is newest
     * @param serviceExists whether a service is deployed (or will be, by the plan), to check the names of services
     * @param dryRun        only check and say what would change
     * @throws StaleReleaseException  if the newest release is not {@code base}
     * @throws InvalidConfigException if the plan's configuration is not valid
     */
    public Outcome apply(Long base, Plan plan, Predicate<String> serviceExists, BiPredicate<String, String> servicesOf,
                         Release.Author author, boolean dryRun) {
        ConfigStore.Snapshot now = store.snapshot();
        if (base != null && now.version() != base) {
            throw stale(base, now.version());
        }
        return commit(now, plan, serviceExists, servicesOf, author, dryRun, null);
    }

    /**
     * Makes a new release whose configuration and service code equal release {@code number}'s.
     *
     * @throws NoSuchEntryException if there is no such release, or it recorded no configuration
     */
    public Outcome rollback(long number, Release.Author author) {
        Configuration then = store.configurationAt(number)
                .orElseThrow(() -> new NoSuchEntryException("no release numbered " + number));
        JsonNode services = store.servicesAt(number).orElse(null);
        return retrying(now -> {
            List<Deployer.Prepared> deploy = new ArrayList<>();
            Set<String> undeploy = new HashSet<>();
            if (services != null) {
                Map<String, DeploymentInfo> current = deployments.list().stream()
                        .collect(Collectors.toMap(DeploymentInfo::name, d -> d));
                services.fields().forEachRemaining(e -> {
                    DeploymentInfo is = current.get(e.getKey());
                    if (is == null || !is.sha256().equals(e.getValue().path("sha256").asText())) {
                        deploy.add(restored(e.getKey(), e.getValue().path("version").asInt(), author.by()));
                    }
                });
                current.keySet().stream().filter(name -> !services.has(name)).forEach(undeploy::add);
            }
            return commit(now, new Plan(then, deploy, undeploy), null, null, author, false,
                    "rollback to release " + number);
        });
    }

    private Deployer.Prepared restored(String name, int version, String by) {
        Deployment kept = deployments.version(name, version).orElseThrow(() -> new NoSuchEntryException("version "
                + version + " of " + name + " is no longer kept; it cannot be brought back"));
        DeploymentInfo info = kept.info();
        return new Deployer.Prepared(new DeploymentInfo(info.name(), info.kind(), info.sha256(), 0, info.services(), by,
                clock.instant()), kept.content(), kept.artifact());
    }

    private Outcome retrying(java.util.function.Function<ConfigStore.Snapshot, Outcome> attempt) {
        StaleReleaseException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return attempt.apply(store.snapshot());
            } catch (StaleReleaseException e) {
                last = e;
            }
        }
        throw last;
    }

    private Outcome commit(ConfigStore.Snapshot now, Plan plan, Predicate<String> serviceExists,
                           BiPredicate<String, String> servicesOf, Release.Author author, boolean dryRun, String summary) {
        Configuration wanted = plan.configuration().settledOver(now.configuration());
        List<Problem> problems = wanted.problems(serviceExists,
                servicesOf == null ? (kind, name) -> true : servicesOf);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        List<Change> changes = new ArrayList<>(Change.between(json, now.configuration(), wanted));
        Map<String, DeploymentInfo> current = new LinkedHashMap<>();
        deployments.list().forEach(d -> current.put(d.name(), d));
        List<Deployer.Prepared> deploy = new ArrayList<>();
        for (Deployer.Prepared p : plan.deploy()) {
            DeploymentInfo is = current.get(p.info().name());
            if (is == null || !is.sha256().equals(p.info().sha256())) {
                deploy.add(p);
                changes.add(serviceChange(is, p.info()));
            }
        }
        List<String> undeploy = plan.undeploy().stream().filter(current::containsKey).sorted().toList();
        undeploy.forEach(name -> changes.add(new Change("services", name, Change.Op.REMOVE, List.of())));
        if (changes.isEmpty() || dryRun) {
            return new Outcome(null, changes);
        }
        Release release = store.commit(now.version(), wanted, changes, author,
                summary == null ? summary(changes) : summary + ": " + summary(changes), clock.instant(),
                h -> writeDeployments(h, deploy, undeploy));
        return new Outcome(release, changes);
    }

    private static JsonNode writeDeployments(Handle h, List<Deployer.Prepared> deploy, List<String> undeploy) {
        deploy.forEach(p -> DeploymentStore.save(h, p.info(), p.content(), p.artifact()));
        undeploy.forEach(name -> DeploymentStore.delete(h, name));
        ObjectNode services = JsonNodeFactory.instance.objectNode();
        for (DeploymentInfo d : DeploymentStore.list(h)) {
            services.putObject(d.name()).put("version", d.version()).put("sha256", d.sha256());
        }
        return services;
    }

    private static Change serviceChange(DeploymentInfo was, DeploymentInfo is) {
        List<Change.Field> fields = new ArrayList<>();
        fields.add(new Change.Field("sha256", was == null ? null : TextNode.valueOf(was.sha256()),
                TextNode.valueOf(is.sha256())));
        String before = was == null ? null : String.join(",", was.services());
        String after = String.join(",", is.services());
        if (!after.equals(before)) {
            fields.add(new Change.Field("services", before == null ? null : TextNode.valueOf(before),
                    TextNode.valueOf(after)));
        }
        return new Change("services", is.name(), was == null ? Change.Op.ADD : Change.Op.CHANGE, fields);
    }

    private StaleReleaseException stale(long base, long newest) {
        Optional<Release> latest = store.release(newest);
        return new StaleReleaseException(base, newest, latest.map(Release::by).orElse(null),
                latest.map(r -> r.at().toString()).orElse(null));
    }

    /** @return one line: {@code channels-http 'orders' added; security 'crm' changed}, or counts when many */
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
