package com.mailmoat.local.secrets;

import com.mailmoat.adapters.aws.twostep.TwoStepKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key secret two-step sign-in's secrets are sealed with. In AWS the template has Secrets Manager
 * generate it and the functions read it; locally it is given to them directly ({@value TwoStepKey#SECRET}),
 * as the Microsoft client secret is. With a data directory it is kept there ({@value #FILE}, readable
 * by its owner only), so secrets sealed before a restart still open after it; in memory, each start
 * makes a new one. It is never printed.
 */
public final class TwoStepKeySecret {
    public static final String FILE = "two-step-key-secret";
    /** Like the template's generated secret: 64 characters (48 random bytes, base64url). */
    private static final int RANDOM_BYTES = 48;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TwoStepKeySecret() {
    }

    /** The setting that hands the functions the key secret of {@code dataDir}, or a new one when null. */
    public static Map<String, String> settings(Path dataDir) throws IOException {
        return Map.of(TwoStepKey.SECRET, dataDir == null ? generate() : kept(dataDir.resolve(FILE)));
    }

    private static String kept(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions protect it.
            }
            String secret = generate();
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (FileAlreadyExistsException e) {
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.length() < 32) {
                // A new one would silently lock every account with two-step sign-in out: stop instead.
                throw new IllegalStateException(file + " is empty or damaged, so the two-step secrets in this data "
                        + "directory cannot be opened. Restore it from a copy, or start with a new data directory.");
            }
            return secret;
        }
    }

    private static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
