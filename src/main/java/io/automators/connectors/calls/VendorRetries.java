package io.automators.connectors.calls;

import io.automators.connectors.exchange.ExchangeNames;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The retry policy connector routes inherit (routes/errors.camel.yaml, {@code connector-errors}):
 * which failed vendor calls may be tried again, and the record of every failed attempt. Only an
 * action its manifest marks idempotent is retried, only on a refused connection, 502, 503 or 429,
 * and a 429 only when the vendor's Retry-After is within the cap (then the wait is the vendor's).
 */
@Configuration(proxyBeanMethods = false)
class VendorRetries {

    private final long maxRetryAfterSeconds;

    VendorRetries(@Value("${automators.retries.max-retry-after-seconds:5}") long maxRetryAfterSeconds) {
        this.maxRetryAfterSeconds = maxRetryAfterSeconds;
    }

    /** The onWhen of the retry clause. */
    @Bean
    Predicate retryableVendorFailure() {
        return exchange -> Boolean.TRUE.equals(exchange.getProperty(ExchangeNames.IDEMPOTENT, Boolean.class))
                && isRetryable(failureOf(exchange));
    }

    /** Called for each failure the retry clause takes: records it, and waits as long as the vendor asked. */
    @Bean
    Processor recordVendorFailure() {
        return exchange -> {
            Throwable failure = failureOf(exchange);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> attempts = exchange.getProperty(ExchangeNames.FAILED_ATTEMPTS, List.class);
            if (attempts == null) {
                attempts = new ArrayList<>();
                exchange.setProperty(ExchangeNames.FAILED_ATTEMPTS, attempts);
            }
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("attempt", attempts.size() + 1);
            attempt.put("error", failure == null ? "unknown" : failure.getClass().getSimpleName());
            HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
            if (http != null) {
                attempt.put("vendor_status", http.getStatusCode());
            }
            attempts.add(attempt);
            Long retryAfter = http == null ? null : retryAfterSeconds(http);
            if (retryAfter != null) {
                exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, retryAfter * 1000);
            } else {
                exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
            }
        };
    }

    boolean isRetryable(Throwable failure) {
        if (find(failure, ConnectException.class) != null) {
            return true;
        }
        HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
        if (http == null) {
            return false;
        }
        int status = http.getStatusCode();
        if (status == 502 || status == 503) {
            return true;
        }
        if (status != 429) {
            return false;
        }
        Long retryAfter = retryAfterSeconds(http);
        return retryAfter == null || retryAfter <= maxRetryAfterSeconds;
    }

    /** The vendor's Retry-After in seconds (delta-seconds or an HTTP date, RFC 9110), or null. */
    static Long retryAfterSeconds(HttpOperationFailedException http) {
        Map<String, String> headers = http.getResponseHeaders();
        if (headers == null) {
            return null;
        }
        String value = headers.entrySet().stream().filter(h -> "Retry-After".equalsIgnoreCase(h.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toSeconds());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Throwable failureOf(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
