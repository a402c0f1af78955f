package com.mailmoat.core.microsoft;

import com.mailmoat.core.microsoft.ConsentRejectedException.Reason;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What Microsoft sent back to the callback route, classified. One route receives three kinds of
 * redirects: the end of a sign-in ({@code code}, {@code state}), the end of an admin consent
 * ({@code admin_consent=True}, {@code tenant}, {@code state}) and failures of either
 * ({@code error}, {@code error_description}, {@code state}).
 */
public sealed interface ConsentCallback {

    /** The callback's {@code state}, to be looked up among the states this service issued. */
    String state();

    /** A sign-in finished: redeem {@link #code()} with the verifier stored under {@link #state()}. */
    record SignInCompleted(String code, String state) implements ConsentCallback {
        @Override
        public String toString() {
            return "SignInCompleted[state=" + state + "]"; // the code is a credential
        }
    }

    /** An administrator granted consent for {@link #tenantId()}. */
    record AdminConsentGranted(String tenantId, String state) implements ConsentCallback {
    }

    /** Microsoft reported a failure, e.g. {@code access_denied} when the user cancelled. */
    record Failed(String error, String description, String state) implements ConsentCallback {
    }

    /** A tenant id as Microsoft returns it after consent: a GUID. */
    Pattern TENANT_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * Classifies the callback's query parameters.
     *
     * @throws ConsentRejectedException with {@link Reason#MALFORMED_CALLBACK} when the parameters
     *                                  fit none of the three shapes
     */
    static ConsentCallback parse(Map<String, String> query) {
        Objects.requireNonNull(query, "query");
        String state = blankToNull(query.get("state"));
        if (state == null) {
            throw new ConsentRejectedException(Reason.MALFORMED_CALLBACK, "the callback carries no state");
        }
        String error = blankToNull(query.get("error"));
        if (error != null) {
            return new Failed(error, Objects.requireNonNullElse(query.get("error_description"), ""), state);
        }
        String code = blankToNull(query.get("code"));
        String adminConsent = blankToNull(query.get("admin_consent"));
        if (code != null && adminConsent == null) {
            return new SignInCompleted(code, state);
        }
        if (code == null && adminConsent != null) {
            if (!adminConsent.equalsIgnoreCase("true")) {
                throw new ConsentRejectedException(Reason.MALFORMED_CALLBACK, "admin_consent is not True");
            }
            String tenant = blankToNull(query.get("tenant"));
            if (tenant == null || !TENANT_ID.matcher(tenant).matches()) {
                throw new ConsentRejectedException(Reason.MALFORMED_CALLBACK, "admin consent without a tenant id");
            }
            return new AdminConsentGranted(tenant.toLowerCase(Locale.ROOT), state);
        }
        throw new ConsentRejectedException(Reason.MALFORMED_CALLBACK,
                code == null ? "neither a code nor an admin consent" : "both a code and an admin consent");
    }

    /**
     * Accepts the callback only as the end of the sign-in that issued {@code expectedState}.
     *
     * @throws ConsentRejectedException when the state differs, Microsoft reported an error, or the
     *                                  callback is not a sign-in
     */
    static SignInCompleted expectSignIn(Map<String, String> query, String expectedState) {
        ConsentCallback callback = parse(query);
        requireState(callback, expectedState);
        if (callback instanceof Failed failed) {
            throw denied(failed);
        }
        if (callback instanceof SignInCompleted signIn) {
            return signIn;
        }
        throw new ConsentRejectedException(Reason.MALFORMED_CALLBACK, "expected a sign-in, got an admin consent");
    }

    /**
     * Accepts the callback only as the admin consent that issued {@code expectedState}, granted for
     * {@code expectedTenantId} (the tenant of the administrator who signed in). Microsoft warns that
     * the {@code tenant} parameter alone can be forged; the state binds it to our own flow.
     *
     * @throws ConsentRejectedException when the state or tenant differs, consent was refused, or
     *                                  the callback is not an admin consent
     */
    static AdminConsentGranted expectAdminConsent(Map<String, String> query, String expectedState,
                                                  String expectedTenantId) {
        Objects.requireNonNull(expectedTenantId, "expectedTenantId");
        ConsentCallback callback = parse(query);
        requireState(callback, expectedState);
        if (callback instanceof Failed failed) {
            throw denied(failed);
        }
        if (!(callback instanceof AdminConsentGranted granted)) {
            throw new ConsentRejectedException(Reason.MALFORMED_CALLBACK, "expected an admin consent, got a sign-in");
        }
        if (!granted.tenantId().equalsIgnoreCase(expectedTenantId)) {
            throw new ConsentRejectedException(Reason.TENANT_MISMATCH,
                    "consent came back for tenant " + granted.tenantId() + ", expected " + expectedTenantId);
        }
        return granted;
    }

    private static void requireState(ConsentCallback callback, String expectedState) {
        Objects.requireNonNull(expectedState, "expectedState");
        // Constant-time comparison: the state is a bearer secret for the duration of the flow.
        boolean same = MessageDigest.isEqual(callback.state().getBytes(StandardCharsets.UTF_8),
                expectedState.getBytes(StandardCharsets.UTF_8));
        if (!same) {
            throw new ConsentRejectedException(Reason.STATE_MISMATCH, "the callback's state is not the one issued");
        }
    }

    private static ConsentRejectedException denied(Failed failed) {
        // Only a well-formed error code goes into the message (and so maybe a log): the rest is
        // whatever the redirect carried.
        String error = failed.error().matches("[A-Za-z0-9_]{1,64}") ? failed.error() : "an unreadable error";
        return new ConsentRejectedException(Reason.DENIED_BY_MICROSOFT, "Microsoft returned " + error, error, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
