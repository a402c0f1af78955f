package com.mailmoat.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.local.iam.IamMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {
    @Test
    void defaultsArePort8080AndAPersistentDataDirectory() {
        LocalOptions options = LocalOptions.parse();
        assertThat(options.port()).isEqualTo(8080);
        // Per user, outside the checkout.
        assertThat(options.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".mailmoat", "data"));
        assertThat(options.demo()).isFalse();
        assertThat(options.iam()).isEqualTo(IamMode.ENFORCE);
    }

    @Test
    void iamChecksCanBeRelaxed() {
        assertThat(LocalOptions.parse("--iam", "warn").iam()).isEqualTo(IamMode.WARN);
        assertThat(LocalOptions.parse("--iam", "off").iam()).isEqualTo(IamMode.OFF);
        assertThat(LocalOptions.inMemory(Path.of("t.yaml")).iam()).isEqualTo(IamMode.ENFORCE);
        assertThatThrownBy(() -> LocalOptions.parse("--iam", "maybe")).hasMessageContaining("enforce, warn or off");
    }

    @Test
    void everyOptionIsRead() {
        LocalOptions options = LocalOptions.parse("--port", "0", "--in-memory", "--demo", "--sim-tenant", "a",
                "--sim-tenant", "b", "--sim-faults", "throttle=0.3", "--template", "t.yaml");
        assertThat(options).isEqualTo(new LocalOptions(0, null, Path.of("t.yaml"), true,
                List.of(Path.of("a"), Path.of("b")), "throttle=0.3"));
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> LocalOptions.parse("--port", "http")).hasMessageContaining("--port");
        assertThatThrownBy(() -> LocalOptions.parse("--data-dir", "x", "--in-memory")).hasMessageContaining("exclude");
        assertThatThrownBy(() -> LocalOptions.parse("--data-dir")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LocalOptions.parse("--verbose")).hasMessageContaining("Unknown option");
    }
}
