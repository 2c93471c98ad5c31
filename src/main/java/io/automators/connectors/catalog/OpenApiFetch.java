package io.automators.connectors.catalog;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.GuardedDns;
import io.automators.connectors.security.HostGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fetches an OpenAPI document a workspace names by URL (POST /api/v1/connectors with
 * {@code openapi.url}): https or http only, every address the client connects to (redirects included)
 * accepted by the host guard first ({@link GuardedDns}), at most {@code automators.catalog.custom.max-document-bytes},
 * within 10 s. What goes wrong is the caller's 400 at {@code /openapi/url}, or the guard's 403.
 */
@Component
public class OpenApiFetch implements DisposableBean {

    private final CloseableHttpClient client;
    private final CatalogProperties properties;

    public OpenApiFetch(HostGuard guard, CatalogProperties properties) {
        this.properties = properties;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDns(guard))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(5, TimeUnit.SECONDS)
                                .setSocketTimeout(10, TimeUnit.SECONDS).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10))
                        .setMaxRedirects(3).build())
                .disableAutomaticRetries().disableCookieManagement().setUserAgent("automators-connectors")
                .build();
    }

    /** The document's text. */
    public String fetch(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw CallFailure.invalidInputAt("/openapi/url", "is not a URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw CallFailure.invalidInputAt("/openapi/url", "must be an http(s) URL with a host and no user info");
        }
        long max = properties.getCustom().getMaxDocumentBytes();
        HttpGet get = new HttpGet(uri);
        get.setHeader("Accept", "application/json, application/yaml, text/yaml, */*;q=0.5");
        try {
            return client.execute(get, response -> {
                if (response.getCode() != 200) {
                    throw CallFailure.invalidInputAt("/openapi/url", "answered " + response.getCode() + ", not 200");
                }
                if (response.getEntity() == null) {
                    throw CallFailure.invalidInputAt("/openapi/url", "answered no document");
                }
                try (InputStream in = response.getEntity().getContent()) {
                    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                    if (body.length > max) {
                        throw CallFailure.invalidInputAt("/openapi/url", "the document is larger than " + max + " bytes");
                    }
                    return new String(body, StandardCharsets.UTF_8);
                }
            });
        } catch (IOException e) {
            throw CallFailure.invalidInputAt("/openapi/url", "cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }
}
