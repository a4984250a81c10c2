package io.conduit.server.deploy;

import io.conduit.server.deploy.DeploymentStore;
import io.conduit.server.deploy.LoadedService;
import io.conduit.server.deploy.ServiceRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a {@code .java} or {@code .jar} file to the whole cluster: compiles or opens it, checks
 * that its services load and clash with no other deployment, stores it in the ODB, which applies it
 * on this node at once and on the other nodes through the config sync. A file that fails any
 * step changes nothing: the previous version keeps serving, and the failure is reported.
 */
public final class Deployer implements FileDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_$.-]{0,199}\\.(java|jar)");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\p{L}_$][\\p{L}\\p{N}_$.]*)\\s*;",
            Pattern.MULTILINE);

    private final SourceCompiler compiler;
    private final DeploymentStore store;
    private final DeploymentWriter writer;
    private final ServiceRegistry registry;
    private final String node;
    private final Clock clock;

    public Deployer(SourceCompiler compiler, DeploymentStore store, DeploymentWriter writer, ServiceRegistry registry,
                    String node, Clock clock) {
        this.compiler = compiler;
        this.store = store;
        this.writer = writer;
        this.registry = registry;
        this.node = node;
        this.clock = clock;
    }

    /**
     * The outcome of a deployment.
     *
     * @param deployment what is deployed now
     * @param release    the release it made, or null when the same bytes were deployed already
     */
    public record Result(DeploymentInfo deployment, Long release) {

        /** @return whether it changed anything (made a release) */
        public boolean changed() {
            return release != null;
        }
    }

    /**
     * A file that compiled and whose services load, ready to be stored.
     *
     * @param info     what it is (its version is 0 until stored)
     * @param content  the file as deployed
     * @param artifact the classes to load, as a jar
     */
    public record Prepared(DeploymentInfo info, byte[] content, byte[] artifact) {
    }

    /**
     * @param fileName   the file's name, e.g. {@code GetClientDetails.java} or {@code billing.jar}
     * @param content    its bytes
     * @param deployedBy who deploys it
     * @return the deployment as stored, and whether it differed from what was deployed
     * @throws DeploymentException if it cannot be deployed; the previous version keeps serving
     */
    @Override
    public Result deploy(String fileName, byte[] content, String deployedBy) throws DeploymentException {
        return deploy(fileName, content, deployedBy, "pickup", null);
    }

    /**
     * @param source how it came, for the release: {@code api}, {@code dashboard} or {@code pickup}
     * @param from   the client's address, or null
     * @see #deploy(String, byte[], String)
     */
    public Result deploy(String fileName, byte[] content, String deployedBy, String source, String from)
            throws DeploymentException {
        return deploy(fileName, content, deployedBy, source, from, info -> { });
    }

    /**
     * @param allowed told what the file holds once it compiled, before anything is stored; throws to refuse it
     * @see #deploy(String, byte[], String, String, String)
     */
    public Result deploy(String fileName, byte[] content, String deployedBy, String source, String from,
                         java.util.function.Consumer<DeploymentInfo> allowed) throws DeploymentException {
        long start = System.nanoTime();
        Prepared prepared = prepare(fileName, content, deployedBy, store.list());
        allowed.accept(prepared.info());
        long preparedAt = System.nanoTime();
        Result result = writer.write(prepared, source, from);
        DeploymentInfo stored = result.deployment();
        if (!result.changed()) {
            store.recordStatus(new DeploymentStatus(stored.name(), node, stored.version(), DeploymentStatus.DEPLOYED, null,
                    clock.instant()));
        }
        LOG.info("{} - {} version {} by {}: {} (compiled and loaded in {} ms, stored in {} ms)", stored.name(),
                result.changed() ? "deployed" : "unchanged, still", stored.version(), deployedBy, stored.services(),
                (preparedAt - start) / 1_000_000, (System.nanoTime() - preparedAt) / 1_000_000);
        return result;
    }

    /**
     * Compiles or opens a file and loads its services, without storing anything.
     *
     * @param others the deployments it will sit beside: none may provide one of its services
     * @return the file, ready to be stored
     * @throws DeploymentException if it cannot be deployed (recorded as this node's failure of it)
     */
    public Prepared prepare(String fileName, byte[] content, String deployedBy, List<DeploymentInfo> others)
            throws DeploymentException {
        String name = nameOf(fileName, content);
        try {
            Loaded loaded = load(compiler, fileName, content, deployedBy, clock.instant());
            requireNoClash(name, loaded.info().services(), others);
            return new Prepared(loaded.info(), content, loaded.artifact());
        } catch (DeploymentException e) {
            int serving = Optional.ofNullable(registry.deployments().get(name)).map(DeploymentInfo::version).orElse(0);
            store.recordStatus(new DeploymentStatus(name, node, serving, DeploymentStatus.FAILED, e.report(),
                    clock.instant()));
            LOG.error("{} - rejected on {}; {}: {}", name, node,
                    serving == 0 ? "nothing of it serves" : "version " + serving + " keeps serving", e.report());
            throw e;
        }
    }

    /**
     * A file compiled (a {@code .java}) or opened (a {@code .jar}) and its services loaded, each in a class
     * loader of its own that sees only the API.
     *
     * @param info     the deployment it would be (version 0: not stored)
     * @param artifact the jar
     * @param services its services, ready to invoke
     */
    public record Loaded(DeploymentInfo info, byte[] artifact, List<LoadedService> services) {
    }

    /**
     * Compiles or opens a file and loads its services as a node does, storing nothing: for
     * {@link #prepare} and for the service test kit.
     *
     * @throws DeploymentException if it cannot be deployed: the report says why (the compiler's
     *                             diagnostics, no service in it, a class it may not use)
     */
    public static Loaded load(SourceCompiler compiler, String fileName, byte[] content, String deployedBy,
                              java.time.Instant at) throws DeploymentException {
        String name = nameOf(fileName, content);
        boolean java = fileName.endsWith(".java");
        byte[] artifact = java ? Artifacts.jar(compiler.compile(name, fileName, utf8(fileName, content))) : content;
        DeploymentInfo candidate = new DeploymentInfo(name, java ? DeploymentInfo.Kind.JAVA : DeploymentInfo.Kind.JAR,
                sha256(content), 0, List.of(), deployedBy, at);
        List<LoadedService> services = Artifacts.load(candidate, artifact);
        List<String> names = services.stream().map(LoadedService::name).sorted().toList();
        return new Loaded(new DeploymentInfo(name, candidate.kind(), candidate.sha256(), 0, names, deployedBy, at),
                artifact, services);
    }

    /**
     * Undeploys the deployment that provides a service, with every service in it.
     *
     * @param service a service's name
     * @return the deployment removed, or empty if no deployment provides the service
     */
    public Optional<DeploymentInfo> undeploy(String service, String by) {
        Optional<DeploymentInfo> owner = store.list().stream().filter(d -> d.services().contains(service)).findFirst();
        owner.ifPresent(d -> {
            writer.remove(d.name(), by);
            LOG.info("{} - undeployed by {}: {}", d.name(), by, d.services());
        });
        return owner;
    }

    private static void requireNoClash(String deployment, List<String> services, List<DeploymentInfo> others)
            throws DeploymentException {
        for (DeploymentInfo other : others) {
            if (other.name().equals(deployment)) {
                continue;
            }
            for (String service : services) {
                if (other.services().contains(service)) {
                    throw new DeploymentException(deployment, deployment + ": service '" + service
                            + "' is already provided by " + other.name() + "; undeploy that first or rename one");
                }
            }
        }
    }

    /** @return {@code <package path>/<file name>}, e.g. {@code tutorial/GetClientDetails.java} */
    /** @return the deployment a file makes: a jar's file name, a source's class name */
    private static String nameOf(String fileName, byte[] content) throws DeploymentException {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new DeploymentException(String.valueOf(fileName), "'" + fileName + "' cannot be deployed:"
                    + " only a .java or .jar file with a plain file name (letters, digits, _ $ . -) can");
        }
        return fileName.endsWith(".java") ? deploymentName(fileName, utf8(fileName, content)) : fileName;
    }

    static String deploymentName(String fileName, String source) {
        Matcher m = PACKAGE.matcher(stripComments(source));
        return m.find() ? m.group(1).replace('.', '/') + "/" + fileName : fileName;
    }

    private static String stripComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    private static String utf8(String fileName, byte[] content) throws DeploymentException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new DeploymentException(fileName, fileName + " is not UTF-8 text");
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
