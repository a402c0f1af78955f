package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
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

    /** Follows the console's redirect to Microsoft and clicks the sign-in link of {@code localPart}. */
    private static URI signInAs(Browser console, String localPart) {
        Browser.Response start = console.get("/api/sso/consent");
        assertThat(start.status()).as(start.toString()).isEqualTo(302);
        URI authorize = URI.create(start.header("location"));
        assertThat(authorize.toString()).startsWith(LocalStack.get().startupValue("Microsoft 365 simulator"))
                .contains("code_challenge=").contains("code_challenge_method=S256").contains("state=");
        String page = microsoftGet(authorize).body();
        return microsoftRedirect(resolve(authorize, link(page, "signin-" + localPart)));
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
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        connectDemoTenant(console);
        JsonNode account = console.get("/api/account").json();
        assertThat(account.path("tenantId").asText()).matches("[0-9a-f-]{36}");
        assertThat(account.path("tenantDomains").toString()).contains(".example");
        assertThat(account.path("setup").toString()).contains("\"id\":\"microsoft-consent\",\"title\":\"Connect Microsoft 365 (admin consent)\",\"state\":\"DONE\"");
        // The console's notification area says so.
        JsonNode notices = console.get("/api/notifications").json().path("notifications");
        assertThat(notices.findValuesAsText("title")).contains("Single sign-on consent granted");

        // The same tenant cannot be connected to a second Mailmoat account.
        Browser other = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        URI callback = signInAs(other, demoAdminLocalPart());
        URI consentPage = URI.create(other.get(pathOf(callback)).header("location"));
        URI back = consent(consentPage, "accept");
        assertRefused(other.get(pathOf(back)), "tenant_linked_elsewhere", "already connected to another Mailmoat account");
        assertThat(other.get("/api/account").json().has("tenantId")).isFalse();
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
        assertRefused(console.get("/api/sso/callback?code=stolen&state=forged-state"), "invalid_state", "not valid");

        URI callback = signInAs(console, demoAdminLocalPart());
        // Another signed-in administrator's browser presents this one's callback: refused, and spent.
        Browser attacker = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        assertRefused(attacker.get(pathOf(callback)), "invalid_state", "another session");
        // Replaying it, even from the right browser, is refused: states are single use.
        assertRefused(console.get(pathOf(callback)), "invalid_state", "already used");
        // Without a session at all.
        Browser anonymous = Browser.forLocalStack();
        URI fresh = signInAs(console, demoAdminLocalPart());
        assertRefused(anonymous.get(pathOf(fresh)), "no_session", "Sign in");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
        assertThat(attacker.get("/api/account").json().has("tenantId")).isFalse();
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
        assertRefused(console.get(pathOf(callback)), "not_global_admin", "Global Administrator");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
    }

    @Test
    void aMicrosoftTrialTenantIsRefused() {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        URI callback = signInAs(console, "trialadmin");
        URI consentPage = URI.create(console.get(pathOf(callback)).header("location"));
        URI back = consent(consentPage, "accept");
        assertRefused(console.get(pathOf(back)), "trial_tenant", "Microsoft trial tenants are not supported");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
    }

    @Test
    void cancellingConsentAtMicrosoftLinksNothing() {
        Browser console = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        URI callback = signInAs(console, demoAdminLocalPart());
        URI consentPage = URI.create(console.get(pathOf(callback)).header("location"));
        URI back = consent(consentPage, "cancel");
        assertThat(back.getQuery()).contains("error=access_denied");
        assertRefused(console.get(pathOf(back)), "denied_by_microsoft", "did not grant consent");
        assertThat(console.get("/api/account").json().has("tenantId")).isFalse();
    }

    // --- helpers --------------------------------------------------------------------------------

    private static void assertRefused(Browser.Response response, String reason, String messagePart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        String location = URLDecoder.decode(response.header("location"), StandardCharsets.UTF_8);
        assertThat(location).contains("/consent-result?status=error").contains("reason=" + reason).contains(messagePart);
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
