package com.mailmoat.core.twostep;

import com.mailmoat.core.security.SecretTokens;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One-time recovery codes: sixteen base32 letters and digits in groups of four (80 random bits,
 * so a fast hash of them is safe to store), each good for one sign-in when the authenticator is lost.
 */
public final class RecoveryCodes {
    public static final int COUNT = 10;
    private static final int LENGTH = 16;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** {@value #COUNT} new codes, as shown to the administrator once. */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < LENGTH; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** The stored hash of a code as typed (any case, with or without dashes and spaces); empty when it cannot be one. */
    public static Optional<String> hash(String typed) {
        if (typed == null || typed.length() > 64) {
            return Optional.empty();
        }
        String clean = typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        if (clean.length() != LENGTH || !clean.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(SecretTokens.hash("recovery:" + clean));
    }
}
