package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.ConsentGateway;
import com.mailmoat.core.microsoft.ConsentRejectedException;
import com.mailmoat.core.microsoft.ConsentRejectedException.Reason;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.SignInRequest;
import com.mailmoat.core.microsoft.SignedInUser;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.Prompt;
import com.microsoft.aad.msal4j.ResponseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * {@link ConsentGateway} on MSAL4J: the authorize URL and the code redemption go through the
 * static {@link ConfidentialClientApplication} of the sign-in authority ({@code organizations} by
 * default, so any work account can sign in); the id token is then checked by
 * {@link IdTokenValidator}, because MSAL does not validate it. The admin-consent URL is built by
 * hand: MSAL has no builder for Microsoft's {@code /v2.0/adminconsent} endpoint.
 */
public final class MsalConsentGateway implements ConsentGateway {
    private static final Logger LOG = LoggerFactory.getLogger(MsalConsentGateway.class);
    /** openid for the id token, profile for name / preferred_username / oid. */
    private static final Set<String> SIGN_IN_SCOPES = Set.of("openid", "profile");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MicrosoftConfig config;
    private final AppTokens applications;
    private final IdTokenValidator idTokens;
    private final URI redirectUri;

    MsalConsentGateway(MicrosoftConfig config, AppTokens applications, IdTokenValidator idTokens) {
        this.config = config;
        this.applications = applications;
        this.idTokens = idTokens;
        this.redirectUri = config.redirectUri()
                .orElseThrow(() -> new IllegalStateException("Missing configuration: M365_REDIRECT_URI"));
    }

    @Override
    public SignInRequest startSignIn(String state) {
        requireText(state, "state");
        String nonce = randomToken();
        String codeVerifier = randomToken();
        AuthorizationRequestUrlParameters parameters = AuthorizationRequestUrlParameters
                .builder(redirectUri.toString(), SIGN_IN_SCOPES)
                .state(state)
                .nonce(nonce)
                .codeChallenge(s256(codeVerifier))
                .codeChallengeMethod("S256")
                // Microsoft posts the code back (never in a URL); MSAL4J overrides QUERY to this anyway.
                .responseMode(ResponseMode.FORM_POST)
                .prompt(Prompt.SELECT_ACCOUNT)
                .build();
        try {
            URI url = signInApplication().getAuthorizationRequestUrl(parameters).toURI();
            return new SignInRequest(url, state, nonce, codeVerifier);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("MSAL built an invalid authorize URL", e);
        }
    }

    @Override
    public SignedInUser completeSignIn(String code, String codeVerifier, String expectedNonce) {
        requireText(code, "code");
        requireText(codeVerifier, "codeVerifier");
        requireText(expectedNonce, "expectedNonce");
        ConfidentialClientApplication application = signInApplication();
        AuthorizationCodeParameters parameters = AuthorizationCodeParameters.builder(code, redirectUri)
                .scopes(SIGN_IN_SCOPES)
                .codeVerifier(codeVerifier)
                .build();
        IAuthenticationResult result;
        try {
            result = application.acquireToken(parameters).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrosoftException("interrupted while redeeming the sign-in code", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // invalid_grant: expired, replayed or foreign code, or a verifier that does not match the challenge.
            // (MSAL raises it as MsalInteractionRequiredException, without a status code.)
            if (cause instanceof MsalServiceException service
                    && ("invalid_grant".equals(service.errorCode()) || "invalid_request".equals(service.errorCode()))) {
                throw new ConsentRejectedException(Reason.CODE_REJECTED,
                        "Microsoft refused the authorization code: " + service.errorCode(), service.errorCode(), service);
            }
            throw AppTokens.translate(config.signInTenant(), cause);
        }
        try {
            return idTokens.validate(result.idToken(), expectedNonce);
        } finally {
            forget(application, result);
        }
    }

    @Override
    public URI adminConsentUrl(String tenantId, String state) {
        if (tenantId == null || !TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("not a tenant id: " + tenantId);
        }
        requireText(state, "state");
        return URI.create(config.loginBaseUrl() + "/" + tenantId + "/v2.0/adminconsent"
                + "?client_id=" + encode(config.clientId())
                + "&scope=" + encode(MicrosoftConfig.GRAPH_DEFAULT_SCOPE)
                + "&redirect_uri=" + encode(redirectUri.toString())
                + "&state=" + encode(state));
    }

    private ConfidentialClientApplication signInApplication() {
        return applications.application(config.authority(config.signInTenant()));
    }

    /** The user's tokens are not needed after sign-in; keep them out of the long-lived shared cache. */
    private static void forget(ConfidentialClientApplication application, IAuthenticationResult result) {
        if (result.account() == null) {
            return;
        }
        try {
            application.removeAccount(result.account()).join();
        } catch (RuntimeException e) {
            LOG.warn("Could not drop the signed-in user's tokens from MSAL's cache", e);
        }
    }

    /** 32 random bytes, base64url: a 43-character PKCE verifier (RFC 7636) or nonce. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The PKCE S256 challenge: base64url(SHA-256(ASCII verifier)), unpadded. */
    static String s256(String codeVerifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNullElse(value, "").isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
