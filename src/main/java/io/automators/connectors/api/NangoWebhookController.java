package io.automators.connectors.api;

import io.automators.connectors.providers.nango.NangoWebhooks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Nango's webhooks: no API key (Nango has none of ours); the body's signature is the authentication. */
@RestController
public class NangoWebhookController {

    static final String PATH = "/api/v1/nango/webhooks";

    private final NangoWebhooks webhooks;
    private final Problems problems;

    public NangoWebhookController(NangoWebhooks webhooks, Problems problems) {
        this.webhooks = webhooks;
        this.problems = problems;
    }

    @PostMapping(PATH)
    public ResponseEntity<?> receive(@RequestBody byte[] body,
            @RequestHeader(name = "X-Nango-Hmac-Sha256", required = false) String signature, HttpServletRequest request) {
        if (!webhooks.isSigned(body, signature)) {
            ProblemDetail problem = problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "the webhook's X-Nango-Hmac-Sha256 is missing or is not the body's signature under the configured"
                            + " key (automators.providers.nango.webhook-secret)", Map.of(), request);
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(Problems.PROBLEM_JSON).body(problem);
        }
        return ResponseEntity.ok(Map.of("result", webhooks.apply(body)));
    }
}
