package com.mailmoat.core.notify;

import java.util.List;

/** A rendered email ready to send. */
public record Email(List<String> to, String subject, String text, String html) {
    public Email {
        to = List.copyOf(to);
    }
}
