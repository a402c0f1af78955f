package com.mailmoat.core.signup;

import com.mailmoat.core.account.Emails;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Console password rules. Length does most of the work; character classes and the common-password
 * list stop the guesses attackers try first.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;
    private static final int REQUIRED_CLASSES = 3;

    public static final List<PasswordRule> RULES = List.of(
            new PasswordRule("length", "At least " + MIN_LENGTH + " characters (and at most " + MAX_LENGTH + ")"),
            new PasswordRule("character-classes",
                    "Characters from at least 3 of: lower-case letters, upper-case letters, digits, symbols"),
            new PasswordRule("not-email", "Does not contain the part of your email address before the @"),
            new PasswordRule("not-common", "Is not a commonly used password"));

    private final Set<String> commonPasswords;

    public PasswordPolicy() {
        this(loadCommonPasswords());
    }

    PasswordPolicy(Set<String> commonPasswords) {
        this.commonPasswords = commonPasswords;
    }

    public List<PasswordRule> rules() {
        return RULES;
    }

    /** Every rule the password breaks; empty when it is acceptable. */
    public List<PasswordViolation> violations(String password, String email) {
        List<PasswordViolation> violations = new ArrayList<>();
        String pw = password == null ? "" : password;
        int length = pw.codePointCount(0, pw.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            violations.add(new PasswordViolation("length", length < MIN_LENGTH
                    ? "Use at least " + MIN_LENGTH + " characters; this one has " + length + "."
                    : "Use at most " + MAX_LENGTH + " characters."));
        }
        int classes = characterClasses(pw);
        if (classes < REQUIRED_CLASSES) {
            violations.add(new PasswordViolation("character-classes",
                    "Mix at least 3 kinds of characters (lower-case, upper-case, digits, symbols); this one has "
                            + classes + "."));
        }
        String local = email == null ? "" : Emails.localPart(email).toLowerCase(Locale.ROOT);
        if (local.length() >= 3 && pw.toLowerCase(Locale.ROOT).contains(local)) {
            violations.add(new PasswordViolation("not-email", "Do not include \"" + local + "\" from your email address."));
        }
        if (isCommon(pw)) {
            violations.add(new PasswordViolation("not-common",
                    "This password is on lists attackers try first; choose something less predictable."));
        }
        return violations;
    }

    private boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (commonPasswords.contains(lower)) {
            return true;
        }
        // "Password123!" style: a common word with digits and symbols bolted on.
        String core = lower.replaceAll("[^a-z]+$", "").replaceAll("^[^a-z]+", "");
        return core.length() >= 4 && commonPasswords.contains(core);
    }

    private static int characterClasses(String pw) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < pw.length(); i++) {
            char c = pw.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                symbol = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }

    private static Set<String> loadCommonPasswords() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String word = line.trim().toLowerCase(Locale.ROOT);
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
