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
}
