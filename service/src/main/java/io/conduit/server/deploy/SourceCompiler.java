package io.conduit.server.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.api.Service;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.slf4j.Logger;

/**
 * Compiles one service source file in memory with the JDK's compiler, against the service API
 * and what it exposes (Jackson, SLF4J), and nothing else of the server: whatever the class path
 * holds (in the packaged node it is the whole node's jar), the compiler is shown only the packages
 * of {@link ServiceView}, so an import of anything else fails with the compiler's own message.
 */
public final class SourceCompiler {

    private final JavaCompiler javac;
    private final List<String> options;

    public SourceCompiler() {
        this(apiClassPath());
    }

    /** @param classPath where the compiler finds the API (tests give it the node's whole class path) */
    SourceCompiler(String classPath) {
        this.javac = ToolProvider.getSystemJavaCompiler();
        this.options = List.of("-classpath", classPath, "-proc:none", "-g", "-parameters",
                "-encoding", "UTF-8", "-Xlint:none", "-nowarn");
    }

    /**
     * @param deployment the deployment's name, for messages
     * @param fileName   e.g. {@code GetClientDetails.java}
     * @param source     the source text
     * @return class binary names to class-file bytes
     * @throws DeploymentException with the compiler's diagnostics if it does not compile
     */
    public Map<String, byte[]> compile(String deployment, String fileName, String source) throws DeploymentException {
        if (javac == null) {
            throw new DeploymentException(deployment, "this node runs on a Java runtime without the compiler (javac);"
                    + " run it on a JDK, or deploy a .jar instead of .java");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
             InMemoryOutput files = new InMemoryOutput(standard, classes)) {
            JavaFileObject unit = new SourceFile(fileName, source);
            boolean ok = javac.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
            List<CompileDiagnostic> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(new CompileDiagnostic(fileName, Math.max(d.getLineNumber(), 0),
                            Math.max(d.getColumnNumber(), 0), d.getMessage(Locale.ROOT)));
                }
            }
            if (!ok || !errors.isEmpty()) {
                throw new DeploymentException(deployment, deployment + " does not compile ("
                        + errors.size() + (errors.size() == 1 ? " error)" : " errors)"), errors);
            }
        } catch (IOException e) {
            throw new DeploymentException(deployment, deployment + " could not be compiled: " + e.getMessage());
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        classes.forEach((name, bytes) -> out.put(name, bytes.toByteArray()));
        return out;
    }

    /** @return the class path of the service API, Jackson, SLF4J and Bean Validation as this process has them */
    static String apiClassPath() {
        Set<String> paths = new LinkedHashSet<>();
        for (Class<?> c : List.of(Service.class, JsonNode.class, JsonParser.class, JsonProperty.class, Logger.class,
                jakarta.validation.Valid.class)) {
            paths.add(locationOf(c));
        }
        return String.join(File.pathSeparator, paths);
    }

    private static String locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot find where " + c.getName() + " was loaded from", e);
        }
    }

    private static final class SourceFile extends SimpleJavaFileObject {
        private final String source;

        SourceFile(String fileName, String source) {
            super(URI.create("string:///" + fileName), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }
    }

    private static final class InMemoryOutput extends ForwardingJavaFileManager<JavaFileManager> {
        private final Map<String, ByteArrayOutputStream> classes;

        InMemoryOutput(JavaFileManager delegate, Map<String, ByteArrayOutputStream> classes) {
            super(delegate);
            this.classes = classes;
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                             boolean recurse) throws IOException {
            if (location == StandardLocation.CLASS_PATH && !ServiceView.visiblePackage(packageName)) {
                return List.of();
            }
            return super.list(location, packageName, kinds, recurse);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    classes.put(className, bytes);
                    return bytes;
                }
            };
        }
    }
}
