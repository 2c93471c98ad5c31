package io.automators.connectors.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tenant hosts are checked after DNS resolution; an operator's allow-list opens exactly what it names. */
class HostGuardTest {

    private final SecurityProperties properties = new SecurityProperties();
    private final HostGuard guard = new HostGuard(properties);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
            "100.100.100.200", "0.0.0.0", "[::1]", "::ffff:169.254.169.254", "fd00:ec2::254", "fe80::1"})
    void refusesInternalAndMetadataAddresses(String host) {
        assertThatThrownBy(() -> guard.check(host, 5432))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FORBIDDEN));
    }

    @Test
    void allowsAPublicAddress() {
        assertThat(guard.check("93.184.215.14", 443).getHostAddress()).isEqualTo("93.184.215.14");
    }

    @Test
    void opensOnlyTheAllowListedPortOfAnInternalHost() {
        properties.setAllowedHosts(List.of("127.0.0.1:15432"));
        assertThat(guard.check("127.0.0.1", 15432).isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> guard.check("127.0.0.1", 6379)).isInstanceOf(CallFailure.class);
        assertThatThrownBy(() -> guard.check("169.254.169.254", 15432)).isInstanceOf(CallFailure.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "db host", "${env:HOME}", "{{secret}}", "host/path", "user@host"})
    void refusesWhatIsNotAHostName(String host) {
        assertThatThrownBy(() -> guard.check(host, 5432))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT));
    }
}
