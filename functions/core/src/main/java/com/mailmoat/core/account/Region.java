package com.mailmoat.core.account;

import java.util.Arrays;
import java.util.Optional;

/** Where an account's mail is processed; with outbound delivery, it decides the SPF include the customer publishes. */
public enum Region {
    US("United States"),
    UK("United Kingdom"),
    DE("Germany"),
    CA("Canada"),
    AU("Australia"),
    ZA("South Africa");

    private final String displayName;

    Region(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The region for a code such as {@code "US"}, case-insensitively; empty for anything else. */
    public static Optional<Region> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(code.trim())).findFirst();
    }
}
