package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Headers and parameters named like Camel's own never get past the edge, in any letter case. */
class CamelHeaderFilterTest {

    @Test
    void dropsCamelHeadersAndParametersInAnyLetterCase() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/connectors/slack/actions/send_message");
        request.addHeader("CamelHttpUri", "http://169.254.169.254/latest/meta-data");
        request.addHeader("cAmElHttpUri", "http://169.254.169.254/");
        request.addHeader("org.apache.camel.Foo", "x");
        request.addHeader("ORG.APACHE.CAMEL.bar", "x");
        request.addHeader("Authorization", "Bearer ak_x");
        request.addParameter("CamelHttpMethod", "DELETE");
        request.addParameter("camelhttpquery", "a=b");
        request.addParameter("page", "2");

        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        new CamelHeaderFilter().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set((HttpServletRequest) req));

        HttpServletRequest filtered = seen.get();
        assertThat(Collections.list(filtered.getHeaderNames())).containsExactly("Authorization");
        assertThat(filtered.getHeader("CamelHttpUri")).isNull();
        assertThat(filtered.getHeader("cAmElHttpUri")).isNull();
        assertThat(Collections.list(filtered.getHeaders("org.apache.camel.Foo"))).isEmpty();
        assertThat(filtered.getParameterMap()).containsOnlyKeys("page");
        assertThat(filtered.getParameter("CamelHttpMethod")).isNull();
        assertThat(Collections.list(filtered.getParameterNames())).containsExactly("page");
    }

    @Test
    void dropsAPercentEncodedCamelQueryParameter() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/connectors");
        request.setQueryString("%63amelHttpMethod=DELETE&page=2");
        request.addParameter("camelHttpMethod", "DELETE"); // what the container decodes the query to
        request.addParameter("page", "2");

        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        new CamelHeaderFilter().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set((HttpServletRequest) req));

        assertThat(seen.get().getParameter("camelHttpMethod")).isNull();
        assertThat(seen.get().getParameterMap()).containsOnlyKeys("page");
    }

    @Test
    void dropsCamelFormFields() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/connectors");
        request.setContentType("application/x-www-form-urlencoded");
        request.addParameter("CamelHttpUri", "http://169.254.169.254/");

        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        new CamelHeaderFilter().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set((HttpServletRequest) req));

        assertThat(seen.get().getParameterMap()).isEmpty();
    }

    @Test
    void passesARequestWithoutCamelNamesAsItIs() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/connectors/slack/actions/send_message");
        request.addHeader("Authorization", "Bearer ak_x");
        request.setContentType("application/json");
        request.setQueryString("page=2");

        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        new CamelHeaderFilter().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set((HttpServletRequest) req));

        assertThat(seen.get()).isSameAs(request);
    }
}
