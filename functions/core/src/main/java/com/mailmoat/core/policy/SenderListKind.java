package com.mailmoat.core.policy;

/** The organisation-wide sender lists. */
public enum SenderListKind {
    /** Always allowed: never quarantined, and the engine does not flag them on authentication alone. */
    PERMITTED,
    /** Always judged malicious. */
    BLOCKED,
    /** Sender IPs or domains allowed to send as the organisation's own domains (e.g. a partner's mailing service). */
    SPOOFING_EXCEPTIONS;

    /** The list's name in URLs: {@code permitted}, {@code blocked}, {@code spoofing-exceptions}. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static SenderListKind fromSlug(String slug) {
        for (SenderListKind kind : values()) {
            if (kind.slug().equals(slug)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("No sender list " + slug);
    }
}
