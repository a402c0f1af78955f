package com.mailmoat.lambda.config;

import com.mailmoat.core.config.Settings;
import java.util.Optional;

/**
 * A function's configuration as Lambda gives it: environment variables set by template.yaml.
 * The local runtime runs every function in one JVM and cannot set environment variables, so it
 * sets JVM system properties of the same names instead; those are read second.
 */
public final class Environment implements Settings {
    private static final Environment INSTANCE = new Environment();

    private Environment() {
    }

    /** The process environment (then system properties). */
    public static Environment system() {
        return INSTANCE;
    }

    @Override
    public Optional<String> find(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
