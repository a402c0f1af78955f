package com.mailmoat.core.notify;

import java.util.List;
import java.util.Map;

/**
 * A rendered email ready to send. {@code headers} are extra message headers (only ever ones
 * Mailmoat sets itself, such as {@code List-Unsubscribe}); none for most emails.
 */
public record Email(List<String> to, String subject, String text, String html, Map<String, String> headers) {
    public Email {
        to = List.copyOf(to);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public Email(List<String> to, String subject, String text, String html) {
        this(to, subject, text, html, Map.of());
    }
}
