package com.mailmoat.core.activity;

import java.util.Optional;

/**
 * Which team member the request being handled acts for (empty for the account's owner), so that the
 * activity log names them however deep the service that records the change. The HTTP layer sets it
 * once it has the session and clears it when the request ends; a Lambda instance runs one request
 * per thread.
 */
public final class Acting {
    private static final ThreadLocal<String> MEMBER = new ThreadLocal<>();

    private Acting() {
    }

    /** The signed-in member's address for this request (null for the owner). */
    public static void member(String email) {
        if (email == null) {
            MEMBER.remove();
        } else {
            MEMBER.set(email);
        }
    }

    public static Optional<String> member() {
        return Optional.ofNullable(MEMBER.get());
    }

    public static void clear() {
        MEMBER.remove();
    }
}
