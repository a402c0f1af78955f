package com.mailmoat.core.microsoft;

import java.net.URI;
import java.util.Map;

/**
 * The Microsoft side of connecting a tenant: signing the administrator in (OpenID Connect,
 * authorization code with PKCE) to learn who they are and whether they are a Global
 * Administrator, then asking Microsoft for the tenant-wide admin consent Mailmoat's application
 * permissions need. The caller owns the {@code state} values (single use, bound to its session)
 * and stores what {@link #startSignIn(String)} returns until the callback.
 */
public interface ConsentGateway {

    /**
     * Builds the sign-in URL for {@code state}, with a fresh nonce and PKCE verifier ({@code S256}
     * challenge in the URL). Any work or school account may sign in; its tenant is learnt from the
     * id token.
     */
    SignInRequest startSignIn(String state);

    /**
     * Redeems the authorization code from the sign-in callback and validates the id token
     * (signature against the tenant's published keys, issuer, audience, expiry, nonce).
     *
     * @param codeVerifier  the {@link SignInRequest#codeVerifier()} stored with the state
     * @param expectedNonce the {@link SignInRequest#nonce()} stored with the state
     * @throws ConsentRejectedException with {@code CODE_REJECTED} or {@code INVALID_ID_TOKEN}
     */
    SignedInUser completeSignIn(String code, String codeVerifier, String expectedNonce);

    /**
     * The URL that asks an administrator of {@code tenantId} to grant Mailmoat's application
     * permissions ({@code /.default}); Microsoft redirects back with {@code state}.
     */
    URI adminConsentUrl(String tenantId, String state);

    /** See {@link ConsentCallback#expectSignIn(Map, String)}. */
    default ConsentCallback.SignInCompleted validateSignInCallback(Map<String, String> query, String expectedState) {
        return ConsentCallback.expectSignIn(query, expectedState);
    }

    /** See {@link ConsentCallback#expectAdminConsent(Map, String, String)}. */
    default ConsentCallback.AdminConsentGranted validateAdminConsentCallback(Map<String, String> query,
                                                                            String expectedState,
                                                                            String expectedTenantId) {
        return ConsentCallback.expectAdminConsent(query, expectedState, expectedTenantId);
    }
}
