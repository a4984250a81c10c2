package io.conduit.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.conduit.testing.Layering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The node's packages form a directed acyclic graph, each imports only what docs/ARCHITECTURE.md's
 * table says it may, and the hot path (channel dispatch, invocation, outgoing calls) never reaches
 * into the admin API.
 */
class LayeringTest {

    private static final JavaClasses CLASSES = Layering.mainClasses("io.conduit.server");

    @Test
    void packagesFormADirectedAcyclicGraph() {
        Layering.assertAcyclic("io.conduit.server");
    }

    /**
     * docs/ARCHITECTURE.md's table of the node's packages says what each may import; the code keeps to
     * it exactly (a package that imports less than the table allows is fine; one that imports more fails).
     */
    @Test
    void eachPackageImportsOnlyWhatTheArchitectureDocSays() throws IOException {
        Map<String, List<String>> table = ArchitectureTable.read(
                Path.of(System.getProperty("basedir", ".")).resolve("../docs/ARCHITECTURE.md"));
        assertThat(table).as("the packages in docs/ARCHITECTURE.md's table").containsKeys("config", "invoke", "admin");
        Set<String> actual = CLASSES.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith("io.conduit.server.")).map(p -> p.substring(18).replaceAll("\\..*", ""))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        assertThat(table.keySet()).as("every package of the node is in docs/ARCHITECTURE.md's table, and no other")
                .containsExactlyInAnyOrderElementsOf(actual);

        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("wiring").definedBy("io.conduit.server");
        for (String pkg : table.keySet()) {
            layers = layers.layer(pkg).definedBy("io.conduit.server." + pkg + "..");
        }
        layers = layers.whereLayer("wiring").mayNotBeAccessedByAnyLayer();
        for (Map.Entry<String, List<String>> row : table.entrySet()) {
            if (row.getValue().isEmpty()) {
                layers = layers.whereLayer(row.getKey()).mayNotAccessAnyLayer();
            } else if (!row.getValue().equals(List.of("*"))) {
                layers = layers.whereLayer(row.getKey()).mayOnlyAccessLayers(row.getValue().toArray(String[]::new));
            }
        }
        layers.check(CLASSES);
    }

    /** The table's package and imports columns. */
    static final class ArchitectureTable {
        private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\|.*\\| ([^|]+) \\|$");

        /** @return each package and what it may import ({@code *} for "all of the above") */
        static Map<String, List<String>> read(Path doc) throws IOException {
            Map<String, List<String>> table = new java.util.TreeMap<>();
            for (String line : Files.readAllLines(doc)) {
                Matcher m = ROW.matcher(line.strip());
                if (m.matches()) {
                    String imports = m.group(2).strip();
                    table.put(m.group(1), imports.equals("-") ? List.of() : imports.equals("all of the above")
                            ? List.of("*") : Arrays.stream(imports.split(",\\s*")).map(String::strip).toList());
                }
            }
            return table;
        }
    }

    @Test
    void theHotPathDoesNotImportTheAdminApi() {
        noClasses().that().resideInAnyPackage("io.conduit.server.channel..", "io.conduit.server.invoke..",
                        "io.conduit.server.outgoing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.conduit.server.admin..")
                .check(CLASSES);
    }
}
