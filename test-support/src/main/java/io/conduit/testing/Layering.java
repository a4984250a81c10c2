package io.conduit.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering rules of Conduit's modules (ArchUnit), for each module's {@code LayeringTest}: the
 * packages of a module form a directed acyclic graph, and the classes of its sub-packages never
 * reach back to its root package (where the application is wired).
 */
public final class Layering {

    private Layering() {
    }

    /** @return a module's main classes (not its tests), under {@code root} */
    public static JavaClasses mainClasses(String root) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(root);
    }

    /**
     * Fails if two packages below {@code root} depend on each other, directly or through others, or
     * if a class below it depends on a class of {@code root} itself.
     */
    public static void assertAcyclic(String root) {
        JavaClasses classes = mainClasses(root);
        slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage(root + ".*..").should().dependOnClassesThat().resideInAPackage(root)
                .allowEmptyShould(true).check(classes);
    }
}
