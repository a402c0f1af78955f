package com.mailmoat.adapters.m365;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the {@code roles} claim of Mailmoat's own app-only access tokens (which application
 * permissions the tenant granted). The token came straight from Microsoft's token endpoint over
 * TLS; its signature is the resource's business, not ours.
 */
final class TokenClaims {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenClaims() {
    }

    static Set<String> roles(String accessToken) {
        Set<String> roles = new LinkedHashSet<>();
        String[] parts = accessToken == null ? new String[0] : accessToken.split("\\.");
        if (parts.length < 2) {
            return roles;
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            claims.path("roles").forEach(role -> roles.add(role.asText()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            // Not a JWT we can read (an opaque token): report no roles rather than guess.
        }
        return roles;
    }
}
