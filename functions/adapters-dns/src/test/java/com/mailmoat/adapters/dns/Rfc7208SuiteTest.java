package com.mailmoat.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.checks.spf.IpAddress;
import com.mailmoat.core.checks.spf.SpfEvaluation;
import com.mailmoat.core.checks.spf.SpfEvaluator;
import com.mailmoat.dnsserver.LoopbackDnsServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The openspf RFC 7208 test suite (shared/reference/spf/rfc7208-tests.yml, BSD licence) run
 * against our {@code check_host()} through the real dnsjava resolver and a loopback DNS server
 * serving each section's zone. Every case must pass; where a case lists several results, any
 * one of them passes, as the suite specifies.
 */
class Rfc7208SuiteTest {
    private static final String SUITE = "shared/reference/spf/rfc7208-tests.yml";
    /**
     * Short, because the suite's TIMEOUT names are never answered; one retry, so a loopback answer
     * delayed by a busy machine is not read as the suite's intended timeout.
     */
    private static final Duration RESOLVER_TIMEOUT = Duration.ofMillis(600);
    private static final int RESOLVER_RETRIES = 1;
    private static final List<LoopbackDnsServer> SERVERS = new ArrayList<>();

    record SuiteCase(String section, String name, String helo, String host, String mailFrom,
                     List<String> results, String explanation, LoopbackDnsServer server) {
        @Override
        public String toString() {
            return section + " / " + name;
        }
    }

    static Stream<Arguments> cases() throws IOException {
        Optional<Path> suite = locateSuite();
        if (suite.isEmpty()) {
            System.err.println("\n*** RFC 7208 SPF test suite NOT RUN: " + SUITE
                    + " was not found above " + Paths.get("").toAbsolutePath() + " ***\n");
            return Stream.of(Arguments.of((Object) null));
        }
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = Files.newInputStream(suite.get())) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                cases.addAll(section(asMap(document)));
            }
        }
        return cases.stream();
    }

    @SuppressWarnings("unchecked")
    private static List<Arguments> section(Map<String, Object> document) throws IOException {
        LoopbackDnsServer server = LoopbackDnsServer.start(0);
        SERVERS.add(server);
        Rfc7208Zone.load((Map<String, List<Object>>) document.get("zonedata"), server);
        String section = String.valueOf(document.get("description"));
        List<Arguments> cases = new ArrayList<>();
        asMap(document.get("tests")).forEach((name, test) -> {
            Map<String, Object> fields = asMap(test);
            Object result = fields.get("result");
            List<String> results = result instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(result));
            cases.add(Arguments.of(new SuiteCase(section, name, String.valueOf(fields.get("helo")),
                    String.valueOf(fields.get("host")), String.valueOf(fields.get("mailfrom")), results,
                    (String) fields.get("explanation"), server)));
        });
        return cases;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object yaml) {
        return (Map<String, Object>) yaml;
    }

    private static Optional<Path> locateSuite() {
        List<Path> starts = new ArrayList<>();
        Optional.ofNullable(System.getProperty("maven.multiModuleProjectDirectory")).map(Paths::get).ifPresent(starts::add);
        starts.add(Paths.get("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(SUITE);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    @AfterAll
    static void stopServers() {
        SERVERS.forEach(LoopbackDnsServer::close);
        SERVERS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void passes(SuiteCase suiteCase) {
        Assumptions.assumeTrue(suiteCase != null,
                "RFC 7208 SPF test suite skipped: ../shared/reference/spf/rfc7208-tests.yml is absent");
        SpfEvaluator evaluator = new SpfEvaluator(
                DnsJavaResolver.forServer(suiteCase.server().address(), RESOLVER_TIMEOUT, RESOLVER_RETRIES));

        SpfEvaluation evaluation = evaluator.checkMail(
                IpAddress.of(suiteCase.host()), suiteCase.mailFrom(), suiteCase.helo());

        assertThat(evaluation.result().keyword())
                .as("%s (problem: %s)", suiteCase, evaluation.problem())
                .isIn(suiteCase.results());
        if ("DEFAULT".equals(suiteCase.explanation())) {
            assertThat(evaluation.explanation()).as("explanation").isNull();
        } else if (suiteCase.explanation() != null) {
            assertThat(evaluation.explanation()).as("explanation").isEqualTo(suiteCase.explanation());
        }
    }
}
