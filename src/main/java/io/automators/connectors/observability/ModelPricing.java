package io.automators.connectors.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * USD per 1,000 tokens by model, for cost rows posted without a cost: the built-in table
 * (classpath {@code ingestion/model-pricing.yaml}) overlaid entry by entry by the deployer's file
 * ({@code automators.costs.pricing-file}, default {@code config/model-pricing.yaml}), read at start.
 */
@Component
public class ModelPricing {

    private static final Logger log = LoggerFactory.getLogger(ModelPricing.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Price> prices = new HashMap<>();

    public ModelPricing(@Value("${automators.costs.pricing-file:config/model-pricing.yaml}") String file) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/ingestion/model-pricing.yaml")) {
            read(YAML.readTree(in));
        }
        Path own = Path.of(file);
        if (Files.isRegularFile(own)) {
            read(YAML.readTree(own.toFile()));
            log.info("Model pricing: {} models (built-in, overlaid by {})", prices.size(), own);
        }
    }

    private void read(JsonNode table) {
        table.path("models").fields().forEachRemaining(e -> prices.put(e.getKey(), new Price(
                new BigDecimal(e.getValue().path("input_per_1k").asText("0")),
                new BigDecimal(e.getValue().path("output_per_1k").asText("0")))));
    }

    /** The model's price, if the table has it. */
    public Optional<Price> of(String model) {
        return Optional.ofNullable(prices.get(model));
    }

    /** A model's price per 1,000 input and output tokens. */
    public record Price(BigDecimal inputPer1k, BigDecimal outputPer1k) {

        public BigDecimal cost(long inputTokens, long outputTokens) {
            return inputPer1k.multiply(BigDecimal.valueOf(inputTokens)).add(outputPer1k.multiply(BigDecimal.valueOf(outputTokens)))
                    .divide(BigDecimal.valueOf(1000), 6, RoundingMode.HALF_UP);
        }

        /** The blended rate of one call: its cost per 1,000 of its tokens. */
        public BigDecimal blendedRate(long inputTokens, long outputTokens) {
            long tokens = inputTokens + outputTokens;
            return tokens == 0 ? inputPer1k : cost(inputTokens, outputTokens).multiply(BigDecimal.valueOf(1000))
                    .divide(BigDecimal.valueOf(tokens), 6, RoundingMode.HALF_UP);
        }
    }
}
