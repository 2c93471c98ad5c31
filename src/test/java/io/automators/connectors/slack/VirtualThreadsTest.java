package io.automators.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * On Java 21+ the runtime serves an action call on a virtual thread: Tomcat's request, the Camel route
 * and the vendor call it blocks on (spring.threads.virtual.enabled), and Camel's own pools too. On
 * Java 17 the same code runs on platform threads. CI runs on Java 25 where the machine has it (.ci/java-home).
 */
class VirtualThreadsTest extends SlackTestSupport {

    private static final boolean VIRTUAL_THREADS_AVAILABLE = Runtime.version().feature() >= 21;

    @Autowired
    CamelContext camel;

    @Test
    void theVendorCallRunsOnTheRequestsVirtualThread() throws Exception {
        Tenant tenant = connectedWorkspace(newToken());
        List<Thread> vendorCallThreads = new CopyOnWriteArrayList<>();
        EventNotifierSupport vendorCalls = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().startsWith("http")
                        && sending.getEndpoint().getEndpointUri().contains("chat.postMessage")) {
                    vendorCallThreads.add(Thread.currentThread());
                }
            }
        };
        vendorCalls.start();
        camel.getManagementStrategy().addEventNotifier(vendorCalls);
        // Camel skips exchange events altogether when it started without a notifier that wants them.
        boolean applicable = camel.getCamelContextExtension().isEventNotificationApplicable();
        camel.getCamelContextExtension().setEventNotificationApplicable(true);
        try {
            assertThat(sendMessage(tenant, "C123ABC456", "on which thread?").status()).isEqualTo(200);
        } finally {
            camel.getManagementStrategy().removeEventNotifier(vendorCalls);
            camel.getCamelContextExtension().setEventNotificationApplicable(applicable);
            vendorCalls.stop();
        }

        assertThat(vendorCallThreads).hasSize(1);
        Thread thread = vendorCallThreads.get(0);
        assertThat(isVirtual(thread)).as("%s", thread).isEqualTo(VIRTUAL_THREADS_AVAILABLE);
        // The request's own thread: the route is not handed to another pool before the vendor call.
        assertThat(thread.getName()).startsWith(VIRTUAL_THREADS_AVAILABLE ? "tomcat-handler-" : "http-nio-");
    }

    @Test
    void camelsOwnPoolsRunOnVirtualThreads() throws Exception {
        ExecutorService pool = camel.getExecutorServiceManager().newFixedThreadPool(this, "virtual-threads-probe", 2);
        try {
            Thread thread = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertThat(isVirtual(thread)).as("%s", thread).isEqualTo(VIRTUAL_THREADS_AVAILABLE);
        } finally {
            camel.getExecutorServiceManager().shutdownNow(pool);
        }
    }

    /** Thread.isVirtual() is Java 21 API; the code compiles for 17. */
    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return VIRTUAL_THREADS_AVAILABLE && (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
