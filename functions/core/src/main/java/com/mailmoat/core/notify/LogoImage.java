package com.mailmoat.core.notify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The account's logo as Mailmoat keeps it: a copy of the image at the branding's logo address, taken
 * when the address is saved, so the console shows it from Mailmoat's own API and administrators' browsers
 * never contact the customer's host. Only raster formats recognised by their first bytes are kept (PNG,
 * JPEG, GIF, WebP): SVG can carry script, and a declared content type is not trusted.
 *
 * @param sourceUrl the logo address it was copied from
 */
public record LogoImage(byte[] bytes, String contentType, String sourceUrl) {
    /** Large enough for any header logo; small enough to keep beside the profile. */
    public static final int MAX_BYTES = 100_000;

    public LogoImage {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The image type these bytes are, by their signature; empty for anything else (HTML, SVG, text, unknown). */
    public static Optional<String> typeOf(byte[] data) {
        if (data == null) {
            return Optional.empty();
        }
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(data, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of("image/gif");
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    /** A version of the image for cache-busting its address (changes whenever the image does). */
    public String version() {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean startsWith(byte[] data, int offset, int... signature) {
        if (data.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
