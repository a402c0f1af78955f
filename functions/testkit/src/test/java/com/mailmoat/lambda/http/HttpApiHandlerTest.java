package com.mailmoat.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules every HTTP route shares: hostile input is a 4xx with the JSON error shape, never a 5xx. */
class HttpApiHandlerTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private final AtomicReference<Map<String, String>> form = new AtomicReference<>();

    /** Echoes a JSON field; takes a cross-site form on POST /form. */
    private final HttpApiHandler handler = new HttpApiHandler(CONSOLE) {
        @Override
        protected boolean acceptsCrossSiteForm(ApiRequest request) {
            return request.routeKey().equals("POST /form");
        }

        @Override
        protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
            if (request.routeKey().equals("POST /form")) {
                form.set(request.formFields(10));
                return ApiResponses.seeOther(CONSOLE + "next");
            }
            if (request.routeKey().equals("DELETE /thing")) {
                return ApiResponses.json(200, Map.of("deleted", true));
            }
            if (request.routeKey().equals("POST /boom")) {
                throw new IllegalStateException("secret-token-value " + request.event().getBody());
            }
            return ApiResponses.json(200, Map.of("email", request.requireStrings("email").get(0)));
        }
    };

    private static APIGatewayV2HTTPEvent post(String routeKey, String contentType, String body) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withRawPath(routeKey.split(" ")[1])
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withSourceIp("198.51.100.1").build()).build())
                .build();
    }

    private JsonNode error(APIGatewayV2HTTPResponse response, int status) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.has("error")).isTrue();
        assertThat(body.has("details")).isTrue();
        return body;
    }

    /** Finding 4: JSON nested over 1,000 levels was a 500. */
    @ParameterizedTest
    @ValueSource(ints = {65, 1_001, 5_000, 20_000})
    void deeplyNestedJsonIsA400(int depth) throws Exception {
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        for (String body : List.of(arrays, objects, "{\"email\":" + arrays + "}")) {
            if (body.length() < HttpApiHandler.MAX_BODY_BYTES) {
                assertThat(error(handler.handleRequest(post("POST /json", "application/json", body), null), 400)
                        .path("error").asText()).isEqualTo("malformed_json");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"email\":", "[1,2]", "null", "\"x\"", "{\"email\":\"a\",\"email\":\"b\"}",
            "{\"email\":1e99999999}", "{\"email\":\"\\ud800\"}", "\u0000", "{\"email\":\"a\"}x", "{'email':'a'}",
            "{\"email\":NaN}"})
    void malformedOrAmbiguousJsonIsA400(String body) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(post("POST /json", "application/json", body), null);
        assertThat(response.getStatusCode()).as(body).isIn(200, 400);
        if (response.getStatusCode() == 400) {
            error(response, 400);
        }
        assertThat(response.getBody()).doesNotContain("Exception");
    }

    @Test
    void duplicateKeysAreRefusedRatherThanReadAsTheLastOne() throws Exception {
        assertThat(error(handler.handleRequest(post("POST /json", "application/json",
                "{\"email\":\"a@x.example\",\"email\":\"b@y.example\"}"), null), 400).path("error").asText())
                .isEqualTo("malformed_json");
    }

    @Test
    void invalidBase64AndHugeNumbersAre400() throws Exception {
        APIGatewayV2HTTPEvent event = post("POST /json", "application/json", "not base64!");
        event.setIsBase64Encoded(true);
        error(handler.handleRequest(event, null), 400);
        error(handler.handleRequest(post("POST /json", "application/json", "{\"email\":" + "9".repeat(5000) + "}"), null), 400);
    }

    @Test
    void unexpectedFailuresAre500WithoutEchoingAnything() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(post("POST /boom", "application/json", "{}"), null);
        assertThat(error(response, 500).path("details").asText()).doesNotContain("secret-token-value");
        // Errors too: never cached, never framed, HTTPS only.
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store").containsEntry("X-Frame-Options", "DENY")
                .containsEntry("Strict-Transport-Security", "max-age=31536000");
    }

    @Test
    void onlyTheDeclaredRouteTakesACrossSiteFormAndOnlyAsAForm() throws Exception {
        APIGatewayV2HTTPEvent crossSite = post("POST /form", "application/x-www-form-urlencoded",
                Base64.getEncoder().encodeToString("state=abc%2B1&code=xyz".getBytes(StandardCharsets.UTF_8)));
        crossSite.setIsBase64Encoded(true);
        crossSite.getHeaders().put("origin", "https://login.microsoftonline.com");
        APIGatewayV2HTTPResponse response = handler.handleRequest(crossSite, null);
        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(form.get()).containsEntry("state", "abc+1").containsEntry("code", "xyz");

        error(handler.handleRequest(post("POST /form", "application/json", "{}"), null), 415);
        APIGatewayV2HTTPEvent repeated = post("POST /form", "application/x-www-form-urlencoded", "state=a&state=b");
        assertThat(error(handler.handleRequest(repeated, null), 400).path("error").asText()).isEqualTo("malformed_form");
        error(handler.handleRequest(post("POST /form", "application/x-www-form-urlencoded", "a=%zz"), null), 400);
        error(handler.handleRequest(post("POST /form", "application/x-www-form-urlencoded", "a=1&".repeat(50)), null), 400);

        // Every other route keeps the CSRF rules.
        APIGatewayV2HTTPEvent formElsewhere = post("POST /json", "application/x-www-form-urlencoded", "email=a");
        error(handler.handleRequest(formElsewhere, null), 415);
        APIGatewayV2HTTPEvent foreign = post("POST /json", "application/json", "{\"email\":\"a\"}");
        foreign.getHeaders().put("origin", "https://evil.example");
        error(handler.handleRequest(foreign, null), 403);
    }

    @Test
    void aDeleteWithoutABodyNeedsNoContentTypeButStillItsOrigin() throws Exception {
        APIGatewayV2HTTPEvent delete = post("DELETE /thing", null, null);
        delete.getRequestContext().getHttp().setMethod("DELETE");
        assertThat(handler.handleRequest(delete, null).getStatusCode()).isEqualTo(200);
        delete.getHeaders().put("origin", "https://evil.example");
        error(handler.handleRequest(delete, null), 403);
        APIGatewayV2HTTPEvent withBody = post("DELETE /thing", "text/plain", "x");
        withBody.getRequestContext().getHttp().setMethod("DELETE");
        error(handler.handleRequest(withBody, null), 415);
    }

    @Test
    void unmatchedRoutesAre404WithoutEchoingThePath() throws Exception {
        HttpApiHandler strict = new HttpApiHandler(CONSOLE) {
            @Override
            protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
                throw unknownRoute(request);
            }
        };
        APIGatewayV2HTTPEvent event = post("POST /<script>", "application/json", "{}");
        event.setRouteKey(null);
        assertThat(error(strict.handleRequest(event, null), 404).path("details").asText()).doesNotContain("script");
        assertThat(new ApiRequest(event).logKey()).isEqualTo("POST (no route)");
    }
}
