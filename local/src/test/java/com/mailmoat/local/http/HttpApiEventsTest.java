package com.mailmoat.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.local.lambda.LambdaFunction;
import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.FunctionDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiEventsTest {
    private static final RouteTable ROUTES = RouteTable.of(List.of(function("Api",
            new EventSource.HttpApi("a", "GET", "/api/scans/{scanId}"),
            new EventSource.HttpApi("b", "GET", "/api/scans/latest"),
            new EventSource.HttpApi("c", "ANY", "/api/{proxy+}"),
            new EventSource.HttpApi("d", "POST", "/api/scans/{scanId}"),
            new EventSource.HttpApi("e", "ANY", "/api/scans/{scanId}"))));

    private static LambdaFunction function(String id, EventSource... events) {
        return LambdaFunction.load(new FunctionDefinition(id, id,
                "com.mailmoat.local.testhandlers.EchoHandler::handleRequest", 3, 128, Map.of(), List.of(events)),
                HttpApiEventsTest.class.getClassLoader());
    }

    @Test
    void theMostSpecificRouteWins() {
        assertThat(route("GET", "/api/scans/latest")).isEqualTo("GET /api/scans/latest");
        assertThat(route("GET", "/api/scans/42")).isEqualTo("GET /api/scans/{scanId}");
        assertThat(route("POST", "/api/scans/42")).isEqualTo("POST /api/scans/{scanId}");
        assertThat(route("DELETE", "/api/scans/42")).isEqualTo("ANY /api/scans/{scanId}");
        assertThat(route("GET", "/api/anything/deeper/still")).isEqualTo("ANY /api/{proxy+}");
        assertThat(ROUTES.match("GET", "/other")).isEmpty();
        assertThat(ROUTES.match("GET", "/api")).isEmpty();
    }

    @Test
    void pathParametersAreDecodedAndTheGreedyOneTakesTheRest() {
        assertThat(ROUTES.match("GET", "/api/scans/a%20b").orElseThrow().pathParameters())
                .containsExactly(Map.entry("scanId", "a b"));
        assertThat(ROUTES.match("GET", "/api/x/y/z").orElseThrow().pathParameters())
                .containsExactly(Map.entry("proxy", "x/y/z"));
    }

    private static String route(String method, String path) {
        return ROUTES.match(method, path).orElseThrow().route().routeKey();
    }

    @Test
    void requestBecomesAPayloadTwoEvent() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Custom", List.of("a", "b"));
        headers.put("Cookie", List.of("session=abc; theme=dark"));
        headers.put("Host", List.of("127.0.0.1:8080"));
        headers.put("User-Agent", List.of("test-agent"));
        HttpApiEvents.HttpRequest request = new HttpApiEvents.HttpRequest("POST", "/api/scans/42",
                "tag=a&tag=b&q=x%20y", headers, "{\"x\":1}".getBytes(StandardCharsets.UTF_8), "127.0.0.1", "HTTP/1.1");

        APIGatewayV2HTTPEvent event = HttpApiEvents.toEvent(request, ROUTES.match("POST", "/api/scans/42").orElseThrow());

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("POST /api/scans/{scanId}");
        assertThat(event.getRawPath()).isEqualTo("/api/scans/42");
        assertThat(event.getRawQueryString()).isEqualTo("tag=a&tag=b&q=x%20y");
        assertThat(event.getQueryStringParameters()).containsEntry("tag", "a,b").containsEntry("q", "x y");
        assertThat(event.getPathParameters()).containsExactly(Map.entry("scanId", "42"));
        assertThat(event.getCookies()).containsExactly("session=abc", "theme=dark");
        assertThat(event.getHeaders()).containsEntry("content-type", "application/json")
                .containsEntry("x-custom", "a,b").containsEntry("x-forwarded-for", "127.0.0.1")
                .doesNotContainKey("cookie").doesNotContainKey("Content-Type");
        assertThat(event.getBody()).isEqualTo("{\"x\":1}");
        assertThat(event.getIsBase64Encoded()).isFalse();
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getRouteKey()).isEqualTo("POST /api/scans/{scanId}");
        assertThat(context.getAccountId()).isEqualTo("000000000000");
        assertThat(context.getDomainName()).isEqualTo("127.0.0.1:8080");
        assertThat(context.getRequestId()).isNotBlank();
        assertThat(context.getTime()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.getTimeEpoch()).isPositive();
        assertThat(context.getHttp().getMethod()).isEqualTo("POST");
        assertThat(context.getHttp().getPath()).isEqualTo("/api/scans/42");
        assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(context.getHttp().getUserAgent()).isEqualTo("test-agent");
    }

    @Test
    void nonTextBodiesArriveBase64Encoded() {
        byte[] form = "a=1&b=2".getBytes(StandardCharsets.UTF_8);
        HttpApiEvents.HttpRequest request = new HttpApiEvents.HttpRequest("POST", "/api/x", "",
                Map.of("content-type", List.of("application/x-www-form-urlencoded")), form, "127.0.0.1", "HTTP/1.1");

        APIGatewayV2HTTPEvent event = HttpApiEvents.toEvent(request, ROUTES.match("POST", "/api/x").orElseThrow());

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(form);
        assertThat(event.getQueryStringParameters()).isNull();
        assertThat(event.getCookies()).isNull();
    }

    @Test
    void responseCookiesBecomeOneSetCookieHeaderEach() {
        HttpApiEvents.HttpResponse response = HttpApiEvents.toHttp(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(302)
                .withHeaders(Map.of("Location", "/next"))
                .withMultiValueHeaders(Map.of("Vary", List.of("Origin", "Cookie")))
                .withCookies(List.of("a=1; HttpOnly", "b=2"))
                .build());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers()).containsEntry("Location", List.of("/next"))
                .containsEntry("Vary", List.of("Origin", "Cookie"))
                .containsEntry("Set-Cookie", List.of("a=1; HttpOnly", "b=2"));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void base64ResponseBodiesAreDecoded() {
        HttpApiEvents.HttpResponse response = HttpApiEvents.toHttp(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200).withBody(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))
                .withIsBase64Encoded(true).build());
        assertThat(response.body()).containsExactly(1, 2, 3);
    }

    @Test
    void aPlainObjectResultIsSentAsJsonWithStatus200() {
        HttpApiEvents.HttpResponse response = HttpApiEvents.toHttp(Map.of("ok", true));
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(response.headers()).containsEntry("Content-Type", List.of("application/json"));
    }
}
