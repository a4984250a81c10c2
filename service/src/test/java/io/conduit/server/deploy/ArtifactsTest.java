package io.conduit.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.api.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployed jar sees the service API, Jackson, SLF4J and the JDK, and nothing else of the node,
 * even when it was compiled against the whole node (as a jar built elsewhere may be).
 */
class ArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void aJarThatUsesAServerClassIsRefusedAtLoadNamingTheClass() {
        byte[] jar = jarOf("Uses", """
                public class Uses extends io.conduit.api.Service {
                    public void handle() {
                        response().setPayload(io.conduit.server.invoke.Invoker.class.getName());
                    }
                }
                """);
        assertThatThrownBy(() -> Artifacts.load(info("uses.jar"), jar))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("Uses uses io.conduit.server.invoke.Invoker, which services cannot use")
                .hasMessageContaining("a service sees only io.conduit.api, com.fasterxml.jackson, org.slf4j, jakarta.validation and the JDK");
    }

    @Test
    void aJarThatLooksUpJettyByNameIsRefusedAtLoad() {
        byte[] jar = jarOf("Reflects", """
                public class Reflects extends io.conduit.api.Service {
                    public void handle() throws Exception {
                        response().setPayload(Class.forName("org.eclipse.jetty.server.Server").getName());
                    }
                }
                """);
        assertThatThrownBy(() -> Artifacts.load(info("reflects.jar"), jar))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("Reflects uses org.eclipse.jetty.server.Server, which services cannot use");
    }

    @Test
    void aNameMadeAtRunTimeDoesNotResolveFromTheServiceOrItsContextLoader() throws Exception {
        byte[] jar = jarOf("Computes", """
                public class Computes extends io.conduit.api.Service {
                    public void handle() {
                    }
                    public static String find(String packageName, String simpleName, boolean viaContext) {
                        ClassLoader loader = viaContext ? Thread.currentThread().getContextClassLoader()
                                : Computes.class.getClassLoader();
                        try {
                            return loader.loadClass(packageName + "." + simpleName).getName();
                        } catch (ClassNotFoundException e) {
                            return e.getMessage();
                        }
                    }
                }
                """);
        LoadedService loaded = Artifacts.load(info("computes.jar"), jar).get(0);
        ClassLoader outer = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loaded.classLoader());
        try {
            for (boolean viaContext : List.of(false, true)) {
                assertThat(find(loaded, "io.conduit.server", "ConduitApplication", viaContext))
                        .isEqualTo("io.conduit.server.ConduitApplication is not visible to services: a service sees"
                                + " only io.conduit.api, com.fasterxml.jackson, org.slf4j, jakarta.validation and the JDK"
                                + " (a jar must include any other library it needs)");
                assertThat(find(loaded, "org.eclipse.jetty.server", "Server", viaContext)).contains("is not visible");
                assertThat(find(loaded, "redis.clients.jedis", "Jedis", viaContext)).contains("is not visible");
                assertThat(find(loaded, "io.conduit.api", "Service", viaContext)).isEqualTo("io.conduit.api.Service");
                assertThat(find(loaded, "com.fasterxml.jackson.databind", "ObjectMapper", viaContext))
                        .isEqualTo("com.fasterxml.jackson.databind.ObjectMapper");
                assertThat(find(loaded, "java.util.concurrent", "ConcurrentHashMap", viaContext))
                        .isEqualTo("java.util.concurrent.ConcurrentHashMap");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(outer);
        }
        assertThat(Service.class.isAssignableFrom(loaded.constructor().getDeclaringClass()))
                .as("the service API a deployment sees is the node's own").isTrue();
    }

    private static DeploymentInfo info(String name) {
        return new DeploymentInfo(name, DeploymentInfo.Kind.JAR, "0", 1, List.of(), "test", Instant.now());
    }

    private static String find(LoadedService loaded, String packageName, String simpleName, boolean viaContext)
            throws ReflectiveOperationException {
        try {
            return (String) loaded.constructor().getDeclaringClass()
                    .getMethod("find", String.class, String.class, boolean.class)
                    .invoke(null, packageName, simpleName, viaContext);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** Compiles one class against the test's whole class path (the node and its libraries included). */
    private byte[] jarOf(String className, String source) {
        try {
            Path src = Files.writeString(dir.resolve(className + ".java"), source);
            Path out = Files.createDirectories(dir.resolve("classes-" + className));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int exit = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                    "-d", out.toString(), src.toString());
            assertThat(exit).as("javac's exit code for " + className).isZero();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = out.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    classes.put(name, Files.readAllBytes(f));
                }
            }
            return Artifacts.jar(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
