package com.mailmoat.core.signup;

/** A rule the proposed password breaks, in words the administrator can act on. */
public record PasswordViolation(String rule, String message) {
}
