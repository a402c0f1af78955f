package com.mailmoat.core.team;

import java.util.Locale;
import java.util.Optional;

/**
 * What a person on an account may do, from most to least. Each role may do everything the roles
 * after it may; which console action needs which role is written down once, in {@link ConsoleAccess}.
 */
public enum Role {
    /** The person who signed up: the only one who manages the team or closes the account. */
    OWNER("Owner"),
    /** Everything except managing the team and closing the account. */
    ADMINISTRATOR("Administrator"),
    /** Sees everything; handles threats (remove, release, report, block or allow a sender from a detection). */
    ANALYST("Analyst"),
    /** Sees everything and exports it; changes nothing. */
    READ_ONLY("Read-only");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return ordinal() <= needed.ordinal();
    }

    /** A role an owner can give a member (not {@link #OWNER}: an account has exactly one), from its API name. */
    public static Optional<Role> memberRole(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            Role role = valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            return role == OWNER ? Optional.empty() : Optional.of(role);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
