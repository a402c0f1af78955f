package com.mailmoat.adapters.m365;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mailmoat.core.microsoft.ConsentRejectedException;
import com.mailmoat.core.microsoft.ConsentRejectedException.Reason;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.microsoft.SignedInUser;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Validates an id token from the sign-in as OpenID Connect requires. MSAL4J 1.26 parses id tokens
 * but does not check them, so this does: the RS256 signature against the keys the tenant
 * publishes (its OpenID configuration's {@code jwks_uri}, on the login host only), the issuer
 * that configuration names, the audience (our client id), expiry and not-before (5 minutes of
 * clock skew) and the nonce of our own request.
 */
final class IdTokenValidator {
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Duration KEYS_FRESH_FOR = Duration.ofHours(12);
    private static final Pattern TENANT_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Where a tenant's issuer and signing keys come from. */
    interface KeySource {
        TenantKeys fetch(String tenantId);
    }

    /** A tenant's issuer (may hold Microsoft's {@code {tenantid}} placeholder) and its RSA keys by key id. */
    record TenantKeys(String issuer, Map<String, PublicKey> keys, Instant fetchedAt) {
        /** Reads a JSON Web Key Set document; keys other than RSA signing keys are ignored. */
        static TenantKeys fromJwks(String issuer, String jwksJson, Instant fetchedAt) {
            Map<String, PublicKey> keys = new HashMap<>();
            if (JsonParser.parseString(jwksJson).getAsJsonObject().get("keys") instanceof JsonArray array) {
                for (JsonElement element : array) {
                    JsonObject jwk = element.getAsJsonObject();
                    if ("RSA".equals(text(jwk, "kty")) && text(jwk, "kid") != null && text(jwk, "n") != null
                            && text(jwk, "e") != null) {
                        keys.put(text(jwk, "kid"), rsaKey(text(jwk, "n"), text(jwk, "e")));
                    }
                }
            }
            return new TenantKeys(issuer, Map.copyOf(keys), fetchedAt);
        }
    }

    private final MicrosoftConfig config;
    private final KeySource keySource;
    private final Clock clock;
    private final ConcurrentMap<String, TenantKeys> keysByTenant = new ConcurrentHashMap<>();

    IdTokenValidator(MicrosoftConfig config, KeySource keySource, Clock clock) {
        this.config = config;
        this.keySource = keySource;
        this.clock = clock;
    }

    /** Keys from the tenant's OpenID configuration on the login host, over {@code http}. */
    static KeySource openIdKeys(MicrosoftConfig config, OkHttpClient http, Clock clock) {
        return tenantId -> {
            JsonObject configuration = JsonParser.parseString(get(http,
                    config.loginBaseUrl() + "/" + tenantId + "/v2.0/.well-known/openid-configuration")).getAsJsonObject();
            String issuer = text(configuration, "issuer");
            String jwksUri = text(configuration, "jwks_uri");
            if (issuer == null || jwksUri == null) {
                throw new MicrosoftUnavailableException("the OpenID configuration of tenant " + tenantId
                        + " lacks issuer or jwks_uri", 0, null);
            }
            URI keysAt = URI.create(jwksUri);
            if (!"https".equalsIgnoreCase(keysAt.getScheme())
                    || !config.loginBaseUrl().getHost().equalsIgnoreCase(keysAt.getHost())) {
                throw invalid("the tenant's keys are not served by the login host: " + jwksUri);
            }
            return TenantKeys.fromJwks(issuer, get(http, jwksUri), clock.instant());
        };
    }

    /**
     * SnapStart priming: validates a token signed here with a fresh key, through the same parsing,
     * key and signature code as a real one (nothing is fetched from Microsoft).
     */
    static void prime(MicrosoftConfig config) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"priming\",\"n\":\""
                    + base64.encodeToString(unsigned(publicKey.getModulus())) + "\",\"e\":\""
                    + base64.encodeToString(unsigned(publicKey.getPublicExponent())) + "\"}]}";
            String tenantId = "00000000-0000-0000-0000-000000000000";
            Clock clock = Clock.systemUTC();
            TenantKeys keys = TenantKeys.fromJwks("https://priming.invalid/{tenantid}/v2.0", jwks, clock.instant());
            long now = clock.instant().getEpochSecond();
            String header = base64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"priming\",\"typ\":\"JWT\"}"
                    .getBytes(StandardCharsets.UTF_8));
            String claims = base64.encodeToString(("{\"tid\":\"" + tenantId + "\",\"iss\":\"https://priming.invalid/"
                    + tenantId + "/v2.0\",\"aud\":\"" + config.clientId() + "\",\"exp\":" + (now + 300) + ",\"nbf\":"
                    + (now - 60) + ",\"nonce\":\"priming\",\"oid\":\"priming\",\"name\":\"Priming\","
                    + "\"preferred_username\":\"priming@priming.invalid\",\"wids\":[]}").getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(pair.getPrivate());
            signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            String token = header + "." + claims + "." + base64.encodeToString(signer.sign());
            new IdTokenValidator(config, tenant -> keys, clock).validate(token, "priming");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("priming the id-token validation failed", e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    SignedInUser validate(String idToken, String expectedNonce) {
        if (idToken == null || idToken.isBlank()) {
            throw invalid("Microsoft returned no id token");
        }
        String[] parts = idToken.split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("the id token is not a signed JWT");
        }
        JsonObject header = json(parts[0]);
        JsonObject claims = json(parts[1]);
        if (!"RS256".equals(text(header, "alg"))) {
            throw invalid("the id token is not signed with RS256 (alg=" + text(header, "alg") + ")");
        }
        String tenantId = text(claims, "tid");
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw invalid("the id token names no tenant");
        }
        TenantKeys keys = keys(tenantId, text(header, "kid"));
        PublicKey key = keys.keys().get(text(header, "kid"));
        if (key == null) {
            throw invalid("the id token's key " + text(header, "kid") + " is not one of the tenant's keys");
        }
        verifySignature(parts, key);

        String expectedIssuer = keys.issuer().replace("{tenantid}", tenantId);
        if (!expectedIssuer.equals(text(claims, "iss"))) {
            throw invalid("the id token's issuer " + text(claims, "iss") + " is not " + expectedIssuer);
        }
        if (!audiences(claims).contains(config.clientId())) {
            throw invalid("the id token was issued to another application");
        }
        Instant now = clock.instant();
        Long expiry = number(claims, "exp");
        if (expiry == null || Instant.ofEpochSecond(expiry).plus(CLOCK_SKEW).isBefore(now)) {
            throw invalid("the id token has expired");
        }
        Long notBefore = number(claims, "nbf");
        if (notBefore != null && Instant.ofEpochSecond(notBefore).minus(CLOCK_SKEW).isAfter(now)) {
            throw invalid("the id token is not valid yet");
        }
        String nonce = text(claims, "nonce");
        if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
                expectedNonce.getBytes(StandardCharsets.UTF_8))) {
            throw invalid("the id token's nonce is not the one we sent");
        }
        String objectId = text(claims, "oid");
        if (objectId == null || objectId.isBlank()) {
            throw invalid("the id token names no user (oid)");
        }
        Set<String> roles = new LinkedHashSet<>();
        if (claims.get("wids") instanceof JsonArray wids) {
            wids.forEach(role -> roles.add(role.getAsString()));
        }
        String name = text(claims, "name");
        return new SignedInUser(objectId, tenantId.toLowerCase(java.util.Locale.ROOT),
                text(claims, "preferred_username"), name, roles);
    }

    private TenantKeys keys(String tenantId, String keyId) {
        TenantKeys cached = keysByTenant.get(tenantId);
        Instant now = clock.instant();
        // Refetch when stale or when the token names a key we have not seen (Microsoft rolls keys).
        if (cached == null || cached.fetchedAt().plus(KEYS_FRESH_FOR).isBefore(now) || !cached.keys().containsKey(keyId)) {
            cached = keySource.fetch(tenantId);
            keysByTenant.put(tenantId, cached);
        }
        return cached;
    }

    private static String get(OkHttpClient http, String url) {
        Request request = new Request.Builder().url(url).get().build();
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            if (!response.isSuccessful() || body == null) {
                throw new MicrosoftUnavailableException("GET " + url + " answered " + response.code(), response.code(), null);
            }
            return body.string();
        } catch (IOException e) {
            throw new MicrosoftUnavailableException("cannot fetch " + url, 0, e);
        }
    }

    private static void verifySignature(String[] parts, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw invalid("the id token's signature does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConsentRejectedException(Reason.INVALID_ID_TOKEN, "the id token's signature cannot be checked", "", e);
        }
    }

    private static PublicKey rsaKey(String modulus, String exponent) {
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, decoder.decode(modulus)), new BigInteger(1, decoder.decode(exponent))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unusable RSA key", e);
        }
    }

    private static Set<String> audiences(JsonObject claims) {
        Set<String> audiences = new LinkedHashSet<>();
        JsonElement aud = claims.get("aud");
        if (aud instanceof JsonArray array) {
            array.forEach(value -> audiences.add(value.getAsString()));
        } else if (aud != null && aud.isJsonPrimitive()) {
            audiences.add(aud.getAsString());
        }
        return audiences;
    }

    private static JsonObject json(String base64Url) {
        try {
            return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ConsentRejectedException(Reason.INVALID_ID_TOKEN, "the id token is not readable JSON", "", e);
        }
    }

    private static String text(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || !value.isJsonPrimitive() ? null : value.getAsString();
    }

    private static Long number(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber() ? null : value.getAsLong();
    }

    private static ConsentRejectedException invalid(String message) {
        return new ConsentRejectedException(Reason.INVALID_ID_TOKEN, message);
    }

}
