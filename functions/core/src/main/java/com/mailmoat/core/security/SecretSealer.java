package com.mailmoat.core.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals short secrets the application keeps in its own tables (two-step sign-in's authenticator
 * keys), so that whoever reads a table, or a backup or export of it, does not get them.
 *
 * <p>AES-256-GCM with a random 96-bit nonce per seal (two seals of one secret differ). The stored
 * text is {@code v1:<base64url(nonce ‖ ciphertext ‖ tag)>}: the version names the key derivation and
 * the scheme, so either can change later while each stored value still says how it was sealed. The
 * associated data binds a sealed value to the account and the field it was sealed for: copied into
 * another account's item, or from one field to another, it does not open.
 *
 * <p>The key is derived from a key secret (in AWS the string Secrets Manager generated) by
 * HKDF-SHA256 (RFC 5869) labelled with the purpose: one key secret can then key other purposes or a
 * later version without their keys being related, and a random 64-character input needs no
 * stretching (it is not a password). The key secret and the key are never printed.
 */
public final class SecretSealer {
    static final String VERSION = "v1";
    private static final String PREFIX = VERSION + ":";
    private static final Pattern ANY_VERSION = Pattern.compile("^v[0-9]+:.*", Pattern.DOTALL);
    /** Shortest key secret accepted: a generated one has 64 characters; a short one is a deployment mistake. */
    static final int MIN_KEY_SECRET_LENGTH = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] HKDF_SALT = "mailmoat secret sealing".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> keySecret;
    private final String purpose;
    private volatile SecretKeySpec key;

    private SecretSealer(Supplier<String> keySecret, String purpose) {
        this.keySecret = Objects.requireNonNull(keySecret, "keySecret");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
    }

    /** A sealer whose key is derived now from {@code keySecret} for {@code purpose} (e.g. {@code "two-step"}). */
    public static SecretSealer derivedFrom(String keySecret, String purpose) {
        SecretSealer sealer = new SecretSealer(() -> keySecret, purpose);
        sealer.key();
        return sealer;
    }

    /**
     * A sealer that reads its key secret from {@code keySecret} (e.g. Secrets Manager) on first use and
     * keeps the key: a function that never seals or opens never reads it, and SnapStart's snapshot,
     * taken before any request, does not hold it.
     */
    public static SecretSealer whenNeeded(Supplier<String> keySecret, String purpose) {
        return new SecretSealer(keySecret, purpose);
    }

    /** Whether {@code stored} is a sealed value (of this or another version), rather than text stored in clear. */
    public static boolean isSealed(String stored) {
        return stored != null && ANY_VERSION.matcher(stored).matches();
    }

    /** {@code plaintext} sealed for {@code field} of {@code accountId}. */
    public String seal(String plaintext, String accountId, String field) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(accountId, field));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * The plaintext of a value {@link #seal sealed} for {@code field} of {@code accountId}.
     *
     * @throws UnopenableSecretException when it does not open: another key, account or field, an altered
     *                                   or truncated text, or a version this code does not know
     */
    public String open(String sealed, String accountId, String field) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new UnopenableSecretException(isSealed(sealed)
                    ? "sealed by a version this code does not know (" + sealed.substring(0, sealed.indexOf(':')) + ")"
                    : "not a sealed value");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new UnopenableSecretException("not base64url");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnopenableSecretException("too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(accountId, field));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnopenableSecretException("another key, account or field, or an altered value");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** Version, account and field, each length-prefixed so no two different bindings encode alike. */
    private static byte[] associatedData(String accountId, String field) {
        byte[][] parts = {VERSION.getBytes(StandardCharsets.UTF_8),
                Objects.requireNonNull(accountId, "accountId").getBytes(StandardCharsets.UTF_8),
                Objects.requireNonNull(field, "field").getBytes(StandardCharsets.UTF_8)};
        ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> 4 + p.length).sum());
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }

    private SecretKeySpec key() {
        SecretKeySpec derived = key;
        if (derived == null) {
            synchronized (this) {
                derived = key;
                if (derived == null) {
                    derived = derive(keySecret.get(), purpose);
                    key = derived;
                }
            }
        }
        return derived;
    }

    private static SecretKeySpec derive(String keySecret, String purpose) {
        if (keySecret == null || keySecret.strip().length() < MIN_KEY_SECRET_LENGTH) {
            // Never the value: only that it is missing or short.
            throw new IllegalStateException("The key secret for sealing " + purpose + " secrets is missing or shorter than "
                    + MIN_KEY_SECRET_LENGTH + " characters");
        }
        byte[] key = hkdfSha256(HKDF_SALT, keySecret.strip().getBytes(StandardCharsets.UTF_8),
                ("mailmoat " + purpose + " secrets " + VERSION).getBytes(StandardCharsets.UTF_8));
        return new SecretKeySpec(key, "AES");
    }

    /** HKDF-SHA256 (RFC 5869) with one expand block: the 32 bytes AES-256 needs. */
    static byte[] hkdfSha256(byte[] salt, byte[] inputKey, byte[] info) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(inputKey);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(info);
            expand.update((byte) 1);
            Arrays.fill(pseudoRandomKey, (byte) 0);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecretSealer[" + purpose + ", key hidden]";
    }
}
