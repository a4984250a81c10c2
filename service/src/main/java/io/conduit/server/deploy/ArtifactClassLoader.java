package io.conduit.server.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Loads one deployment's classes and resources from its jar bytes, held in memory. Each deployment
 * version gets its own loader, so a redeployed class replaces the old one without a restart, and
 * the old loader is collected once the last call on it has finished.
 */
final class ArtifactClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final String deployment;
    private final Map<String, byte[]> classes;
    private final Map<String, byte[]> resources;

    private ArtifactClassLoader(String deployment, Map<String, byte[]> classes, Map<String, byte[]> resources,
                                ClassLoader parent) {
        super("deployment:" + deployment, parent);
        this.deployment = deployment;
        this.classes = classes;
        this.resources = resources;
    }

    /**
     * @param deployment the deployment's name
     * @param jar        the jar's bytes
     * @param parent     what the jar's classes see of the node: {@link ServiceView.Loader}
     * @return a loader for the jar's classes
     * @throws IOException if the bytes are not a jar
     */
    static ArtifactClassLoader of(String deployment, byte[] jar, ClassLoader parent) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        Map<String, byte[]> resources = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] bytes = in.readAllBytes();
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), bytes);
                } else {
                    resources.put(name, bytes);
                }
            }
        }
        if (classes.isEmpty() && resources.isEmpty()) {
            throw new IOException("not a jar, or an empty one");
        }
        return new ArtifactClassLoader(deployment, classes, resources, parent);
    }

    /**
     * @param name a class's binary name
     * @return its class file's bytes, or null if the jar does not hold it
     */
    byte[] classFile(String name) {
        return classes.get(name);
    }

    /** @return the binary names of the classes in the jar */
    Set<String> classNames() {
        return Collections.unmodifiableSet(classes.keySet());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            if (getParent() instanceof ServiceView.Loader view && view.hides(name)) {
                throw view.notFound(name);
            }
            throw new ClassNotFoundException(name + " (not in " + deployment + ")");
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    protected URL findResource(String name) {
        byte[] bytes = resources.get(name);
        if (bytes == null) {
            return null;
        }
        try {
            return new URL(null, "deployment:" + deployment + "!/" + name, new BytesHandler(bytes));
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Set.of(url));
    }

    private static final class BytesHandler extends URLStreamHandler {
        private final byte[] bytes;

        BytesHandler(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(bytes);
                }
            };
        }
    }
}
