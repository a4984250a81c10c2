package io.conduit.server.deploy;

import io.conduit.api.Service;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packs compiled classes into a jar and finds the services in a jar. */
public final class Artifacts {

    /** The node as every deployment sees it: the service API, Jackson, SLF4J and the JDK. */
    private static final ServiceView.Loader VIEW = new ServiceView.Loader(Service.class.getClassLoader());

    private Artifacts() {
    }

    /**
     * @param classes binary class names to class-file bytes
     * @return a jar holding them
     */
    static byte[] jar(Map<String, byte[]> classes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                jar.write(c.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a jar in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads a deployment's jar in a class loader of its own and finds its services: every public,
     * concrete class extending {@link Service} with a public no-argument constructor.
     *
     * @param info the deployment (name and version)
     * @param jar  its classes
     * @return its services, named
     * @throws DeploymentException if a class does not load, a service cannot be instantiated, a
     *                             name is invalid or repeated, or there is no service at all
     */
    public static List<LoadedService> load(DeploymentInfo info, byte[] jar) throws DeploymentException {
        String deployment = info.name();
        ArtifactClassLoader loader;
        try {
            loader = ArtifactClassLoader.of(deployment, jar, VIEW);
        } catch (IOException e) {
            throw new DeploymentException(deployment, deployment + " is not a valid jar: " + e.getMessage());
        }
        refuseHiddenReferences(deployment, loader);
        List<LoadedService> services = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String className : loader.classNames()) {
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new DeploymentException(deployment, deployment + ": class " + className + " does not load: "
                        + e + " (a jar must include the libraries it needs, apart from the service API)");
            }
            if (!Service.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())
                    || type.isInterface()) {
                continue;
            }
            Constructor<? extends Service> constructor = constructorOf(deployment, type.asSubclass(Service.class));
            String name = ServiceNames.of(type);
            if (!ServiceNames.isValid(name)) {
                throw new DeploymentException(deployment, deployment + ": '" + name + "' (" + className
                        + ") is not a valid service name: use 1-200 letters, digits, '.', '-' or '_'");
            }
            if (!names.add(name)) {
                throw new DeploymentException(deployment, deployment + ": two classes are both named service '"
                        + name + "'");
            }
            services.add(new LoadedService(name, constructor, info));
        }
        if (services.isEmpty()) {
            throw new DeploymentException(deployment, deployment + " has no service: a service is a public class that"
                    + " extends " + Service.class.getName() + " and has a public no-argument constructor");
        }
        return List.copyOf(services);
    }

    /**
     * Refuses a jar whose classes name a class of the node that services cannot see (the server's
     * own, Jetty's...), whether to use it or to look it up by name: it would fail at its first
     * call, so it fails now, saying which class and what a service may use.
     */
    private static void refuseHiddenReferences(String deployment, ArtifactClassLoader loader) throws DeploymentException {
        for (String className : loader.classNames()) {
            Set<String> references;
            try {
                references = ClassReferences.of(loader.classFile(className));
            } catch (IOException e) {
                throw new DeploymentException(deployment, deployment + ": " + className + " is not a valid class file: "
                        + e.getMessage());
            }
            for (String reference : references) {
                if (loader.classFile(reference) == null && VIEW.hides(reference)) {
                    throw new DeploymentException(deployment, deployment + ": " + className + " uses " + reference
                            + ", which services cannot use: " + ServiceView.WHAT_IS_VISIBLE);
                }
            }
        }
    }

    private static Constructor<? extends Service> constructorOf(String deployment, Class<? extends Service> type)
            throws DeploymentException {
        if (!Modifier.isPublic(type.getModifiers())
                || (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers()))) {
            throw new DeploymentException(deployment, deployment + ": service class " + type.getName()
                    + " must be public (and static, if nested)");
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new DeploymentException(deployment, deployment + ": service class " + type.getName()
                    + " needs a public no-argument constructor");
        }
    }
}
