package com.mailmoat.simulator.internal.login;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one multi-tenant app registration the simulator knows: client id, secret and redirect
 * URIs. With no registered redirect URI, any loopback ({@code 127.0.0.1} / {@code localhost})
 * URI is accepted, because the local runtime's port is only known after start.
 */
public final class AppRegistration {

    private final String clientId;
    private final String clientSecret;
    private final String displayName;
    private final List<String> redirectUris = new CopyOnWriteArrayList<>();

    public AppRegistration(String clientId, String clientSecret, List<String> redirectUris) {
        this(clientId, clientSecret, redirectUris, "Mailmoat");
    }

    public AppRegistration(String clientId, String clientSecret, List<String> redirectUris, String displayName) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.displayName = displayName;
        this.redirectUris.addAll(redirectUris);
    }

    /** The app's display name, as the consent prompt shows it. */
    public String displayName() {
        return displayName;
    }

    public String clientId() {
        return clientId;
    }

    public boolean secretMatches(String secret) {
        return clientSecret.equals(secret);
    }

    public void addRedirectUri(String uri) {
        redirectUris.add(uri);
    }

    /** Exact match against the registered URIs (as Entra ID requires), or any loopback URI if none. */
    public boolean allowsRedirect(String uri) {
        if (uri == null || uri.isBlank()) {
            return false;
        }
        if (!redirectUris.isEmpty()) {
            return redirectUris.contains(uri);
        }
        try {
            URI parsed = URI.create(uri);
            String host = parsed.getHost();
            return ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
                    && ("127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
