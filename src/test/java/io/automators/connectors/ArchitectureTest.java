package io.automators.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of docs/architecture.md, read from the imports: edges adapt requests to the call path;
 * nothing imports an edge; no package cycles; events record and route nothing; only the edge knows HTTP.
 */
@AnalyzeClasses(packages = "io.automators.connectors", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("io.automators.connectors.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingImportsTheHttpEdge = noClasses()
            .that().resideOutsideOfPackage("io.automators.connectors.api..")
            .should().dependOnClassesThat().resideInAPackage("io.automators.connectors.api..")
            .because("the HTTP edge adapts requests to the call path; another edge (MCP, Kafka) must not need it");

    @ArchTest
    static final ArchRule eventsRecordAndRouteNothing = noClasses()
            .that().resideInAPackage("io.automators.connectors.events..")
            .should().dependOnClassesThat().resideInAnyPackage("io.automators.connectors.routing..",
                    "io.automators.connectors.providers..", "io.automators.connectors.calls..")
            .because("events receive plain values; they know nothing of how a call was routed or run");

    @ArchTest
    static final ArchRule onlyTheEdgeKnowsHttp = noClasses()
            .that().resideOutsideOfPackage("io.automators.connectors.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.http..", "jakarta.servlet..",
                    "org.springframework.web..")
            .because("failures are domain values; only the HTTP edge maps them to status codes and problem+json");

    @ArchTest
    static final ArchRule routingAndProvidersKnowNothingOfTheEventLog = noClasses()
            .that().resideInAnyPackage("io.automators.connectors.routing..", "io.automators.connectors.providers..")
            .should().dependOnClassesThat().resideInAPackage("io.automators.connectors.events..");
}
