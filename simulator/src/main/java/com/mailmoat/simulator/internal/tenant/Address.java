package com.mailmoat.simulator.internal.tenant;

/** A mail address with its display name, as Graph's {@code emailAddress} object has it. */
public record Address(String name, String address) {
}
