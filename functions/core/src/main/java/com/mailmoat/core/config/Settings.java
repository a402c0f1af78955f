package com.mailmoat.core.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Named configuration values handed to a function's composition root (in Lambda: the environment
 * variables template.yaml sets). Core never reads the environment itself: services receive plain
 * values, and only adapter factories and wiring classes look names up here.
 */
@FunctionalInterface
public interface Settings {

    /** The value of {@code name}; blank counts as absent. */
    Optional<String> find(String name);

    /** The value of {@code name}, or {@code fallback} when it is not configured. */
    default String get(String name, String fallback) {
        return find(name).orElse(fallback);
    }

    /** The value of {@code name}; a missing value is a deployment error, reported by name. */
    default String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("Missing configuration: " + name));
    }

    default int getInt(String name, int fallback) {
        return find(name).map(value -> parse(name, value, Integer::parseInt)).orElse(fallback);
    }

    default long getLong(String name, long fallback) {
        return find(name).map(value -> parse(name, value, Long::parseLong)).orElse(fallback);
    }

    /** {@code true} or {@code false} (any case); anything else is a deployment error, reported by name. */
    default boolean getBoolean(String name, boolean fallback) {
        return find(name).map(value -> {
            String v = value.strip();
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalStateException("Configuration " + name + " is not true or false: " + value);
        }).orElse(fallback);
    }

    /** A duration given in whole seconds. */
    default Duration getSeconds(String name, Duration fallback) {
        return find(name).map(value -> Duration.ofSeconds(parse(name, value, Long::parseLong))).orElse(fallback);
    }

    /** Fixed values, e.g. for tests. */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> Optional.ofNullable(copy.get(name)).filter(value -> !value.isBlank());
    }

    private static <T> T parse(String name, String value, Function<String, T> parser) {
        try {
            return parser.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Configuration " + name + " is not a number: " + value, e);
        }
    }
}
