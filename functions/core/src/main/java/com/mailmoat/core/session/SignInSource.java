package com.mailmoat.core.session;

/**
 * Where a password attempt comes from: the network address, and the token of the browser's
 * known-browser cookie when it sent one ({@link KnownBrowsers}).
 */
public record SignInSource(String address, String browserToken) {
    public SignInSource {
        address = address == null || address.isBlank() ? "unknown" : address;
    }

    /** An attempt from a browser without a known-browser cookie. */
    public static SignInSource address(String address) {
        return new SignInSource(address, null);
    }
}
