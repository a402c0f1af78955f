package com.mailmoat.core.microsoft;

import java.net.URI;
import java.util.Objects;

/**
 * A started Microsoft sign-in (OpenID Connect authorization code flow with PKCE). Send the browser
 * to {@link #authorizationUrl()}; keep {@link #nonce()} and {@link #codeVerifier()} server-side,
 * bound to {@link #state()}, and never show them to the browser: the callback needs them to redeem
 * the code, and an attacker who has them can redeem a stolen code.
 *
 * @param authorizationUrl Microsoft's authorize endpoint with every parameter set
 * @param state            the caller's single-use state, echoed back on the callback
 * @param nonce            echoed inside the id token; checked on redemption
 * @param codeVerifier     the PKCE secret whose S256 hash is in the URL
 */
public record SignInRequest(URI authorizationUrl, String state, String nonce, String codeVerifier) {
    public SignInRequest {
        Objects.requireNonNull(authorizationUrl, "authorizationUrl");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
    }

    @Override
    public String toString() {
        // The verifier and nonce are secrets: keep them out of logs.
        return "SignInRequest[" + authorizationUrl + "]";
    }
}
