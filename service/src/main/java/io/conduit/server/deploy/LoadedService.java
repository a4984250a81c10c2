package io.conduit.server.deploy;

import io.conduit.api.Service;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * A service class loaded on this node, ready to be instantiated for each call.
 *
 * @param name        the service's name
 * @param constructor its public no-argument constructor
 * @param deployment  the deployment (and version) it came from
 */
public record LoadedService(String name, Constructor<? extends Service> constructor, DeploymentInfo deployment) {

    /** @return the service's class name */
    public String className() {
        return constructor.getDeclaringClass().getName();
    }

    /** @return the loader of the service's deployment, the context class loader of its calls */
    public ClassLoader classLoader() {
        return constructor.getDeclaringClass().getClassLoader();
    }

    /**
     * @return a new instance for one invocation
     * @throws Exception whatever the constructor threw
     */
    public Service newInstance() throws Exception {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
