package io.automators.connectors.catalog;

import java.util.ArrayList;
import java.util.List;

/** What every manifest must say; the catalog refuses to start on a manifest that breaks a rule. */
final class ManifestRules {

    private ManifestRules() {}

    static List<String> check(ConnectorManifest m, String file) {
        List<String> errors = new ArrayList<>();
        if (m.id() == null || !ConnectorCatalog.ID.matcher(m.id()).matches()) {
            errors.add(file + ": id must match " + ConnectorCatalog.ID.pattern());
            return errors;
        }
        if (!file.equals(m.id() + ".yaml")) {
            errors.add(file + ": the file name must be <id>.yaml (" + m.id() + ".yaml)");
        }
        if (m.name() == null || m.category() == null || m.version() == null || m.family() == null) {
            errors.add(file + ": name, category, version and family are required");
        }
        if (m.auth() == null || !ConnectorCatalog.AUTH_TYPES.contains(m.auth().type())) {
            errors.add(file + ": auth.type must be one of " + ConnectorCatalog.AUTH_TYPES);
        }
        ConnectorManifest.BuiltinOAuth oauth = m.auth() == null ? null : m.auth().builtinOAuth();
        if (oauth != null) {
            if (!m.auth().isOAuth2()) {
                errors.add(file + ": auth.builtinOAuth is for auth.type oauth2");
            }
            if (!isHttps(oauth.authorizationUrl()) || !isHttps(oauth.tokenUrl())) {
                errors.add(file + ": auth.builtinOAuth needs an https authorizationUrl and tokenUrl");
            }
        }
        if (m.auth() != null) {
            for (ConnectorManifest.CredentialField field : m.auth().credentialFields()) {
                if (field.name() == null || !field.name().matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
                    errors.add(file + ": auth.credentials: a field name is a letter, then letters, digits or _");
                } else if (field.type() != null && !ConnectorManifest.CredentialField.TYPES.contains(field.type())) {
                    errors.add(file + ": auth.credentials." + field.name() + ".type must be one of "
                            + ConnectorManifest.CredentialField.TYPES);
                }
            }
        }
        if (m.icon() != null && !(m.icon().startsWith("https://") || m.icon().startsWith("data:image/"))
                || m.icon() != null && m.icon().length() > 20_000) {
            errors.add(file + ": icon is an https URL or a data:image URI of at most 20000 characters");
        }
        if (m.baseUrl() != null && m.auth() != null) {
            // A base URL on the connection's host names fields the connection declares.
            java.util.regex.Matcher fields = java.util.regex.Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}").matcher(m.baseUrl());
            while (fields.find()) {
                String field = fields.group(1);
                if (m.auth().credentialFields().stream().noneMatch(f -> f.name().equals(field) && f.required())) {
                    errors.add(file + ": baseUrl names {" + field + "}, which is not a required credential field");
                }
            }
        }
        if (m.errors() != null) {
            for (String pointer : java.util.Arrays.asList(m.errors().code(), m.errors().message())) {
                if (pointer != null && !pointer.startsWith("/")) {
                    errors.add(file + ": errors.code and errors.message are JSON pointers (/error/message)");
                }
            }
            if (m.errors().statuses() != null && m.errors().statuses().values().stream().anyMatch(v -> v < 400 || v > 499)) {
                errors.add(file + ": errors.statuses maps codes to 4xx statuses");
            }
        }
        String kaoto = m.routingOrNone().kaotoRoute();
        if (kaoto != null && !(kaoto.startsWith("kaoto-") && ConnectorCatalog.ID.matcher(kaoto).matches())) {
            // Only routes of their own: a manifest must not send calls into the runtime's routes (provider-…, waterfall).
            errors.add(file + ": routing.kaotoRoute must be a route id that starts with kaoto-");
        }
        checkBackendNames(m, file, errors);
        if (m.actions() == null || m.actions().isEmpty()) {
            errors.add(file + ": at least one action is required");
            return errors;
        }
        m.actions().forEach((name, action) -> {
            if (!ConnectorCatalog.ID.matcher(name).matches()) {
                errors.add(file + ": action name " + name + " must match " + ConnectorCatalog.ID.pattern());
            }
            if (action.description() == null || action.description().isBlank()) {
                errors.add(file + ": action " + name + " needs a description");
            }
            if (action.input() == null || !action.input().isObject()) {
                errors.add(file + ": action " + name + " needs an input JSON Schema");
            }
            if (action.route() != null && !ConnectorCatalog.ID.matcher(action.route()).matches()) {
                errors.add(file + ": action " + name + " route must be a route id matching " + ConnectorCatalog.ID.pattern());
            }
            if (!ConnectorCatalog.ACTION_KINDS.contains(action.kindOrDefault())) {
                errors.add(file + ": action " + name + " kind must be one of " + ConnectorCatalog.ACTION_KINDS);
            }
        });
        return errors;
    }

    private static final java.util.regex.Pattern COMPOSIO_TOOL = java.util.regex.Pattern.compile("^[A-Z][A-Z0-9_]{0,127}$");
    private static final java.util.regex.Pattern STACKSTORM_REF = java.util.regex.Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+$");
    private static final java.util.regex.Pattern PLUGIN = java.util.regex.Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,99}$");
    private static final java.util.regex.Pattern MELTANO_PIPELINE = java.util.regex.Pattern.compile(
            "^[a-z0-9][a-z0-9_.-]{0,99}( [a-z0-9][a-z0-9_.-]{0,99}){1,9}$");
    private static final java.util.regex.Pattern WEBHOOK = java.util.regex.Pattern.compile("^[A-Za-z0-9_-]{1,100}$");

    /** The names a backend is called with go into its URLs: each must be one name, nothing more. */
    private static void checkBackendNames(ConnectorManifest m, String file, List<String> errors) {
        ConnectorManifest.Routing routing = m.routingOrNone();
        java.util.Map<String, String> tools = new java.util.LinkedHashMap<>();
        if (routing.composioTool() != null) {
            tools.put("routing.composioTool", routing.composioTool());
        }
        if (routing.composioTools() != null) {
            routing.composioTools().forEach((action, tool) -> {
                tools.put("routing.composioTools." + action, tool);
                if (m.actions() != null && !m.actions().containsKey(action)) {
                    errors.add(file + ": routing.composioTools names " + action + ", which is not one of its actions");
                }
            });
        }
        tools.forEach((where, tool) -> {
            if (tool == null || !COMPOSIO_TOOL.matcher(tool).matches()) {
                errors.add(file + ": " + where + " must be a Composio tool slug (SLACK_SEND_MESSAGE)");
            }
        });
        if (routing.panora() != null) {
            routing.panora().forEach((action, call) -> {
                if (m.actions() != null && !m.actions().containsKey(action)) {
                    errors.add(file + ": routing.panora names " + action + ", which is not one of its actions");
                }
                if (call == null || call.method() == null || !java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE")
                        .contains(call.method().toUpperCase(java.util.Locale.ROOT)) || call.path() == null
                        || !call.path().matches("^/[A-Za-z0-9/_{}.-]*$")) {
                    errors.add(file + ": routing.panora." + action + " needs a method and a path of Panora's unified API (/crm/contacts)");
                }
            });
        }
        String airbyte = routing.airbyteConnection();
        if (airbyte != null && (m.auth() == null || m.auth().credentialFields().stream()
                .noneMatch(f -> f.name().equals(airbyte) && f.required() && !f.secret()))) {
            errors.add(file + ": routing.airbyteConnection names the required, non-secret credential field that holds"
                    + " the workspace's Airbyte connection id; " + airbyte + " is none");
        }
        if (routing.meltanoPipeline() != null && !MELTANO_PIPELINE.matcher(routing.meltanoPipeline()).matches()) {
            errors.add(file + ": routing.meltanoPipeline is the plugins of `meltano run`, an extractor to a loader"
                    + " (tap-github target-postgres), names only");
        }
        if (routing.singerTap() != null && !PLUGIN.matcher(routing.singerTap()).matches()) {
            errors.add(file + ": routing.singerTap must be a tap's name (tap-github)");
        }
        if (routing.stackstormAction() != null && !STACKSTORM_REF.matcher(routing.stackstormAction()).matches()) {
            errors.add(file + ": routing.stackstormAction must be a StackStorm action ref (<pack>.<action>)");
        }
        if (routing.stackstormWebhook() != null && !WEBHOOK.matcher(routing.stackstormWebhook()).matches()) {
            errors.add(file + ": routing.stackstormWebhook must be a webhook name (letters, digits, _ and -)");
        }
    }

    private static boolean isHttps(String url) {
        return url != null && url.startsWith("https://");
    }
}
