package io.automators.connectors.slack;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * The Slack Web API as documented, served by WireMock from {@code src/test/resources/stubs/slack}
 * (see its README for what each mapping stands for). One server per JVM: the Slack test classes
 * that differ only in their own properties share it, and so share one Spring context where they can.
 */
public final class SlackStub {

    public static final WireMockServer SLACK = start();

    /** Channel ids the stub's mappings answer in a particular way; any other channel is posted to. */
    static final String CHANNEL = "C123ABC456";
    static final String CHANNEL_NOT_FOUND = "C404NOTFOUND";
    static final String CHANNEL_NOT_MEMBER = "C403NOTMEMBER";
    static final String CHANNEL_RATE_LIMITED = "C429LIMITED";
    static final String CHANNEL_SERVER_ERROR = "C500BROKEN";
    static final String CHANNEL_SLOW = "C504SLOW";
    static final String CHANNEL_NOT_JSON = "C200NOTJSON";
    /** The token the invalid_auth mapping answers for. */
    static final String REVOKED_TOKEN = "xoxb-revoked-token";

    private SlackStub() {}

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .usingFilesUnderClasspath("stubs/slack"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "slack-stub-stop"));
        return server;
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + SLACK.port();
    }
}
