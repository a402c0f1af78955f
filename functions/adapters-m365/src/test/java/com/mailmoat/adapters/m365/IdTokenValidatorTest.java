package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.ConsentRejectedException;
import com.mailmoat.core.microsoft.ConsentRejectedException.Reason;
import com.mailmoat.core.microsoft.SignedInUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The id-token checks MSAL leaves to us, with a locally generated tenant key. */
class IdTokenValidatorTest {
    private static final String TENANT = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final String ISSUER = "https://login.example/" + TENANT + "/v2.0";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final MicrosoftConfig CONFIG = new MicrosoftConfig("client-1", "secret", URI.create("https://login.example"),
            URI.create("https://graph.example/v1.0"), Optional.empty(), Optional.empty(), "organizations", RetryPolicy.DEFAULT);

    private final KeyPair tenantKey = rsaKeyPair();
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final IdTokenValidator validator = new IdTokenValidator(CONFIG, tenantId -> {
        keyFetches.incrementAndGet();
        return new IdTokenValidator.TenantKeys(ISSUER.replace(TENANT, "{tenantid}"),
                Map.of("k1", tenantKey.getPublic()), NOW);
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAWellFormedTokenAndReadsTheUser() {
        SignedInUser user = validator.validate(token(tenantKey, claims("client-1", ISSUER, NOW.plusSeconds(3600), "n-1")), "n-1");

        assertThat(user).isEqualTo(new SignedInUser("user-oid", TENANT, "admin@contoso.example", "Ada Admin",
                java.util.Set.of("62e90394-69f5-4237-9190-012177145e10")));
        assertThat(user.isGlobalAdministrator()).isTrue();
        validator.validate(token(tenantKey, claims("client-1", ISSUER, NOW.plusSeconds(3600), "n-2")), "n-2");
        assertThat(keyFetches).hasValue(1);
    }

    @Test
    void refusesEveryTamperedProperty() {
        assertInvalid(token(tenantKey, claims("client-1", ISSUER, NOW.plusSeconds(3600), "n-1")), "other-nonce");
        assertInvalid(token(tenantKey, claims("client-2", ISSUER, NOW.plusSeconds(3600), "n-1")), "n-1");
        assertInvalid(token(tenantKey, claims("client-1", "https://evil.example/" + TENANT + "/v2.0", NOW.plusSeconds(3600), "n-1")), "n-1");
        assertInvalid(token(tenantKey, claims("client-1", ISSUER, NOW.minusSeconds(3600), "n-1")), "n-1");
        assertInvalid(token(rsaKeyPair(), claims("client-1", ISSUER, NOW.plusSeconds(3600), "n-1")), "n-1");
        String valid = token(tenantKey, claims("client-1", ISSUER, NOW.plusSeconds(3600), "n-1"));
        String[] parts = valid.split("\\.");
        assertInvalid(parts[0] + "." + b64("{\"alg\":\"none\"}") + "." + parts[2], "n-1");
        assertInvalid(b64("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." + parts[1] + ".", "n-1");
    }

    private void assertInvalid(String idToken, String nonce) {
        assertThatThrownBy(() -> validator.validate(idToken, nonce))
                .isInstanceOfSatisfying(ConsentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ID_TOKEN));
    }

    private static String claims(String audience, String issuer, Instant expiry, String nonce) {
        return "{\"aud\":\"" + audience + "\",\"iss\":\"" + issuer + "\",\"iat\":" + NOW.minusSeconds(60).getEpochSecond()
                + ",\"nbf\":" + NOW.minusSeconds(60).getEpochSecond() + ",\"exp\":" + expiry.getEpochSecond()
                + ",\"name\":\"Ada Admin\",\"nonce\":\"" + nonce + "\",\"oid\":\"user-oid\",\"preferred_username\":"
                + "\"admin@contoso.example\",\"tid\":\"" + TENANT + "\",\"ver\":\"2.0\","
                + "\"wids\":[\"62e90394-69f5-4237-9190-012177145e10\"]}";
    }

    private static String token(KeyPair key, String claims) {
        String input = b64("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"k1\"}") + "." + b64(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
