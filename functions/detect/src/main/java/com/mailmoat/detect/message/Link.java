package com.mailmoat.detect.message;

/**
 * A link found in the message.
 *
 * @param url    the target as written (an href, a form action or a URL in text)
 * @param text   the visible text of an HTML anchor, empty otherwise
 * @param source where it was found
 */
public record Link(String url, String text, Source source) {

    /** Where a link came from: its origin changes what is suspicious about it. */
    public enum Source {
        /** {@code <a href>} or {@code <area href>} in an HTML body. */
        ANCHOR,
        /** {@code <form action>} in an HTML body. */
        FORM_ACTION,
        /** A URL written out in plain text. */
        TEXT,
        /** A link inside an attachment (HTML, PDF). */
        ATTACHMENT
    }
}
