package com.mailmoat.simulator.internal.tenant;

import java.security.SecureRandom;
import java.util.Base64;

/** Identifiers shaped like Exchange's (opaque, URL-safe base64 with a trailing {@code =}). */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new message id: a moved copy always gets a fresh one, as in Exchange. */
    public static String messageId() {
        return "AAMkAG" + randomChars(30) + "AAA=";
    }

    /** An immutable id (what {@code Prefer: IdType="ImmutableId"} returns): it survives moves in the mailbox. */
    public static String immutableId() {
        return "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A" + randomChars(24) + "AAA=";
    }

    public static String folderId() {
        return "AQMkAD" + randomChars(18) + "AAAA==";
    }

    public static String changeKey() {
        return "CQAAABYAAA" + randomChars(18);
    }

    private static String randomChars(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
