package com.mailmoat.adapters.m365;

import com.mailmoat.core.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicrosoftConfigTest {
    private static final UnaryOperator<String> NO_SECRETS = name -> {
        throw new IllegalStateException("no secret store here, asked for " + name);
    };

    @Test
    void readsEveryNameAndStripsTrailingSlashes() {
        Settings settings = Settings.of(Map.of(
                "M365_CLIENT_ID", "client",
                "M365_CLIENT_SECRET", "s3cret",
                "M365_LOGIN_BASE_URL", "https://127.0.0.1:8443/",
                "M365_GRAPH_BASE_URL", "https://127.0.0.1:8443/v1.0/",
                "M365_TRUSTED_CERT", "/tmp/sim.pem",
                "M365_REDIRECT_URI", "http://127.0.0.1:3000/api/sso/callback",
                "M365_MAX_RETRIES", "2",
                "M365_MAX_RETRY_WAIT_SECONDS", "0.5"));

        MicrosoftConfig config = MicrosoftConfig.from(settings, NO_SECRETS);

        assertThat(config.authority("t1")).isEqualTo("https://127.0.0.1:8443/t1/");
        assertThat(config.graphBaseUrl()).isEqualTo(URI.create("https://127.0.0.1:8443/v1.0"));
        assertThat(config.graphHost()).isEqualTo("127.0.0.1");
        assertThat(config.trustedCertificate()).contains(Path.of("/tmp/sim.pem"));
        assertThat(config.redirectUri()).contains(URI.create("http://127.0.0.1:3000/api/sso/callback"));
        assertThat(config.retryPolicy()).isEqualTo(new RetryPolicy(2, Duration.ofMillis(500), 1));
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void defaultsToMicrosoftAndResolvesANamedSecretThroughTheReader() {
        Settings settings = Settings.of(Map.of("M365_CLIENT_ID", "client",
                "M365_CLIENT_SECRET_NAME", "/mailmoat/m365-secret"));

        java.util.List<String> read = new java.util.ArrayList<>();
        MicrosoftConfig config = MicrosoftConfig.from(settings, name -> {
            read.add(name);
            return "value-of-" + name;
        });

        assertThat(read).as("a function that never calls Microsoft never reads the secret").isEmpty();
        assertThat(config.clientSecret().value()).isEqualTo("value-of-/mailmoat/m365-secret");
        assertThat(config.clientSecret().value()).isEqualTo("value-of-/mailmoat/m365-secret");
        assertThat(read).as("read once, then kept").hasSize(1);
        assertThat(config.toString()).doesNotContain("value-of");
        assertThat(config.loginBaseUrl()).isEqualTo(URI.create("https://login.microsoftonline.com"));
        assertThat(config.graphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
        assertThat(config.signInTenant()).isEqualTo("organizations");
        assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThatThrownBy(() -> MicrosoftConfig.from(settings, NO_SECRETS).clientSecret().value())
                .hasMessageContaining("/mailmoat/m365-secret");
    }

    @Test
    void refusesAPlainHttpLoginAuthority() {
        Settings settings = Settings.of(Map.of("M365_CLIENT_ID", "client", "M365_CLIENT_SECRET", "s",
                "M365_LOGIN_BASE_URL", "http://127.0.0.1:8080"));

        assertThatThrownBy(() -> MicrosoftConfig.from(settings, NO_SECRETS)).hasMessageContaining("https");
    }
}
