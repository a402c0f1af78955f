package com.mailmoat.simulator.internal.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Issues and checks the simulator's access tokens: RS256 JWTs scoped to one tenant that expire
 * after the configured lifetime. "Expire all tokens now" bumps a generation number that every
 * token carries, so older tokens fail exactly like expired ones.
 */
public final class TokenService {

    /** The outcome of checking a bearer token. */
    public sealed interface Check permits Valid, Invalid {
    }

    /** A token that may be used. */
    public record Valid(AccessToken token) implements Check {
    }

    /** A token that may not be used; {@code message} is what Graph would say. */
    public record Invalid(String message) implements Check {
    }

    private final SigningKey key;
    private final Supplier<String> issuerBase;
    private final Duration lifetime;
    private final AtomicLong generation = new AtomicLong(1);
    /** Tells this simulator's tokens from another's in the same JVM (they share the signing key). */
    private final String instance = UUID.randomUUID().toString();

    public TokenService(SigningKey key, Supplier<String> issuerBase, Duration lifetime) {
        this.key = key;
        this.issuerBase = issuerBase;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Makes every token issued so far invalid from now on (Graph answers 401 as for expired tokens). */
    public void expireAll() {
        generation.incrementAndGet();
    }

    public String issuer(String tenantId) {
        return issuerBase.get() + "/" + tenantId + "/v2.0";
    }

    /**
     * An app-only token (client credentials) for a resource such as {@code https://graph.microsoft.com}:
     * its {@code roles} claim lists the application roles granted for that resource (left out when
     * none are, as Entra does).
     */
    public String appToken(String tenantId, String appId, String audience, Collection<String> roles) {
        ObjectNode claims = baseClaims(tenantId, appId, audience);
        claims.put("idtyp", "app");
        claims.put("oid", UUID.nameUUIDFromBytes((tenantId + "/sp/" + appId).getBytes()).toString());
        if (!roles.isEmpty()) {
            ArrayNode array = claims.putArray("roles");
            roles.forEach(array::add);
        }
        return key.sign(claims);
    }

    /** A delegated token for a signed-in user (authorization code flow). */
    public String userToken(String tenantId, String appId, String userObjectId, String upn, String scope) {
        ObjectNode claims = baseClaims(tenantId, appId, "https://graph.microsoft.com");
        claims.put("idtyp", "user");
        claims.put("oid", userObjectId);
        claims.put("upn", upn);
        claims.put("scp", scope);
        return key.sign(claims);
    }

    /** The OIDC id token naming the signed-in user. */
    public String idToken(String tenantId, String appId, String userObjectId, String upn, String name,
                          List<String> wids, String nonce) {
        Instant now = Instant.now();
        ObjectNode claims = Json.object()
                .put("aud", appId)
                .put("iss", issuer(tenantId))
                .put("iat", now.getEpochSecond())
                .put("nbf", now.getEpochSecond())
                .put("exp", now.plus(Duration.ofHours(1)).getEpochSecond())
                .put("name", name)
                .put("oid", userObjectId)
                .put("preferred_username", upn)
                .put("sub", UUID.nameUUIDFromBytes((appId + "/" + userObjectId).getBytes()).toString())
                .put("tid", tenantId)
                .put("ver", "2.0");
        ArrayNode widsArray = claims.putArray("wids");
        wids.forEach(widsArray::add);
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        return key.sign(claims);
    }

    /** Checks a bearer token against the audience a resource expects. */
    public Check check(String bearer, List<String> acceptedAudiences) {
        if (bearer == null || bearer.isBlank()) {
            return new Invalid("Access token is empty.");
        }
        JsonNode claims = key.verify(bearer).orElse(null);
        if (claims == null) {
            return new Invalid("Access token validation failure.");
        }
        if (!instance.equals(claims.path("sim_instance").asText())) {
            return new Invalid("Access token validation failure. Invalid signature.");
        }
        long expires = claims.path("exp").asLong();
        if (Instant.now().getEpochSecond() >= expires || claims.path("sim_gen").asLong() != generation.get()) {
            return new Invalid("Lifetime validation failed, the token is expired.");
        }
        String audience = claims.path("aud").asText();
        if (!acceptedAudiences.contains(audience)) {
            return new Invalid("Access token validation failure. Invalid audience.");
        }
        String userObjectId = "user".equals(claims.path("idtyp").asText()) ? claims.path("oid").asText() : null;
        Set<String> roles = new LinkedHashSet<>();
        claims.path("roles").forEach(role -> roles.add(role.asText()));
        return new Valid(new AccessToken(claims.path("tid").asText(), claims.path("appid").asText(), userObjectId,
                audience, Set.copyOf(roles)));
    }

    private ObjectNode baseClaims(String tenantId, String appId, String audience) {
        Instant now = Instant.now();
        return Json.object()
                .put("aud", audience)
                .put("iss", issuer(tenantId))
                .put("iat", now.getEpochSecond())
                .put("nbf", now.getEpochSecond())
                .put("exp", now.plus(lifetime).getEpochSecond())
                .put("appid", appId)
                .put("azp", appId)
                .put("tid", tenantId)
                .put("uti", UUID.randomUUID().toString())
                .put("ver", "2.0")
                .put("sim_gen", generation.get())
                .put("sim_instance", instance);
    }
}
