package io.conduit.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import io.conduit.testing.Layering;
import org.junit.jupiter.api.Test;

/** The API services compile against stands alone: Java, Jackson and SLF4J, and nothing of the server. */
class ServiceApiAloneTest {

    @Test
    void theServiceApiImportsOnlyJavaJacksonAndSlf4j() {
        classes().that().resideInAPackage("io.conduit.api..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.conduit.api..", "java..", "com.fasterxml.jackson..", "org.slf4j..")
                .check(Layering.mainClasses("io.conduit.api"));
    }
}
