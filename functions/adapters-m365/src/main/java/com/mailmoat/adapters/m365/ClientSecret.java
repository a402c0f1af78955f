package com.mailmoat.adapters.m365;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The app registration's client secret, read when first needed and then kept: a function that
 * never calls Microsoft (the upgrade's notification task shares its module's wiring) never reads it,
 * so its role need not be allowed to. Never printed.
 */
public final class ClientSecret {
    private final Supplier<String> source;
    private volatile String value;

    private ClientSecret(Supplier<String> source) {
        this.source = source;
    }

    /** A secret known now (local runs and tests). */
    public static ClientSecret of(String value) {
        ClientSecret secret = new ClientSecret(() -> value);
        secret.value();
        return secret;
    }

    /** A secret read from {@code source} (e.g. Secrets Manager) on first use. */
    public static ClientSecret readWhenNeeded(Supplier<String> source) {
        return new ClientSecret(Objects.requireNonNull(source, "source"));
    }

    /** The secret, read now if it has not been yet. */
    public String value() {
        String read = value;
        if (read == null) {
            synchronized (this) {
                read = value;
                if (read == null) {
                    read = source.get();
                    if (read == null || read.isBlank()) {
                        throw new IllegalArgumentException("clientSecret is required");
                    }
                    value = read;
                }
            }
        }
        return read;
    }

    @Override
    public String toString() {
        return "ClientSecret[hidden]";
    }
}
