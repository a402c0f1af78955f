package com.mailmoat.core.config;

import java.util.Optional;

/**
 * Reads a function's configuration. In Lambda the values are environment variables set by
 * template.yaml; the local runtime runs every function in one JVM and cannot set environment
 * variables, so it sets JVM system properties of the same names instead.
 */
public final class Env {
    private Env() {
    }

    /** The value of {@code name}, from the environment first, then the system properties. */
    public static Optional<String> get(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The value of {@code name}, or {@code fallback} when it is not configured. */
    public static String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    /** The value of {@code name}; a missing value is a deployment error, reported by name. */
    public static String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("Missing configuration: " + name));
    }
}
