package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broken requests get a clear 4xx with a JSON error, never a 500. */
class BadRequestTest {
    private final Browser browser = Browser.forLocalStack();

    @Test
    void malformedJsonIsA400() {
        Browser.Response response = browser.postRaw("/api/signup", "application/json", "{\"email\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("malformed_json");
        assertThat(response.json().has("details")).isTrue();

        assertThat(browser.postRaw("/api/login", "application/json", "[1,2,3]").json().path("error").asText())
                .isEqualTo("malformed_json");
        assertThat(browser.postRaw("/api/login", "application/json", "").status()).isEqualTo(400);
    }

    @Test
    void missingOrInvalidFieldsAreEachNamed() {
        Browser.Response response = browser.postJson("/api/signup", Map.of("company", 42));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_request");
        assertThat(response.json().path("details").findValuesAsText("field")).containsExactlyInAnyOrder("email", "company", "region");

        Browser.Response invalid = browser.postJson("/api/signup", Map.of("email", "not-an-email", "company", " ", "region", "FR"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("details").findValuesAsText("field")).containsExactlyInAnyOrder("email", "company", "region");
    }

    @Test
    void oversizedBodiesAreA413() {
        String huge = "{\"email\":\"" + "a".repeat(70 * 1024) + "\"}";
        Browser.Response response = browser.postRaw("/api/signup", "application/json", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void stateChangingRequestsMustBeJsonFromTheConsoleItself() {
        Browser.Response form = browser.postRaw("/api/login", "application/x-www-form-urlencoded", "email=a%40b.example&password=x");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().path("error").asText()).isEqualTo("unsupported_media_type");

        Browser.Response crossSite = browser.send(HttpRequest.newBuilder(browser.uri("/api/signup"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@b.example\",\"company\":\"x\",\"region\":\"US\"}")));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.json().path("error").asText()).isEqualTo("forbidden_origin");
    }

    @Test
    void unknownApiRoutesAndMethodsAre404WithOurJsonError() {
        Browser.Response unknown = browser.get("/api/no-such-thing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).as(unknown.toString()).isEqualTo("not_found");
        assertThat(unknown.json().path("details").asText()).isEqualTo("There is no such route.");

        Browser admin = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        Browser.Response wrongMethod = admin.get("/api/mode"); // only PUT /api/mode exists
        assertThat(wrongMethod.status()).isEqualTo(404);
        assertThat(wrongMethod.json().path("error").asText()).isEqualTo("not_found");
        Browser.Response deeper = admin.postJson("/api/scans/x/y/z", Map.of());
        assertThat(deeper.status()).isEqualTo(404);
        assertThat(deeper.json().path("error").asText()).isEqualTo("not_found");
        assertThat(admin.get("/api/account").status()).as("named routes still win").isEqualTo(200);
    }
}
