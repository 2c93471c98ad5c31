package io.automators.connectors.families.http;

import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.families.ConnectorFamily;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The http family: a connector's routes call its vendor with camel-http (or a Kamelet), setting the
 * headers the vendor needs from the credentials property; Camel is the Java of this family. Its
 * credential fields are the vendor's own (apiKey, accountSid, …), so any declared field is read.
 */
@Component
class HttpFamily implements ConnectorFamily {

    @Override
    public String name() { return "http"; }

    @Override
    public List<String> check(ConnectorManifest manifest) {
        return manifest.dialect() == null ? List.of() : List.of("a dialect is for the sql family only");
    }
}
