package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * "Continue to Microsoft" end to end: the console, the simulated Microsoft sign-in and admin-consent
 * pages (plain links, followed as a browser would), and back; and every way it must refuse.
 */
class MicrosoftConsentTest {
    static final HttpClient MICROSOFT = microsoftBrowser();

    /**
     * Follows the console's redirect to Microsoft, clicks the sign-in link of {@code localPart}, and
     * delivers Microsoft's answer as a browser would: the simulated Microsoft (like Entra ID, for
     * {@code response_mode=form_post}) answers with a form that POSTs the code to our callback,
     * cross-site, so without the console's SameSite=Lax cookie. Returns where the console sends the
     * browser next: the same-origin GET of the callback.
     */
    private static URI signInAs(Browser console, String localPart) {
        URI authorize = authorizeUrl(console);
        String page = microsoftGet(authorize).body();
        Map<String, String> form = postedForm(microsoftGet(resolve(authorize, link(page, "signin-" + localPart))));
        return deliver(form);
    }

    /** The same, picking the administrator by address (generated tenants' local parts may repeat). */
    private static URI signInAsUpn(Browser console, String upn) {
        URI authorize = authorizeUrl(console);
        String page = microsoftGet(authorize).body();
        Matcher signIn = Pattern.compile("data-upn=\"" + Pattern.quote(upn) + "\" href=\"([^\"]+)\"").matcher(page);
        assertThat(signIn.find()).as("sign-in link of " + upn).isTrue();
        return deliver(postedForm(microsoftGet(resolve(authorize, signIn.group(1).replace("&amp;", "&")))));
    }

    /** Starts consent in the console and returns the Microsoft sign-in URL it redirects to. */
    private static URI authorizeUrl(Browser console) {
        Browser.Response start = console.get("/api/sso/consent");
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        URI authorize = URI.create(start.header("location"));
        assertThat(authorize.toString()).startsWith(LocalStack.get().startupValue("Microsoft 365 simulator"))
                .contains("code_challenge=").contains("code_challenge_method=S256").contains("state=")
                .contains("response_mode=form_post");
        return authorize;
    }

    /** The auto-submitting form Microsoft answers a form_post sign-in with: its action and hidden fields. */
    static Map<String, String> postedForm(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as("form_post answers with a page, not a redirect").isEqualTo(200);
        assertThat(answer.headers().firstValue("location")).isEmpty();
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher action = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(answer.body());
        assertThat(action.find()).as("a POST form in:\n" + answer.body()).isTrue();
        fields.put("action", unescape(action.group(1)));
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
                .matcher(answer.body());
        while (input.find()) {
            fields.put(unescape(input.group(1)), unescape(input.group(2)));
        }
        return fields;
    }

    /** POSTs the form as the browser does, cross-site (no cookie, Microsoft's Origin); returns the 303's target. */
    static URI deliver(Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        String action = fields.remove("action");
        assertThat(action).isEqualTo(LocalStack.get().consoleUrl() + "api/sso/callback");
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        Browser crossSite = Browser.forLocalStack(); // a fresh cookie jar: the session cookie is not sent
        Browser.Response posted = crossSite.send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", originOf(LocalStack.get().startupValue("Microsoft 365 simulator")))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
        URI next = URI.create(posted.header("location"));
        assertThat(next.toString()).startsWith(LocalStack.get().consoleUrl()).doesNotContain("code=");
        return next;
    }

    private static String originOf(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** Grants (or cancels) admin consent on the simulated consent page. */
    private static URI consent(URI consentPage, String linkId) {
        return microsoftRedirect(resolve(consentPage, link(microsoftGet(consentPage).body(), linkId)));
    }

    private static String demoAdminLocalPart() {
        String upn = LocalStack.get().startupValue("Demo Microsoft 365 admin");
        return upn.substring(0, upn.indexOf('@'));
    }

    @Test
    void aGlobalAdministratorConnectsTheTenant() {
        String owner = SignupJourneyTest.newEmail();
        Browser console = SignupJourneyTest.signedInAdmin(owner);
        connectDemoTenant(console);
        JsonNode account = console.get("/api/account").json();
        assertThat(account.path("tenantId").asText()).matches("[0-9a-f-]{36}");
        assertThat(account.path("tenantDomains").toString()).contains(".example");
        assertThat(account.path("setup").toString()).contains("\"id\":\"microsoft-consent\",\"title\":\"Connect Microsoft 365 (admin consent)\",\"state\":\"DONE\"");
        // The console's notification area says so.
        JsonNode notices = console.get("/api/notifications").json().path("notifications");
        assertThat(notices.findValuesAsText("title")).contains("Microsoft 365 connected (admin consent granted)");
        assertThat(notices.findValuesAsText("message")).anyMatch(m -> m.contains("organisation " + account.path("tenantName").asText()));

        // The same tenant cannot be connected to a second Mailmoat account: refused right after the sign-in,
        // before Microsoft's consent page, and the tenant's owner is told.
        String otherEmail = SignupJourneyTest.newEmail();
        Browser other = SignupJourneyTest.signedInAdmin(otherEmail);
        URI callback = signInAs(other, demoAdminLocalPart());
        assertRefused(other.get(pathOf(callback)), "tenant_linked_elsewhere");
        assertThat(other.get("/api/account").json().has("tenantId")).isFalse();
        assertThat(Outbox.awaitSubject(owner, "tried to connect your Microsoft 365 tenant elsewhere").path("text").asText())
                .as("what the owner is told names nothing of the other account").doesNotContain(otherEmail);
    }

    /** Connects the demo tenant for a browser; used by other tests too. */
    static void connectDemoTenant(Browser console) {
        URI callback = signInAs(console, demoAdminLocalPart());
        Browser.Response afterSignIn = console.get(pathOf(callback));
        assertThat(afterSignIn.status()).as(afterSignIn.toString()).isEqualTo(302);
        URI consentPage = URI.create(afterSignIn.header("location"));
        assertThat(consentPage.getPath()).endsWith("/v2.0/adminconsent");
        URI back = consent(consentPage, "accept");
        assertThat(back.getQuery()).contains("admin_consent=True");
        Browser.Response done = console.get(pathOf(back));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.header("location")).endsWith("/consent-result?status=connected");
        assertThat(console.get(done.header("location")).status()).isEqualTo(200);
    }

    @Test
    void forgedReplayedAndOtherSessionsStatesAreRefused() {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        assertRefused(console.get("/api/sso/callback?code=stolen&state=forged-state"), "invalid_state");

        // A tenant nobody has connected (the demo tenant is connected by another test, which is refused at once).
        ScanTenants.Loaded free = ScanTenants.generate("consent-states", 41, 1, "0000c0de-0000-4000-8000-0000000000f1");
        URI callback = signInAsUpn(console, free.adminUpn());
        // Another signed-in administrator's browser presents this one's callback: refused...
        Browser attacker = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        assertRefused(attacker.get(pathOf(callback)), "invalid_state");
        // ...as is a browser without a session...
        assertRefused(Browser.forLocalStack().get(pathOf(callback)), "no_session");
        // ...and neither spent the state (issue 19, finding 7): the administrator's own browser still
        // completes the step, so holding someone's callback URL cannot cancel their flow.
        Browser.Response continued = console.get(pathOf(callback));
        assertThat(continued.status()).as(continued.toString()).isEqualTo(302);
        assertThat(URI.create(continued.header("location")).getPath()).endsWith("/v2.0/adminconsent");
        // Replaying it, even from the right browser, is refused: states are single use.
        assertRefused(console.get(pathOf(callback)), "invalid_state");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
        assertThat(attacker.get("/api/account").json().has("tenantId")).isFalse();
    }

    /** Issue 19, finding 6: the code never travels in a URL, and a code that did is not used. */
    @Test
    void aSignInCodeInTheQueryStringIsNotUsed() {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        URI authorize = URI.create(authorizeUrl(console).toString().replace("response_mode=form_post", "response_mode=query"));
        String page = microsoftGet(authorize).body();
        URI withCode = microsoftRedirect(resolve(authorize, link(page, "signin-" + demoAdminLocalPart())));
        assertThat(withCode.getQuery()).contains("code=");
        assertRefused(console.get(pathOf(withCode)), "sign_in_failed");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
    }

    /** A posted answer for a state we never issued, or without any, goes to the result page by reason code. */
    @Test
    void aForgedSignInPostIsRefusedByReasonCode() {
        URI next = deliver(Map.of("action", LocalStack.get().consoleUrl() + "api/sso/callback",
                "code", "forged", "state", "forged-state"));
        assertThat(next.toString()).isEqualTo(LocalStack.get().consoleUrl() + "consent-result?status=error&reason=invalid_state");
    }

    @Test
    void aUserWhoIsNotAGlobalAdministratorIsRefused() {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        String page = microsoftGet(URI.create(console.get("/api/sso/consent").header("location"))).body();
        Matcher users = Pattern.compile("id=\"signin-([a-z0-9.\\-]+)\" data-upn=\"([^\"]+)\"").matcher(page);
        String nonAdmin = null;
        while (users.find()) {
            if (!users.group(2).equalsIgnoreCase(LocalStack.get().startupValue("Demo Microsoft 365 admin"))
                    && users.group(2).contains("contoso")) {
                nonAdmin = users.group(1);
                break;
            }
        }
        assertThat(nonAdmin).as("a non-admin user of the demo tenant").isNotNull();
        URI callback = signInAs(console, nonAdmin);
        assertRefused(console.get(pathOf(callback)), "not_global_admin");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
    }

    @Test
    void aMicrosoftTrialTenantIsRefused() {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        URI callback = signInAs(console, "trialadmin");
        URI consentPage = URI.create(console.get(pathOf(callback)).header("location"));
        URI back = consent(consentPage, "accept");
        assertRefused(console.get(pathOf(back)), "trial_tenant");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
    }

    @Test
    void cancellingConsentAtMicrosoftLinksNothing() {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        URI callback = signInAs(console, demoAdminLocalPart());
        URI consentPage = URI.create(console.get(pathOf(callback)).header("location"));
        URI back = consent(consentPage, "cancel");
        assertThat(back.getQuery()).contains("error=access_denied");
        assertRefused(console.get(pathOf(back)), "denied_by_microsoft");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
    }

    // --- helpers --------------------------------------------------------------------------------

    /** Refusals end on our result page with a reason code only (issue 19: no free text in the URL). */
    private static void assertRefused(Browser.Response response, String reason) {
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        assertThat(response.header("location"))
                .isEqualTo(LocalStack.get().consoleUrl() + "consent-result?status=error&reason=" + reason);
    }

    private static String pathOf(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String link(String page, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*href=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("link #" + id + " on the page:\n" + page).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private static URI resolve(URI base, String href) {
        return base.resolve(href);
    }

    private static HttpResponse<String> microsoftGet(URI uri) {
        try {
            HttpResponse<String> response = MICROSOFT.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(uri + " -> " + response.body()).isIn(200, 302, 303);
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A click on a simulator link: it answers with a redirect back to our callback. */
    private static URI microsoftRedirect(URI uri) {
        HttpResponse<String> response = microsoftGet(uri);
        String location = response.headers().firstValue("location").orElseThrow(
                () -> new AssertionError("No redirect from " + uri + ": " + response.body()));
        URI back = URI.create(location);
        assertThat(back.toString()).startsWith(LocalStack.get().consoleUrl() + "api/sso/callback");
        return back;
    }

    /** Trusts any certificate: only ever used against the loopback simulator in these tests. */
    private static HttpClient microsoftBrowser() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return HttpClient.newBuilder().sslContext(context).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
