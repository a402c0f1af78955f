package com.mailmoat.adapters.m365;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicrosoftConfigTest {
    private static final List<String> NAMES = List.of("M365_CLIENT_ID", "M365_CLIENT_SECRET", "M365_CLIENT_SECRET_NAME",
            "M365_LOGIN_BASE_URL", "M365_GRAPH_BASE_URL", "M365_TRUSTED_CERT", "M365_REDIRECT_URI",
            "M365_MAX_RETRIES", "M365_MAX_RETRY_WAIT_SECONDS");

    @AfterEach
    void clear() {
        NAMES.forEach(System::clearProperty);
    }

    @Test
    void readsEveryNameAndStripsTrailingSlashes() {
        System.setProperty("M365_CLIENT_ID", "client");
        System.setProperty("M365_CLIENT_SECRET", "s3cret");
        System.setProperty("M365_LOGIN_BASE_URL", "https://127.0.0.1:8443/");
        System.setProperty("M365_GRAPH_BASE_URL", "https://127.0.0.1:8443/v1.0/");
        System.setProperty("M365_TRUSTED_CERT", "/tmp/sim.pem");
        System.setProperty("M365_REDIRECT_URI", "http://127.0.0.1:3000/api/sso/callback");
        System.setProperty("M365_MAX_RETRIES", "2");
        System.setProperty("M365_MAX_RETRY_WAIT_SECONDS", "0.5");

        MicrosoftConfig config = MicrosoftConfig.fromEnv();

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
        System.setProperty("M365_CLIENT_ID", "client");
        System.setProperty("M365_CLIENT_SECRET_NAME", "/mailmoat/m365-secret");

        MicrosoftConfig config = MicrosoftConfig.fromEnv(name -> "value-of-" + name);

        assertThat(config.clientSecret()).isEqualTo("value-of-/mailmoat/m365-secret");
        assertThat(config.loginBaseUrl()).isEqualTo(URI.create("https://login.microsoftonline.com"));
        assertThat(config.graphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
        assertThat(config.signInTenant()).isEqualTo("organizations");
        assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThatThrownBy(MicrosoftConfig::fromEnv).hasMessageContaining("M365_CLIENT_SECRET_NAME");
    }

    @Test
    void refusesAPlainHttpLoginAuthority() {
        System.setProperty("M365_CLIENT_ID", "client");
        System.setProperty("M365_CLIENT_SECRET", "s");
        System.setProperty("M365_LOGIN_BASE_URL", "http://127.0.0.1:8080");

        assertThatThrownBy(MicrosoftConfig::fromEnv).hasMessageContaining("https");
    }
}
