package io.conduit.server;

import io.conduit.server.deploy.DeploymentException;
import io.conduit.server.deploy.SourceCompiler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Builds small jars of services for tests, the way a user's build would. */
final class TestJars {

    private TestJars() {
    }

    static byte[] compile(String className, String source) throws IOException {
        Map<String, byte[]> classes;
        try {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            classes = new SourceCompiler().compile(className, simple + ".java", source);
        } catch (DeploymentException e) {
            throw new IllegalArgumentException(e.report(), e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                jar.write(c.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
