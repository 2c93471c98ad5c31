package io.automators.connectors.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.telemetry.TraceProcessorsInterceptStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * OpenTelemetry for the whole runtime: the only source of trace ids (a caller's W3C traceparent
 * continued, a new trace otherwise), spans exported over OTLP in batches when
 * {@code otel.exporter.otlp.endpoint} is set, and flushed when the runtime stops.
 *
 * <p>Without an exporter nothing is recorded (the sampler drops every span, so a span costs an id and
 * no more), yet trace ids still flow into rows, problems and downstream traceparents. Camel's
 * OpenTelemetry tracer (camel-opentelemetry2) finds the {@link Tracer} and {@link ContextPropagators}
 * beans here. Only W3C trace context is propagated: no baggage, so nothing of a call reaches a vendor
 * in a header but the trace's ids.
 */
@Configuration(proxyBeanMethods = false)
public class Tracing {

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    static final String INSTRUMENTATION = "io.automators.connectors";

    @Bean(destroyMethod = "close")
    SdkTracerProvider sdkTracerProvider(Environment env, ObjectProvider<SpanExporter> extraExporters) {
        List<SpanExporter> exporters = new ArrayList<>();
        String endpoint = env.getProperty("otel.exporter.otlp.endpoint", "").trim();
        if (!endpoint.isEmpty()) {
            exporters.add(otlp(env, endpoint));
        }
        // A SpanExporter bean (the tests' in-memory exporter, or a deployer's own) exports too.
        extraExporters.orderedStream().forEach(exporters::add);

        SdkTracerProviderBuilder builder = SdkTracerProvider.builder().setResource(resource(env))
                .addSpanProcessor(new CallAttributesOnEverySpan());
        if (exporters.isEmpty()) {
            builder.setSampler(Sampler.alwaysOff());
            log.info("Tracing: trace ids only (set otel.exporter.otlp.endpoint to export spans over OTLP)");
        } else {
            // Every call is traced (the plan's 100% trace coverage), whatever the caller's sampled flag.
            builder.setSampler(Sampler.alwaysOn());
            builder.addSpanProcessor(BatchSpanProcessor.builder(new RedactingSpanExporter(SpanExporter.composite(exporters)))
                    .setScheduleDelay(Duration.ofMillis(env.getProperty("otel.bsp.schedule.delay", Long.class, 5000L)))
                    .setMaxQueueSize(env.getProperty("otel.bsp.max.queue.size", Integer.class, 2048))
                    .setMaxExportBatchSize(env.getProperty("otel.bsp.max.export.batch.size", Integer.class, 512))
                    .build());
            if (!endpoint.isEmpty()) {
                log.info("Tracing: exporting spans over OTLP ({}) to {}", protocol(env), endpoint);
            }
        }
        return builder.build();
    }

    @Bean(destroyMethod = "")
    OpenTelemetry openTelemetry(SdkTracerProvider tracerProvider) {
        return OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    @Bean
    Tracer tracer(OpenTelemetry openTelemetry) {
        return openTelemetry.getTracer(INSTRUMENTATION, version());
    }

    @Bean
    ContextPropagators contextPropagators(OpenTelemetry openTelemetry) {
        return openTelemetry.getPropagators();
    }

    /**
     * Camel's tracer (camel-opentelemetry2), made here rather than by its starter: what it leaves out —
     * the event tap's bookkeeping, the outbox drain's idle ticks — is a prefix test of the endpoint URI,
     * where the starter's exclude patterns run a wildcard and a regular-expression match for every
     * exchange event of every route (3% of a call's CPU in bench/).
     */
    @Bean(initMethod = "", destroyMethod = "")
    OpenTelemetryTracer camelTracer(CamelContext camel, Environment env) {
        List<String> untraced = Arrays.stream(env.getProperty("automators.tracing.untraced-endpoints",
                "direct://tap-,timer://drain-").split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        OpenTelemetryTracer tracer = new OpenTelemetryTracer() {
            @Override
            public boolean exclude(String endpointUri, CamelContext context) {
                if (endpointUri != null) {
                    for (String prefix : untraced) {
                        if (endpointUri.startsWith(prefix)) {
                            return true;
                        }
                    }
                }
                return false;
            }
        };
        // Camel owns its lifecycle from here (as the starter does it).
        tracer.init(camel);
        if (!tracer.isTraceProcessors()) {
            // init() wraps every processor of every route in a tracing step even with processor spans off:
            // the wrapper builds a name per processor per exchange and runs the processor synchronously
            // (a latch and a hand-over in Camel's reactive engine at each step; bench/). Without processor
            // spans it has nothing to do, so it does not wrap.
            camel.getCamelContextExtension().getInterceptStrategies()
                    .removeIf(strategy -> strategy instanceof TraceProcessorsInterceptStrategy);
        }
        return tracer;
    }

    private static SpanExporter otlp(Environment env, String endpoint) {
        Map<String, String> headers = keyValues(env.getProperty("otel.exporter.otlp.headers", ""));
        Duration timeout = Duration.ofMillis(env.getProperty("otel.exporter.otlp.timeout", Long.class, 10_000L));
        String protocol = protocol(env);
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        switch (protocol) {
            case "http/protobuf" -> {
                OtlpHttpSpanExporterBuilder http = OtlpHttpSpanExporter.builder()
                        .setEndpoint(base.endsWith("/v1/traces") ? base : base + "/v1/traces").setTimeout(timeout);
                headers.forEach(http::addHeader);
                return http.build();
            }
            case "grpc" -> {
                OtlpGrpcSpanExporterBuilder grpc = OtlpGrpcSpanExporter.builder().setEndpoint(base).setTimeout(timeout);
                headers.forEach(grpc::addHeader);
                return grpc.build();
            }
            default -> throw new IllegalStateException("otel.exporter.otlp.protocol must be http/protobuf or grpc, not '"
                    + protocol + "'");
        }
    }

    private static String protocol(Environment env) {
        return env.getProperty("otel.exporter.otlp.protocol", "http/protobuf").trim();
    }

    private static Resource resource(Environment env) {
        AttributesBuilder attributes = Attributes.builder();
        // otel.resource.attributes first, so that the three below always say what runs.
        keyValues(env.getProperty("otel.resource.attributes", "")).forEach(attributes::put);
        attributes.put("service.name", env.getProperty("otel.service.name",
                env.getProperty("spring.application.name", "automators-connectors")));
        attributes.put("service.version", version());
        attributes.put("deployment.environment.name", env.getProperty("automators.environment", "local"));
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    /** The jar's version (its manifest), or "dev" when run from classes. */
    static String version() {
        String version = Tracing.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** {@code a=1,b=2} as the OpenTelemetry environment variables write lists. */
    private static Map<String, String> keyValues(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                pairs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return pairs;
    }
}
