package io.automators.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of docs/architecture.md, read from the imports: edges (api, mcp) adapt requests to the call
 * path; nothing imports an edge, nor one edge the other; no package cycles; events record and route
 * nothing; only the edges know HTTP.
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
    static final ArchRule nothingImportsTheMcpEdge = noClasses()
            .that().resideOutsideOfPackage("io.automators.connectors.mcp..")
            .should().dependOnClassesThat().resideInAPackage("io.automators.connectors.mcp..")
            .because("the MCP edge adapts tool calls to the call path; nothing else may need it");

    @ArchTest
    static final ArchRule onlyTheMcpEdgeKnowsMcp = noClasses()
            .that().resideOutsideOfPackage("io.automators.connectors.mcp..")
            .should().dependOnClassesThat().resideInAPackage("io.modelcontextprotocol..")
            .because("the MCP SDK is the MCP edge's transport; the call path knows no protocol");

    @ArchTest
    static final ArchRule eventsRecordAndRouteNothing = noClasses()
            .that().resideInAPackage("io.automators.connectors.events..")
            .should().dependOnClassesThat().resideInAnyPackage("io.automators.connectors.routing..",
                    "io.automators.connectors.providers..", "io.automators.connectors.calls..")
            .because("events receive plain values; they know nothing of how a call was routed or run");

    @ArchTest
    static final ArchRule onlyTheEdgesKnowHttp = noClasses()
            .that().resideOutsideOfPackages("io.automators.connectors.api..", "io.automators.connectors.mcp..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.http..", "jakarta.servlet..",
                    "org.springframework.web..")
            .because("failures are domain values; only the edges (HTTP api, MCP) map them to their protocol's answers");

    @ArchTest
    static final ArchRule onlyTheHttpEdgeDescribesItself = noClasses()
            .that().resideOutsideOfPackage("io.automators.connectors.api..")
            .should().dependOnClassesThat().resideInAPackage("org.springdoc..")
            .because("the API's OpenAPI document describes the HTTP edge; it is made there (ApiDocument)");

    @ArchTest
    static final ArchRule routingAndProvidersKnowNothingOfTheEventLog = noClasses()
            .that().resideInAnyPackage("io.automators.connectors.routing..", "io.automators.connectors.providers..")
            .should().dependOnClassesThat().resideInAPackage("io.automators.connectors.events..");
}
