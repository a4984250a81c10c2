package io.conduit.server.deploy;

import java.util.List;

/**
 * What hot-deployed code sees of the node: the service API ({@code io.conduit.api}), Jackson,
 * SLF4J and the Jakarta Bean Validation annotations (for typed services' inputs), besides the JDK. The compiler lists nothing else on its class path, and a deployment's
 * class loader resolves nothing else from the node, so a service cannot compile against, link to
 * or reflect on the server's own classes or its libraries (Jetty, Jersey, Jedis...).
 *
 * <p>This keeps services to the API they are written against; it is not a sandbox for hostile
 * code, which could still reach the system class loader. Deploy only code you trust.
 */
final class ServiceView {

    /** The packages (and their subpackages) a service may use, besides the JDK's. */
    static final List<String> PACKAGES = List.of("io.conduit.api", "com.fasterxml.jackson", "org.slf4j",
            "jakarta.validation");

    static final String WHAT_IS_VISIBLE = "a service sees only " + String.join(", ", PACKAGES) + " and the JDK";

    private ServiceView() {
    }

    /**
     * @param packageName a package's name, e.g. {@code com.fasterxml.jackson.databind}
     * @return whether it is one of {@link #PACKAGES} or inside one
     */
    static boolean visiblePackage(String packageName) {
        for (String p : PACKAGES) {
            if (packageName.equals(p) || (packageName.startsWith(p) && packageName.charAt(p.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param className a class's binary name, e.g. {@code io.conduit.api.Service}
     * @return whether a service may use it from the node
     */
    static boolean visibleClass(String className) {
        int dot = className.lastIndexOf('.');
        return dot > 0 && visiblePackage(className.substring(0, dot));
    }

    /**
     * The node's classes as a service sees them: the JDK's, and of the node's own only those in
     * {@link #PACKAGES}. It is the parent of every deployment's class loader.
     */
    static final class Loader extends ClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final ClassLoader node;

        /** @param node the node's class loader, which holds the service API */
        Loader(ClassLoader node) {
            super("conduit-service-view", ClassLoader.getPlatformClassLoader());
            this.node = node;
        }

        /**
         * @param className a class's binary name
         * @return whether the node has that class but a service may not use it (it is neither in
         *         {@link #PACKAGES} nor the JDK's)
         */
        boolean hides(String className) {
            if (visibleClass(className)) {
                return false;
            }
            String path = className.replace('.', '/') + ".class";
            return getParent().getResource(path) == null && node.getResource(path) != null;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (visibleClass(name)) {
                return node.loadClass(name);
            }
            throw notFound(name);
        }

        /** @return the error for a class a service does not find, saying why when the node hides it */
        ClassNotFoundException notFound(String name) {
            return new ClassNotFoundException(hides(name) ? name + " is not visible to services: " + WHAT_IS_VISIBLE
                    + " (a jar must include any other library it needs)" : name);
        }

        @Override
        protected java.net.URL findResource(String name) {
            int slash = name.lastIndexOf('/');
            return slash > 0 && visiblePackage(name.substring(0, slash).replace('/', '.')) ? node.getResource(name) : null;
        }
    }
}
