package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.REDIRECT;
import static com.mailmoat.simulator.SimHttp.enc;
import static com.mailmoat.simulator.SimHttp.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorize endpoint answers as {@code response_mode} asks, as Entra ID does: {@code query}
 * redirects with the code in the URL; {@code form_post} answers with a page whose form POSTs the
 * code to the redirect URI as soon as it loads (so a callback that only takes GET cannot work).
 */
class ResponseModeTest {
    private static Simulator simulator;
    private static SimHttp http;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        http = new SimHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private HttpResponse<String> signIn(String responseMode, String responseType) {
        String url = simulator.baseUrl() + "/organizations/oauth2/v2.0/authorize?client_id=" + simulator.clientId()
                + "&response_type=" + responseType + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc("openid profile")
                + "&state=st%26%22ate" + (responseMode == null ? "" : "&response_mode=" + responseMode);
        HttpResponse<String> page = http.get(url, null);
        if (page.statusCode() != 200 || !page.body().contains("signin-admin")) {
            return page;
        }
        return http.get(simulator.baseUrl() + LoginFlowTest.link(page.body(), "signin-admin"), null);
    }

    /** The hidden inputs of the page's form, and its action under "action". */
    static Map<String, String> form(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher action = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(html);
        assertThat(action.find()).as("a POST form in:\n" + html).isTrue();
        fields.put("action", unescape(action.group(1)));
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (input.find()) {
            fields.put(unescape(input.group(1)), unescape(input.group(2)));
        }
        return fields;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    @Test
    void formPostAnswersWithAnAutoSubmittingFormToTheRedirectUri() {
        HttpResponse<String> answer = signIn("form_post", "code");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(answer.body()).contains("onload=\"document.forms[0].submit()\"");
        Map<String, String> form = form(answer.body());
        assertThat(form.get("action")).isEqualTo(REDIRECT);
        assertThat(form.get("state")).isEqualTo("st&\"ate");
        assertThat(form.get("code")).isNotBlank();
        assertThat(form).containsKey("session_state");
    }

    @Test
    void queryIsTheDefaultAndRedirects() {
        for (String mode : new String[] {"query", null}) {
            HttpResponse<String> answer = signIn(mode, "code");
            assertThat(answer.statusCode()).isEqualTo(302);
            Map<String, String> query = queryOf(answer.headers().firstValue("Location").orElseThrow());
            assertThat(query.get("code")).isNotBlank();
            assertThat(query.get("state")).isEqualTo("st&\"ate");
        }
    }

    @Test
    void errorsFollowTheResponseModeAndUnsupportedModesAreRefused() {
        HttpResponse<String> posted = signIn("form_post", "token");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(form(posted.body())).containsEntry("error", "unsupported_response_type");

        HttpResponse<String> fragment = signIn("fragment", "code");
        assertThat(fragment.statusCode()).isEqualTo(302);
        assertThat(queryOf(fragment.headers().firstValue("Location").orElseThrow())).containsEntry("error", "invalid_request");
    }
}
