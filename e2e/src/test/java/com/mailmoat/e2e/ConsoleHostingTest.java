package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console as AWS serves it (template.yaml: S3 behind CloudFront, the API on the same origin): the links the
 * product sends reach their files, the API is never cached, and the API believes a viewer address only from the
 * distribution.
 */
class ConsoleHostingTest {
    /** The header {@code EdgeOrigin} (functions/lambda-support) checks for the edge secret. */
    private static final String EDGE_PROOF_HEADER = "X-Mailmoat-Edge";
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    private static Map<String, Object> template;
    private static Map<String, Object> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        template = CloudFormationYaml.load(LocalStack.root().resolve("template.yaml"));
        resources = (Map<String, Object>) template.get("Resources");
    }

    @Test
    void theLinksTheProductSendsReachTheirFiles() throws Exception {
        String code = (String) properties("ConsolePageNames").get("FunctionCode");
        // Paths of the links in emails and redirects (set-password, consent result, alert recipient), the front
        // page, and files the pages load.
        List<String> uris = List.of("/", "/set-password", "/consent-result", "/alert-recipient", "/js/app.js",
                "/styles.css", "/favicon.svg");

        JsonNode rewritten = runInNode(code, uris);

        Path web = LocalStack.root().resolve("web");
        for (String uri : uris) {
            String file = rewritten.get(uri).asText();
            assertThat(web.resolve(file.substring(1))).as(uri + " is served as " + file).isRegularFile();
        }
        assertThat(rewritten.get("/set-password").asText()).isEqualTo("/set-password.html");
        assertThat(rewritten.get("/js/app.js").asText()).isEqualTo("/js/app.js");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyApiRouteGoesToTheApiUncachedWithEveryMethod() throws Exception {
        Map<String, Object> config = (Map<String, Object>) properties("ConsoleDistribution").get("DistributionConfig");
        Map<String, Object> api = ((List<Map<String, Object>>) config.get("CacheBehaviors")).stream()
                .filter(b -> "/api/*".equals(b.get("PathPattern"))).findFirst().orElseThrow();
        assertThat(api.get("TargetOriginId")).isEqualTo("ConsoleApi");
        assertThat(api.get("CachePolicyId")).as("answers are per account: never cached").isEqualTo(CACHING_DISABLED);
        assertThat((List<String>) api.get("AllowedMethods")).contains("GET", "POST", "PUT", "DELETE");

        List<String> outside = new ArrayList<>(OpenApiTest.templateRoutes());
        outside.removeIf(route -> route.split(" ", 2)[1].startsWith("/api/"));
        assertThat(outside).as("routes the distribution would send to the file bucket").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiBelievesAViewerAddressOnlyFromTheDistribution() {
        Map<String, Object> config = (Map<String, Object>) properties("ConsoleDistribution").get("DistributionConfig");
        Map<String, Object> apiOrigin = ((List<Map<String, Object>>) config.get("Origins")).stream()
                .filter(o -> "ConsoleApi".equals(o.get("Id"))).findFirst().orElseThrow();
        List<Map<String, Object>> added = (List<Map<String, Object>>) apiOrigin.get("OriginCustomHeaders");
        assertThat(added).singleElement().satisfies(header -> {
            assertThat(header.get("HeaderName")).isEqualTo(EDGE_PROOF_HEADER);
            assertThat(String.valueOf(header.get("HeaderValue"))).contains("${ConsoleEdgeSecret}");
        });
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function");
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) globals.get("Environment")).get("Variables");
        assertThat(String.valueOf(env.get("CONSOLE_EDGE_SECRET"))).as("the functions check the same secret")
                .isEqualTo(String.valueOf(added.get(0).get("HeaderValue")));

        Map<String, Object> forwarding = (Map<String, Object>) properties("ConsoleApiForwarding").get("OriginRequestPolicyConfig");
        Map<String, Object> headers = (Map<String, Object>) forwarding.get("HeadersConfig");
        assertThat(headers.get("HeaderBehavior")).isEqualTo("whitelist");
        // The viewer's address, and what the API reads: Origin (changes only from the console), the body's type.
        assertThat((List<String>) headers.get("Headers")).contains("CloudFront-Viewer-Address", "Origin", "Content-Type")
                .as("API Gateway routes on its own host name").doesNotContain("Host");
        assertThat(((Map<String, Object>) forwarding.get("CookiesConfig")).get("CookieBehavior")).isEqualTo("all");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFilesAreReadThroughTheDistributionOnly() {
        Map<String, Object> block = (Map<String, Object>) properties("ConsoleBucket").get("PublicAccessBlockConfiguration");
        assertThat(block).containsEntry("BlockPublicAcls", true).containsEntry("BlockPublicPolicy", true)
                .containsEntry("IgnorePublicAcls", true).containsEntry("RestrictPublicBuckets", true);
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>) properties("ConsoleBucketPolicy")
                .get("PolicyDocument")).get("Statement");
        assertThat(statements.stream().filter(s -> "Allow".equals(s.get("Effect")))).singleElement().satisfies(s -> {
            assertThat(s.get("Principal")).isEqualTo(Map.of("Service", "cloudfront.amazonaws.com"));
            assertThat(s.get("Action")).isEqualTo("s3:GetObject");
            assertThat(String.valueOf(s.get("Condition"))).contains("AWS:SourceArn").contains("${ConsoleDistribution}");
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) ((Map<String, Object>) resources.get(logicalId)).get("Properties");
    }

    /** The CloudFront Function's handler applied to each path, in Node (CloudFront runs JavaScript too). */
    private static JsonNode runInNode(String code, List<String> uris) throws Exception {
        Process version;
        try {
            version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            version = null;
        }
        assumeTrue(version != null && version.exitValue() == 0, "Node.js is not installed: the CloudFront Function did not run");
        Path script = Files.createTempFile("console-page-names", ".js");
        Files.writeString(script, code + "\nconst out = {};\n"
                + "for (const uri of JSON.parse(process.argv[2])) { out[uri] = handler({ request: { uri: uri } }).uri; }\n"
                + "process.stdout.write(JSON.stringify(out));\n", StandardCharsets.UTF_8);
        try {
            Process node = new ProcessBuilder("node", script.toString(), new ObjectMapper().writeValueAsString(uris))
                    .redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(output).isZero();
            return new ObjectMapper().readTree(output);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
