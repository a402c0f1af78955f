package com.mailmoat.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind the console's CloudFront distribution the caller's address (what sign-in limits count per address) is the
 * viewer's, and only a request that came through CloudFront can say what it is.
 */
class EdgeOriginTest {
    private static final String SECRET = "k3Vq8sZt1LwP0aXn6RmYc2HbJ9eDfG4u7TiQoNvE5yBzSgUh";
    private static final String EDGE_SERVER = "130.176.1.20";

    private static ApiRequest request(EdgeOrigin edge, Map<String, String> headers) {
        return new ApiRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /api/login").withRawPath("/api/login")
                .withHeaders(new HashMap<>(headers))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withSourceIp(EDGE_SERVER).build()).build())
                .build(), edge);
    }

    @Test
    void throughTheDistributionTheViewersAddressCounts() {
        EdgeOrigin edge = EdgeOrigin.withSecret(SECRET);

        assertThat(request(edge, Map.of("x-mailmoat-edge", SECRET, "cloudfront-viewer-address", "198.51.100.10:46532"))
                .sourceIp()).isEqualTo("198.51.100.10");
        assertThat(request(edge, Map.of("X-Mailmoat-Edge", SECRET,
                "CloudFront-Viewer-Address", "2001:0db8:85a3:0000:0000:8a2e:0370:7334:46532")).sourceIp())
                .isEqualTo("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    }

    @Test
    void aCallerWhoReachesTheApiDirectlyCannotChooseItsAddress() {
        EdgeOrigin edge = EdgeOrigin.withSecret(SECRET);

        assertThat(request(edge, Map.of("cloudfront-viewer-address", "203.0.113.9:443")).sourceIp()).isEqualTo(EDGE_SERVER);
        assertThat(request(edge, Map.of("x-mailmoat-edge", SECRET.substring(1) + "x",
                "cloudfront-viewer-address", "203.0.113.9:443")).sourceIp()).isEqualTo(EDGE_SERVER);
    }

    @Test
    void withoutAnEdgeSecretNoHeaderIsTrusted() {
        assertThat(request(EdgeOrigin.NONE, Map.of("x-mailmoat-edge", SECRET, "cloudfront-viewer-address", "203.0.113.9:443"))
                .sourceIp()).isEqualTo(EDGE_SERVER);
        // A value too short to be the generated secret (an empty or mistyped setting) trusts nothing either.
        assertThat(request(EdgeOrigin.withSecret("short"), Map.of("x-mailmoat-edge", "short",
                "cloudfront-viewer-address", "203.0.113.9:443")).sourceIp()).isEqualTo(EDGE_SERVER);
    }

    @Test
    void aViewerAddressThatIsNotAnAddressIsIgnored() {
        EdgeOrigin edge = EdgeOrigin.withSecret(SECRET);

        assertThat(request(edge, Map.of("x-mailmoat-edge", SECRET, "cloudfront-viewer-address", "evil<script>:1")).sourceIp())
                .isEqualTo(EDGE_SERVER);
        assertThat(request(edge, Map.of("x-mailmoat-edge", SECRET, "cloudfront-viewer-address", "198.51.100.10")).sourceIp())
                .as("CloudFront always gives a port").isEqualTo(EDGE_SERVER);
    }
}
