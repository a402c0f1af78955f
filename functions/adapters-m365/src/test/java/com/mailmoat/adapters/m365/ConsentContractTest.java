package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.ConsentCallback;
import com.mailmoat.core.microsoft.ConsentGateway;
import com.mailmoat.core.microsoft.ConsentRejectedException;
import com.mailmoat.core.microsoft.ConsentRejectedException.Reason;
import com.mailmoat.core.microsoft.SignInRequest;
import com.mailmoat.core.microsoft.SignedInUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sign-in (authorization code + PKCE, MSAL4J) and admin-consent round trips through the
 * simulator's pages, followed link by link as a browser would.
 */
@ExtendWith(SharedSimulator.class)
class ConsentContractTest {
    private ConsentGateway consent;
    private Browser browser;

    @BeforeEach
    void setUp() {
        SharedSimulator.simulator().faults().reset();
        consent = SharedSimulator.adapters(new RequestLog()).consent();
        browser = SharedSimulator.browser();
    }

    @Test
    void theSignInUrlCarriesStateNonceAndAnS256Challenge() {
        SignInRequest request = consent.startSignIn("state-1");
        Map<String, String> query = Browser.query(request.authorizationUrl());

        assertThat(request.authorizationUrl().toString())
                .startsWith(SharedSimulator.config().loginBaseUrl() + "/organizations/oauth2/v2.0/authorize?");
        assertThat(query).containsEntry("state", "state-1")
                .containsEntry("nonce", request.nonce())
                .containsEntry("code_challenge", MsalConsentGateway.s256(request.codeVerifier()))
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("response_type", "code")
                // The code comes back in a POST body, never in a URL (issue 19, finding 6).
                .containsEntry("response_mode", "form_post")
                .containsEntry("redirect_uri", SharedSimulator.REDIRECT_URI.toString())
                .containsEntry("client_id", SharedSimulator.config().clientId());
        assertThat(query.get("scope")).contains("openid").contains("profile");
        assertThat(query).doesNotContainValue(request.codeVerifier());
        assertThat(request.codeVerifier()).matches("[A-Za-z0-9_-]{43}");
        assertThat(consent.startSignIn("state-1").nonce()).isNotEqualTo(request.nonce());
    }

    @Test
    void aGlobalAdministratorSignsInAndIsIdentifiedFromTheValidatedIdToken() {
        SignInRequest request = consent.startSignIn("state-admin");
        Map<String, String> callback = browser.clickThrough(request.authorizationUrl(), "signin-admin");

        ConsentCallback.SignInCompleted completed = consent.validateSignInCallback(callback, "state-admin");
        SignedInUser user = consent.completeSignIn(completed.code(), request.codeVerifier(), request.nonce());

        assertThat(user.tenantId()).isEqualTo(TENANT_ID);
        assertThat(user.userPrincipalName()).isEqualTo(TestTenant.ADMIN);
        assertThat(user.displayName()).isEqualTo("Ada Admin");
        assertThat(user.objectId()).isNotBlank();
        assertThat(user.isGlobalAdministrator()).isTrue();
    }

    @Test
    void anOrdinaryUserSignsInWithoutTheAdministratorRole() {
        SignInRequest request = consent.startSignIn("state-alice");
        Map<String, String> callback = browser.clickThrough(request.authorizationUrl(), "signin-alice");

        SignedInUser user = consent.completeSignIn(consent.validateSignInCallback(callback, "state-alice").code(),
                request.codeVerifier(), request.nonce());

        assertThat(user.userPrincipalName()).isEqualTo(TestTenant.ALICE);
        assertThat(user.isGlobalAdministrator()).isFalse();
    }

    @Test
    void aCodeRedeemedWithAnotherVerifierIsRefused() {
        SignInRequest request = consent.startSignIn("state-pkce");
        String code = browser.clickThrough(request.authorizationUrl(), "signin-admin").get("code");

        assertThatThrownBy(() -> consent.completeSignIn(code, MsalConsentGateway.randomToken(), request.nonce()))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CODE_REJECTED));
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        SignInRequest request = consent.startSignIn("state-nonce");
        String code = browser.clickThrough(request.authorizationUrl(), "signin-admin").get("code");

        assertThatThrownBy(() -> consent.completeSignIn(code, request.codeVerifier(), "a-nonce-we-never-sent"))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ID_TOKEN));
    }

    @Test
    void adminConsentComesBackForTheTenantWithOurState() {
        var url = consent.adminConsentUrl(TENANT_ID, "consent-state");
        assertThat(url.toString()).startsWith(SharedSimulator.config().loginBaseUrl() + "/" + TENANT_ID + "/v2.0/adminconsent?");
        assertThat(Browser.query(url)).containsEntry("scope", "https://graph.microsoft.com/.default")
                .containsEntry("state", "consent-state").containsEntry("client_id", SharedSimulator.config().clientId());

        Map<String, String> callback = browser.clickThrough(url, "accept");

        assertThat(consent.validateAdminConsentCallback(callback, "consent-state", TENANT_ID).tenantId()).isEqualTo(TENANT_ID);
        assertRejected(() -> consent.validateAdminConsentCallback(callback, "another-state", TENANT_ID), Reason.STATE_MISMATCH);
        assertRejected(() -> consent.validateAdminConsentCallback(callback, "consent-state", TestTenant.TRIAL_TENANT_ID),
                Reason.TENANT_MISMATCH);
    }

    @Test
    void aCancelledConsentIsRefusedWithMicrosoftsError() {
        Map<String, String> callback = browser.clickThrough(consent.adminConsentUrl(TENANT_ID, "cancel-state"), "cancel");

        assertThatThrownBy(() -> consent.validateAdminConsentCallback(callback, "cancel-state", TENANT_ID))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DENIED_BY_MICROSOFT);
                    assertThat(e.microsoftError()).isEqualTo("access_denied");
                });
    }

    private static void assertRejected(Runnable validation, Reason reason) {
        assertThatThrownBy(validation::run)
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
