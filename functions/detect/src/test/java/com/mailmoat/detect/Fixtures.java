package com.mailmoat.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URISyntaxException;

/** Test emails written for these tests (src/test/resources/mail) and the shared engine. */
public final class Fixtures {

    /** Built once: the engine is immutable and thread-safe. */
    public static final DetectionEngine ENGINE = DetectionEngine.withDefaultRules();

    private Fixtures() {
    }

    public static byte[] mail(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tenant of the fixtures: contoso.com with Megan Bowen (VIP) and Pat Kim. */
    public static TenantContext contoso() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/context.json")) {
            return new ObjectMapper().readValue(in, TenantContext.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Verdict evaluate(String name) {
        return ENGINE.evaluate(mail(name), contoso());
    }

    public static Path resource(String name) {
        try {
            return Paths.get(Fixtures.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static java.util.List<String> rules(Verdict v) {
        return v.reasons().stream().map(Reason::rule).toList();
    }
}
