package io.conduit.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceCompilerTest {

    private final SourceCompiler compiler = new SourceCompiler();

    @Test
    void compilesAServiceAgainstTheApiWithItsNestedClasses() throws Exception {
        Map<String, byte[]> classes = compiler.compile("demo/Ok.java", "Ok.java", """
                package demo;
                import io.conduit.api.Service;
                import com.fasterxml.jackson.databind.JsonNode;
                public class Ok extends Service {
                    record Pair(String a, String b) { }
                    public void handle() {
                        JsonNode payload = request().payload();
                        response().setPayload(new Pair(payload.path("a").asText(), "b"));
                    }
                }
                """);

        assertThat(classes).containsOnlyKeys("demo.Ok", "demo.Ok$Pair");
        assertThat(classes.get("demo.Ok")).startsWith((byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE);
    }

    @Test
    void reportsEachErrorWithFileLineAndColumn() {
        DeploymentException e = catchThrowableOfType(DeploymentException.class, () ->
                compiler.compile("demo/Bad.java", "Bad.java", """
                        package demo;
                        public class Bad extends io.conduit.api.Service {
                            public void handle() {
                                int x = "text";
                                undefined();
                            }
                        }
                        """));

        assertThat(e.getMessage()).isEqualTo("demo/Bad.java does not compile (2 errors)");
        assertThat(e.diagnostics()).hasSize(2);
        assertThat(e.diagnostics().get(0).line()).isEqualTo(4);
        assertThat(e.diagnostics().get(0).column()).isEqualTo(17);
        assertThat(e.diagnostics().get(0).toString()).startsWith("Bad.java:4:17: error: incompatible types");
        assertThat(e.diagnostics().get(1).line()).isEqualTo(5);
        assertThat(e.diagnostics().get(1).message()).contains("cannot find symbol");
        assertThat(e.report()).contains("Bad.java:5:");
    }

    @Test
    void theServersInternalsAreNotOnTheCompileClassPathWhenRunFromClasses() {
        assertThat(SourceCompiler.apiClassPath()).doesNotContain("jetty", "dropwizard-core", "jdbi");
    }

    /** As in the packaged node, where the class path is the node's whole jar: the server is on it. */
    private final SourceCompiler packaged = new SourceCompiler(System.getProperty("java.class.path"));

    @Test
    void withTheWholeNodeOnTheClassPathAServiceStillCompilesAgainstTheApiJacksonAndSlf4j() throws Exception {
        assertThat(System.getProperty("java.class.path")).contains("jetty");
        Map<String, byte[]> classes = packaged.compile("Ok.java", "Ok.java", """
                import com.fasterxml.jackson.databind.node.ObjectNode;
                import io.conduit.api.Service;
                import org.slf4j.LoggerFactory;
                public class Ok extends Service {
                    public void handle() {
                        ObjectNode n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
                        LoggerFactory.getLogger(Ok.class).info("{}", java.util.List.of(n));
                        response().setPayload(n);
                    }
                }
                """);
        assertThat(classes).containsOnlyKeys("Ok");
    }

    @Test
    void withTheWholeNodeOnTheClassPathAServiceThatImportsTheServerOrJettyDoesNotCompile() {
        DeploymentException e = catchThrowableOfType(() -> packaged.compile("Sneaky.java", "Sneaky.java", """
                import io.conduit.api.Service;
                import io.conduit.server.invoke.Invoker;
                import org.eclipse.jetty.server.Server;
                public class Sneaky extends Service {
                    public void handle() {
                        response().setPayload(String.valueOf(Invoker.class) + new Server());
                    }
                }
                """), DeploymentException.class);
        assertThat(e.diagnostics()).extracting(CompileDiagnostic::message).anySatisfy(
                m -> assertThat(m).contains("package io.conduit.server.invoke does not exist"));
        assertThat(e.diagnostics()).extracting(CompileDiagnostic::message).anySatisfy(
                m -> assertThat(m).contains("package org.eclipse.jetty.server does not exist"));
    }

    @Test
    void aFullyQualifiedNameOfAServerClassDoesNotCompileEither() {
        DeploymentException e = catchThrowableOfType(() -> packaged.compile("Fq.java", "Fq.java", """
                public class Fq extends io.conduit.api.Service {
                    public void handle() {
                        response().setPayload(io.conduit.server.ConduitApplication.class.getName());
                    }
                }
                """), DeploymentException.class);
        assertThat(e.report()).contains("Fq.java:3:").contains("package io.conduit.server does not exist");
    }
}
