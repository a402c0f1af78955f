package com.mailmoat.core.microsoft;

import com.mailmoat.core.microsoft.ConsentCallback.AdminConsentGranted;
import com.mailmoat.core.microsoft.ConsentCallback.Failed;
import com.mailmoat.core.microsoft.ConsentCallback.SignInCompleted;
import com.mailmoat.core.microsoft.ConsentRejectedException.Reason;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentCallbackTest {
    private static final String TENANT = "aaaabbbb-0000-cccc-1111-dddd2222eeee";

    @Test
    void classifiesTheThreeShapesMicrosoftSends() {
        assertThat(ConsentCallback.parse(Map.of("code", "c0de", "state", "s1")))
                .isEqualTo(new SignInCompleted("c0de", "s1"));
        assertThat(ConsentCallback.parse(Map.of("admin_consent", "True", "tenant", TENANT, "state", "s2",
                "scope", "https://graph.microsoft.com/.default")))
                .isEqualTo(new AdminConsentGranted(TENANT, "s2"));
        // Microsoft's documented consent error carries admin_consent=True as well as error.
        assertThat(ConsentCallback.parse(Map.of("admin_consent", "True", "error", "consent_required",
                "error_description", "AADSTS65004", "state", "s3")))
                .isEqualTo(new Failed("consent_required", "AADSTS65004", "s3"));
    }

    @Test
    void refusesCallbacksThatFitNoShape() {
        assertRejected(Map.of("code", "c"), Reason.MALFORMED_CALLBACK);
        assertRejected(Map.of("code", "c", "admin_consent", "True", "tenant", TENANT, "state", "s"), Reason.MALFORMED_CALLBACK);
        assertRejected(Map.of("admin_consent", "False", "tenant", TENANT, "state", "s"), Reason.MALFORMED_CALLBACK);
        assertRejected(Map.of("admin_consent", "True", "tenant", "contoso.com", "state", "s"), Reason.MALFORMED_CALLBACK);
        assertRejected(Map.of("state", "s"), Reason.MALFORMED_CALLBACK);
    }

    @Test
    void adminConsentMustCarryTheIssuedStateAndTheSignedInTenant() {
        Map<String, String> query = Map.of("admin_consent", "True", "tenant", TENANT, "state", "issued");

        assertThat(ConsentCallback.expectAdminConsent(query, "issued", TENANT.toUpperCase()).tenantId()).isEqualTo(TENANT);
        assertThatThrownBy(() -> ConsentCallback.expectAdminConsent(query, "another", TENANT))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STATE_MISMATCH));
        assertThatThrownBy(() -> ConsentCallback.expectAdminConsent(query, "issued", "11111111-2222-3333-4444-555555555555"))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TENANT_MISMATCH));
    }

    @Test
    void aCancelledConsentIsReportedWithMicrosoftsErrorCode() {
        Map<String, String> query = Map.of("error", "access_denied", "error_description", "cancelled", "state", "issued");

        assertThatThrownBy(() -> ConsentCallback.expectAdminConsent(query, "issued", TENANT))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DENIED_BY_MICROSOFT);
                    assertThat(e.microsoftError()).isEqualTo("access_denied");
                });
    }

    @Test
    void aSignInCallbackIsNotAcceptedWhereConsentIsExpectedAndViceVersa() {
        assertThatThrownBy(() -> ConsentCallback.expectAdminConsent(Map.of("code", "c", "state", "s"), "s", TENANT))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_CALLBACK));
        assertThatThrownBy(() -> ConsentCallback.expectSignIn(Map.of("admin_consent", "True", "tenant", TENANT, "state", "s"), "s"))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_CALLBACK));
        assertThat(ConsentCallback.expectSignIn(Map.of("code", "c", "state", "s"), "s").code()).isEqualTo("c");
        assertThatThrownBy(() -> ConsentCallback.expectSignIn(Map.of("code", "c", "state", "s"), "t"))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STATE_MISMATCH));
    }

    private static void assertRejected(Map<String, String> query, Reason reason) {
        assertThatThrownBy(() -> ConsentCallback.parse(query))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
