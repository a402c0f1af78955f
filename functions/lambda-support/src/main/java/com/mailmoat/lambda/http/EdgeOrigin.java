package com.mailmoat.lambda.http;

import com.mailmoat.core.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The caller's address behind the console's CloudFront distribution (template.yaml, {@code ConsoleDistribution}).
 * There API Gateway sees an edge server's address, so the viewer's is taken from {@code CloudFront-Viewer-Address},
 * but only on a request that proves it came through the distribution: CloudFront adds {@code X-Mailmoat-Edge} with
 * the stack's edge secret to every API request, and a caller who reaches API Gateway directly does not know it, so it
 * cannot choose its own address to get around the per-address sign-in limits.
 */
public final class EdgeOrigin {
    /** The setting that holds the edge secret (a generated Secrets Manager value in AWS; unset locally). */
    public static final String SECRET_SETTING = "CONSOLE_EDGE_SECRET";
    public static final String PROOF_HEADER = "X-Mailmoat-Edge";
    public static final String VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address";
    /** No distribution in front: the connection's address is the caller's. */
    public static final EdgeOrigin NONE = new EdgeOrigin(null);
    /** Shorter than this is not a secret the template generated (48 characters): trust no header then. */
    private static final int MIN_SECRET_LENGTH = 32;
    /** The longest IPv6 text form. */
    private static final int MAX_ADDRESS_LENGTH = 45;

    private final byte[] secret;

    private EdgeOrigin(String secret) {
        this.secret = secret == null || secret.length() < MIN_SECRET_LENGTH ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** From the function's settings ({@value #SECRET_SETTING}). */
    public static EdgeOrigin of(Settings settings) {
        return new EdgeOrigin(settings.find(SECRET_SETTING).orElse(null));
    }

    /** With this edge secret (tests). */
    public static EdgeOrigin withSecret(String secret) {
        return new EdgeOrigin(secret);
    }

    /** The viewer's address CloudFront reports, when the request proves it came through CloudFront. */
    Optional<String> viewerAddress(ApiRequest request) {
        if (secret == null) {
            return Optional.empty();
        }
        Optional<String> proof = request.header(PROOF_HEADER);
        if (proof.isEmpty() || !MessageDigest.isEqual(secret, proof.get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return request.header(VIEWER_ADDRESS_HEADER).flatMap(EdgeOrigin::withoutPort);
    }

    /** {@code 198.51.100.10:46532} or {@code 2001:db8::1:46532} (CloudFront's forms) without the port. */
    static Optional<String> withoutPort(String addressAndPort) {
        int colon = addressAndPort.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String address = addressAndPort.substring(0, colon).trim();
        boolean plausible = !address.isEmpty() && address.length() <= MAX_ADDRESS_LENGTH
                && address.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0);
        return plausible ? Optional.of(address) : Optional.empty();
    }
}
