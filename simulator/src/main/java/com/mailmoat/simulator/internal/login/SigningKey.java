package com.mailmoat.simulator.internal.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.tls.RsaKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The RSA key the simulated identity platform signs id tokens and access tokens with (RS256),
 * published as a JWKS at {@code /{tenant}/discovery/v2.0/keys} so clients can verify them.
 */
public final class SigningKey {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private final KeyPair keyPair;
    private final String keyId;

    private SigningKey(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.keyId = thumbprint(keyPair.getPublic().getEncoded());
    }

    /**
     * A signing key. The RSA key pair is generated once per JVM (key generation dominates start-up
     * time); tokens still never cross simulators because each checks a per-instance generation.
     */
    public static SigningKey generate() {
        return new SigningKey(KeyHolder.KEY_PAIR);
    }

    private static final class KeyHolder {
        static final KeyPair KEY_PAIR = RsaKeys.generate("token signing key");
    }

    public String keyId() {
        return keyId;
    }

    /** Signs the claims as a compact JWS ({@code header.payload.signature}). */
    public String sign(ObjectNode claims) {
        ObjectNode header = Json.object().put("typ", "JWT").put("alg", "RS256").put("kid", keyId);
        String signingInput = B64URL.encodeToString(Json.bytes(header)) + "." + B64URL.encodeToString(Json.bytes(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    /** The claims of a token this key signed, or empty if it is malformed or the signature fails. */
    public Optional<JsonNode> verify(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(keyPair.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(B64URL_DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            return Optional.of(Json.parse(B64URL_DECODER.decode(parts[1])));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The JSON Web Key Set document, in the shape Entra ID publishes. */
    public ObjectNode jwks(String issuer) {
        RSAPublicKey publicKey = (RSAPublicKey) keyPair.getPublic();
        ObjectNode key = Json.object()
                .put("kty", "RSA")
                .put("use", "sig")
                .put("kid", keyId)
                .put("x5t", keyId)
                .put("n", B64URL.encodeToString(unsigned(publicKey.getModulus())))
                .put("e", B64URL.encodeToString(unsigned(publicKey.getPublicExponent())))
                .put("issuer", issuer);
        ObjectNode document = Json.object();
        document.putArray("keys").add(key);
        return document;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String thumbprint(byte[] encoded) {
        try {
            return B64URL.encodeToString(Arrays.copyOf(MessageDigest.getInstance("SHA-1").digest(encoded), 20));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
