package com.mailmoat.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a sealed two-step secret gives to someone who reads the table: nothing that opens anywhere but where it was sealed. */
class SecretSealerTest {
    private static final String KEY_SECRET = "Qm9vdGhvcnNlIGJhdHRlcnkgc3RhcGxlIGNvcnJlY3QgaG9yc2Ugd2hhdGV2ZXIx";
    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private final SecretSealer sealer = SecretSealer.derivedFrom(KEY_SECRET, "two-step");

    @Test
    void aSealedSecretOpensForItsAccountAndFieldAndDoesNotShowTheSecret() {
        String sealed = sealer.seal(SECRET, "account-1", "secret");

        assertThat(sealed).startsWith("v1:").doesNotContain(SECRET);
        assertThat(SecretSealer.isSealed(sealed)).isTrue();
        assertThat(SecretSealer.isSealed(SECRET)).as("a base32 secret stored in clear").isFalse();
        assertThat(sealer.open(sealed, "account-1", "secret")).isEqualTo(SECRET);
        // Another instance from the same key secret (a restarted function) opens it too.
        assertThat(SecretSealer.derivedFrom(KEY_SECRET, "two-step").open(sealed, "account-1", "secret")).isEqualTo(SECRET);
    }

    @Test
    void twoSealsOfOneSecretDiffer() {
        String first = sealer.seal(SECRET, "account-1", "secret");
        String second = sealer.seal(SECRET, "account-1", "secret");

        assertThat(first).isNotEqualTo(second);
        // A fresh 96-bit nonce each time: the first 12 bytes differ.
        assertThat(nonce(first)).isNotEqualTo(nonce(second));
    }

    @Test
    void aSealedSecretCopiedToAnotherAccountOrFieldDoesNotOpen() {
        String sealed = sealer.seal(SECRET, "account-1", "pendingSecret");

        assertThatThrownBy(() -> sealer.open(sealed, "account-2", "pendingSecret"))
                .isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> sealer.open(sealed, "account-1", "secret"))
                .as("a pending secret moved to the enabled one").isInstanceOf(UnopenableSecretException.class);
        // The binding's parts are length-prefixed: moving characters between account and field does not help.
        String bound = sealer.seal(SECRET, "account-1s", "ecret");
        assertThatThrownBy(() -> sealer.open(bound, "account-1", "secret")).isInstanceOf(UnopenableSecretException.class);
    }

    @Test
    void anotherKeyOrPurposeDoesNotOpenIt() {
        String sealed = sealer.seal(SECRET, "account-1", "secret");

        assertThatThrownBy(() -> SecretSealer.derivedFrom(KEY_SECRET.replace('Q', 'R'), "two-step")
                .open(sealed, "account-1", "secret")).isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> SecretSealer.derivedFrom(KEY_SECRET, "other-purpose").open(sealed, "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
    }

    @Test
    void aTamperedOrTruncatedOrUnknownSealDoesNotOpenAndTheErrorDoesNotQuoteIt() {
        String sealed = sealer.seal(SECRET, "account-1", "secret");
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(3));
        for (int position : new int[] {0, 12, bytes.length - 1}) { // nonce, ciphertext, tag
            byte[] tampered = bytes.clone();
            tampered[position] ^= 1;
            String altered = "v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> sealer.open(altered, "account-1", "secret")).as("byte " + position)
                    .isInstanceOf(UnopenableSecretException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(altered.substring(3, 20)));
        }
        assertThatThrownBy(() -> sealer.open(sealed.substring(0, 30), "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> sealer.open("v1:not*base64", "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> sealer.open("v2:" + sealed.substring(3), "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class).hasMessageContaining("v2");
        assertThatThrownBy(() -> sealer.open(SECRET, "account-1", "secret")).isInstanceOf(UnopenableSecretException.class);
    }

    @Test
    void aKeySecretIsReadOnlyWhenFirstNeededAndOnce() {
        AtomicInteger reads = new AtomicInteger();
        SecretSealer lazy = SecretSealer.whenNeeded(() -> {
            reads.incrementAndGet();
            return KEY_SECRET;
        }, "two-step");
        assertThat(reads).hasValue(0);

        String sealed = lazy.seal(SECRET, "account-1", "secret");
        assertThat(lazy.open(sealed, "account-1", "secret")).isEqualTo(SECRET);
        assertThat(sealer.open(sealed, "account-1", "secret")).isEqualTo(SECRET);
        assertThat(reads).hasValue(1);
        assertThat(lazy.toString()).doesNotContain(KEY_SECRET);
    }

    @Test
    void aMissingOrShortKeySecretIsRefusedWithoutPrintingIt() {
        SecretSealer missing = SecretSealer.whenNeeded(() -> null, "two-step");
        assertThatThrownBy(() -> missing.seal(SECRET, "account-1", "secret")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretSealer.derivedFrom("short-but-secret", "two-step"))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-but-secret"));
    }

    /** RFC 5869, Appendix A.1 (SHA-256): the first 32 bytes of its output keying material. */
    @Test
    void theKeyDerivationIsHkdfSha256() {
        HexFormat hex = HexFormat.of();
        byte[] okm = SecretSealer.hkdfSha256(hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"));
        assertThat(hex.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
        assertThat(KEY_SECRET.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(SecretSealer.MIN_KEY_SECRET_LENGTH);
    }

    private static String nonce(String sealed) {
        return HexFormat.of().formatHex(Base64.getUrlDecoder().decode(sealed.substring(3)), 0, 12);
    }
}
