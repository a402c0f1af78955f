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

        assertThat(sealed).startsWith("v2:1:").doesNotContain(SECRET);
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
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(5));
        for (int position : new int[] {0, 12, bytes.length - 1}) { // nonce, ciphertext, tag
            byte[] tampered = bytes.clone();
            tampered[position] ^= 1;
            String altered = "v2:1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> sealer.open(altered, "account-1", "secret")).as("byte " + position)
                    .isInstanceOf(UnopenableSecretException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(altered.substring(5, 20)));
        }
        assertThatThrownBy(() -> sealer.open(sealed.substring(0, 30), "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> sealer.open("v2:1:not*base64", "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> sealer.open("v1:not*base64", "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> sealer.open("v9:" + sealed.substring(3), "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class).hasMessageContaining("v9");
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
        return HexFormat.of().formatHex(Base64.getUrlDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1)), 0, 12);
    }

    // ---- key ids and rotation ----

    /** Key secrets of a rotation: the one the stack generated, and its successor. */
    private static final String OLD_KEY = "k1-generated-key-secret-0123456789abcdefghijklmnopqrstuvwxyzABCD";
    private static final String NEW_KEY = "k2-rotated-key-secret-ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvu";
    /**
     * "JBSWY3DPEHPK3PXP" sealed for acct-legacy's "secret" with OLD_KEY by the code before key ids (v1, no id),
     * as items written then hold it.
     */
    private static final String SEALED_BEFORE_KEY_IDS = "v1:mK0DGj1vkJ1Qim5UGodVaNkGHVjskloUfY_lGAkKeFci90MGs2QjGz9K2c4";

    private static String ring(String current, String... idsAndSecrets) {
        StringBuilder json = new StringBuilder("{\"current\": \"" + current + "\"");
        for (int i = 0; i < idsAndSecrets.length; i += 2) {
            json.append(", \"").append(idsAndSecrets[i]).append("\": \"").append(idsAndSecrets[i + 1]).append('"');
        }
        return json.append('}').toString();
    }

    @Test
    void aValueSealedBeforeKeyIdsStillOpensWithItsKeyAloneOrInAKeyRingWhereverItStands() {
        assertThat(SecretSealer.derivedFrom(OLD_KEY, "two-step").open(SEALED_BEFORE_KEY_IDS, "acct-legacy", "secret"))
                .isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(SecretSealer.derivedFrom(ring("2", "1", OLD_KEY, "2", NEW_KEY), "two-step")
                .open(SEALED_BEFORE_KEY_IDS, "acct-legacy", "secret")).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> SecretSealer.derivedFrom(NEW_KEY, "two-step").open(SEALED_BEFORE_KEY_IDS, "acct-legacy", "secret"))
                .as("its key is no longer configured").isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> SecretSealer.derivedFrom(OLD_KEY, "two-step").open(SEALED_BEFORE_KEY_IDS, "acct-other", "secret"))
                .as("still bound to its account").isInstanceOf(UnopenableSecretException.class);
    }

    @Test
    void newSealsCarryTheCurrentKeysIdAndOpenByItWhileRetiredKeysStillOpenWhatTheySealed() {
        SecretSealer before = SecretSealer.derivedFrom(OLD_KEY, "two-step");
        String sealedBefore = before.seal(SECRET, "account-1", "secret");
        assertThat(sealedBefore).startsWith("v2:1:");

        SecretSealer rotated = SecretSealer.derivedFrom(ring("2", "1", OLD_KEY, "2", NEW_KEY), "two-step");
        String sealedAfter = rotated.seal(SECRET, "account-1", "secret");

        assertThat(rotated.currentKeyId()).isEqualTo("2");
        assertThat(sealedAfter).startsWith("v2:2:");
        assertThat(rotated.open(sealedBefore, "account-1", "secret")).as("the retired key still opens").isEqualTo(SECRET);
        assertThat(rotated.open(sealedAfter, "account-1", "secret")).isEqualTo(SECRET);
        assertThatThrownBy(() -> before.open(sealedAfter, "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class).hasMessageContaining("key 2").hasMessageContaining("not configured");

        // Once every value is sealed again, the old key can go: the new key alone opens the new seals.
        SecretSealer retired = SecretSealer.derivedFrom(ring("2", "2", NEW_KEY), "two-step");
        assertThat(retired.open(sealedAfter, "account-1", "secret")).isEqualTo(SECRET);
        assertThatThrownBy(() -> retired.open(sealedBefore, "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class).hasMessageContaining("key 1");
    }

    @Test
    void theKeyIdIsBoundToTheValueSoRelabellingItDoesNotOpen() {
        // Both keys derive from the same secret: only the id in the text differs, and the binding catches it.
        SecretSealer twins = SecretSealer.derivedFrom(ring("a", "a", NEW_KEY, "b", NEW_KEY), "two-step");
        String sealed = twins.seal(SECRET, "account-1", "secret");
        assertThat(sealed).startsWith("v2:a:");
        assertThatThrownBy(() -> twins.open("v2:b:" + sealed.substring(5), "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> twins.open("v2:" + sealed.substring(5), "account-1", "secret"))
                .isInstanceOf(UnopenableSecretException.class);
    }

    @Test
    void aKeyRingWithoutItsCurrentKeyOrWithAShortKeyOrNotJsonIsRefusedWithoutPrintingAnyKey() {
        for (String bad : new String[] {ring("3", "1", OLD_KEY, "2", NEW_KEY), "{\"1\": \"" + OLD_KEY + "\"}",
                ring("2", "1", OLD_KEY, "2", "short"), "{\"current\": \"1\", \"1\": \"" + OLD_KEY + "\",}",
                ring("bad id!", "bad id!", OLD_KEY)}) {
            assertThatThrownBy(() -> SecretSealer.derivedFrom(bad, "two-step")).as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(OLD_KEY).doesNotContain("short\""));
        }
    }
}
