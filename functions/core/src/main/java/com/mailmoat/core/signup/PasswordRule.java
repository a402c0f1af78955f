package com.mailmoat.core.signup;

/** One password rule, as the console lists it. */
public record PasswordRule(String id, String description) {
}
