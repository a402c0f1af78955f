package com.mailmoat.core.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
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
 * text is {@code v2:<keyId>:<base64url(nonce ‖ ciphertext ‖ tag)>}: the version names the key derivation and
 * the scheme, the key id the key it was sealed with, so a key can be rotated while each stored value still
 * says which key opens it. Values of the first version, {@code v1:<base64url>}, carry no key id: they open
 * with whichever configured key sealed them (GCM's tag tells), and are sealed anew, under the current key,
 * by their next write, as any value sealed under a retired key is. The associated data binds a sealed value
 * to the version, key id, account and field it was sealed for: copied into another account's item, or from
 * one field to another, it does not open.
 *
 * <p>The key secret (in AWS the string Secrets Manager generated) is either one string, the key with id
 * {@value #FIRST_KEY_ID}, or a key ring as a JSON object of strings naming the key that seals and every key
 * that still opens: {@code {"current": "2", "1": "<old key secret>", "2": "<new key secret>"}}. Each key is
 * derived from its secret by HKDF-SHA256 (RFC 5869) labelled with the purpose and version: one key secret
 * can then key other purposes or versions without their keys being related, and a random 64-character
 * input needs no stretching (it is not a password). Key secrets and keys are never printed.
 */
public final class SecretSealer {
    static final String VERSION = "v2";
    private static final String PREFIX = VERSION + ":";
    private static final String FIRST_VERSION_PREFIX = "v1:";
    /** The id of a key secret given as one string (as the stack generates it): rotation keeps it under this id. */
    public static final String FIRST_KEY_ID = "1";
    /** The key ring's entry naming the key that seals. */
    public static final String CURRENT = "current";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern ANY_VERSION = Pattern.compile("^v[0-9]+:.*", Pattern.DOTALL);
    /** A flat JSON object of strings without escapes: the shape of a Secrets Manager key/value secret. */
    private static final Pattern JSON_OBJECT = Pattern.compile("\\{\\s*(\"[^\"\\\\]*\"\\s*:\\s*\"[^\"\\\\]*\"\\s*(,\\s*\"[^\"\\\\]*\"\\s*:\\s*\"[^\"\\\\]*\"\\s*)*)?\\}");
    private static final Pattern JSON_MEMBER = Pattern.compile("\"([^\"\\\\]*)\"\\s*:\\s*\"([^\"\\\\]*)\"");
    /** Shortest key secret accepted: a generated one has 64 characters; a short one is a deployment mistake. */
    static final int MIN_KEY_SECRET_LENGTH = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] HKDF_SALT = "mailmoat secret sealing".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> keySecret;
    private final String purpose;
    private volatile Keys keys;

    /** The keys derived from the key ring: the one that seals, and each configured one by id (both versions). */
    private record Keys(String currentId, Map<String, SecretKeySpec> byId, List<SecretKeySpec> firstVersion) {
    }

    private SecretSealer(Supplier<String> keySecret, String purpose) {
        this.keySecret = Objects.requireNonNull(keySecret, "keySecret");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
    }

    /** A sealer whose keys are derived now from {@code keySecret} (a string or a key ring) for {@code purpose}. */
    public static SecretSealer derivedFrom(String keySecret, String purpose) {
        SecretSealer sealer = new SecretSealer(() -> keySecret, purpose);
        sealer.keys();
        return sealer;
    }

    /**
     * A sealer that reads its key secret from {@code keySecret} (e.g. Secrets Manager) on first use and
     * keeps the keys: a function that never seals or opens never reads it, and SnapStart's snapshot,
     * taken before any request, does not hold it.
     */
    public static SecretSealer whenNeeded(Supplier<String> keySecret, String purpose) {
        return new SecretSealer(keySecret, purpose);
    }

    /** Whether {@code stored} is a sealed value (of this or another version), rather than text stored in clear. */
    public static boolean isSealed(String stored) {
        return stored != null && ANY_VERSION.matcher(stored).matches();
    }

    /** The id of the key that seals now (the key ring's {@value #CURRENT}). */
    public String currentKeyId() {
        return keys().currentId();
    }

    /** {@code plaintext} sealed for {@code field} of {@code accountId}, with the current key. */
    public String seal(String plaintext, String accountId, String field) {
        Keys ring = keys();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, ring.byId().get(ring.currentId()), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(VERSION, ring.currentId(), accountId, field));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + ring.currentId() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * The plaintext of a value {@link #seal sealed} for {@code field} of {@code accountId}: a {@code v2} value
     * with the key its id names, a {@code v1} value with whichever configured key sealed it.
     *
     * @throws UnopenableSecretException when it does not open: a key no longer configured, another key, account
     *                                   or field, an altered or truncated text, or a version this code does not know
     */
    public String open(String sealed, String accountId, String field) {
        if (sealed != null && sealed.startsWith(FIRST_VERSION_PREFIX)) {
            byte[] bytes = decode(sealed.substring(FIRST_VERSION_PREFIX.length()));
            for (SecretKeySpec key : keys().firstVersion()) {
                String plain = tryOpen(key, bytes, associatedData("v1", null, accountId, field));
                if (plain != null) {
                    return plain;
                }
            }
            throw new UnopenableSecretException("sealed by the first version with a key not configured, or for another "
                    + "account or field, or altered");
        }
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new UnopenableSecretException(isSealed(sealed)
                    ? "sealed by a version this code does not know (" + sealed.substring(0, sealed.indexOf(':')) + ")"
                    : "not a sealed value");
        }
        int colon = sealed.indexOf(':', PREFIX.length());
        String keyId = colon < 0 ? "" : sealed.substring(PREFIX.length(), colon);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new UnopenableSecretException("no key id");
        }
        SecretKeySpec key = keys().byId().get(keyId);
        if (key == null) {
            // The id is ours, not the customer's: naming it tells the operator which key to configure again.
            throw new UnopenableSecretException("sealed with key " + keyId + ", which is not configured");
        }
        String plain = tryOpen(key, decode(sealed.substring(colon + 1)), associatedData(VERSION, keyId, accountId, field));
        if (plain == null) {
            throw new UnopenableSecretException("another key, account or field, or an altered value");
        }
        return plain;
    }

    private static byte[] decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new UnopenableSecretException("not base64url");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnopenableSecretException("too short");
        }
        return bytes;
    }

    /** The plaintext, or null when the tag does not match (another key, binding, or an altered value). */
    private static String tryOpen(SecretKeySpec key, byte[] bytes, byte[] associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Version, key id (none in the first version), account and field, each length-prefixed so no two different
     * bindings encode alike.
     */
    private static byte[] associatedData(String version, String keyId, String accountId, String field) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(version.getBytes(StandardCharsets.UTF_8));
        if (keyId != null) {
            parts.add(keyId.getBytes(StandardCharsets.UTF_8));
        }
        parts.add(Objects.requireNonNull(accountId, "accountId").getBytes(StandardCharsets.UTF_8));
        parts.add(Objects.requireNonNull(field, "field").getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.allocate(parts.stream().mapToInt(p -> 4 + p.length).sum());
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }

    private Keys keys() {
        Keys derived = keys;
        if (derived == null) {
            synchronized (this) {
                derived = keys;
                if (derived == null) {
                    derived = derive(keySecret.get(), purpose);
                    keys = derived;
                }
            }
        }
        return derived;
    }

    private static Keys derive(String keySecret, String purpose) {
        Map<String, String> ring = keyRing(keySecret, purpose);
        String current = ring.get(CURRENT);
        Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
        List<SecretKeySpec> firstVersion = new ArrayList<>();
        // The current key first: most first-version values were sealed by the key still current.
        List<String> ids = new ArrayList<>(ring.keySet());
        ids.remove(CURRENT);
        ids.remove(current);
        ids.add(0, current);
        for (String id : ids) {
            String secret = ring.get(id);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("The key ring for sealing " + purpose + " secrets has a key id that is not "
                        + "1 to 32 letters, digits, '.', '_' or '-'");
            }
            if (secret == null || secret.strip().length() < MIN_KEY_SECRET_LENGTH) {
                // Never the value: only which key is missing or short.
                throw new IllegalStateException("The key secret " + id + " for sealing " + purpose
                        + " secrets is missing or shorter than " + MIN_KEY_SECRET_LENGTH + " characters");
            }
            byte[] input = secret.strip().getBytes(StandardCharsets.UTF_8);
            byId.put(id, new SecretKeySpec(hkdfSha256(HKDF_SALT, input,
                    ("mailmoat " + purpose + " secrets " + VERSION).getBytes(StandardCharsets.UTF_8)), "AES"));
            firstVersion.add(new SecretKeySpec(hkdfSha256(HKDF_SALT, input,
                    ("mailmoat " + purpose + " secrets v1").getBytes(StandardCharsets.UTF_8)), "AES"));
        }
        return new Keys(current, Map.copyOf(byId), List.copyOf(firstVersion));
    }

    /** The key secret as a key ring: {"current": id, id: secret, ...}; one string is the ring of key {@value #FIRST_KEY_ID}. */
    private static Map<String, String> keyRing(String keySecret, String purpose) {
        String text = keySecret == null ? "" : keySecret.strip();
        Map<String, String> ring = new LinkedHashMap<>();
        if (!text.startsWith("{")) {
            ring.put(CURRENT, FIRST_KEY_ID);
            ring.put(FIRST_KEY_ID, text);
            return ring;
        }
        if (!JSON_OBJECT.matcher(text).matches()) {
            throw new IllegalStateException("The key ring for sealing " + purpose + " secrets is not a JSON object of "
                    + "strings (without escapes): {\"current\": \"2\", \"1\": \"...\", \"2\": \"...\"}");
        }
        Matcher member = JSON_MEMBER.matcher(text);
        while (member.find()) {
            if (ring.put(member.group(1), member.group(2)) != null) {
                throw new IllegalStateException("The key ring for sealing " + purpose + " secrets names a key twice");
            }
        }
        String current = ring.get(CURRENT);
        if (current == null || !ring.containsKey(current) || CURRENT.equals(current)) {
            throw new IllegalStateException("The key ring for sealing " + purpose + " secrets must name its current key "
                    + "(\"current\": \"<id>\") and hold that key");
        }
        return ring;
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
