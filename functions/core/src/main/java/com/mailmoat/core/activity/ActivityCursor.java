package com.mailmoat.core.activity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** Where a page of the activity log ends: the last entry's time and id, passed back opaque (base64url). */
public record ActivityCursor(Instant at, String id) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; empty when it is not one we issued. */
    public static Optional<ActivityCursor> decode(String text) {
        if (text == null || text.length() > 400) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0 || !ID.matcher(plain.substring(bar + 1)).matches()) {
                return Optional.empty();
            }
            return Optional.of(new ActivityCursor(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
