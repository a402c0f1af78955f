package com.mailmoat.adapters.aws.twostep;

import com.mailmoat.core.config.Settings;
import com.mailmoat.core.security.SecretSealer;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the key sealing two-step secrets comes from: the secret template.yaml creates
 * ({@code TwoStepKeySecret}, named to the functions that read or write two-step state by
 * {@value #SECRET_NAME}), read through {@code secretReader} (Powertools' {@code SecretsProvider})
 * when first needed and kept for the life of the instance; or, for the local runtime and tests,
 * given directly as {@value #SECRET}. Either holds one key secret or a key ring naming the current key and the
 * retired ones still configured ({@link SecretSealer}), which is how an operator rotates the key.
 */
public final class TwoStepKey {
    /** The key secret itself (local runs and tests). */
    public static final String SECRET = "TWO_STEP_KEY_SECRET";
    /** In AWS instead: the Secrets Manager name or ARN of the key secret. */
    public static final String SECRET_NAME = "TWO_STEP_KEY_SECRET_NAME";
    /** The HKDF label of the key: the same key secret could key another purpose, with a different key. */
    static final String PURPOSE = "two-step";

    private TwoStepKey() {
    }

    /**
     * The sealer of two-step secrets. Nothing is read until a secret is sealed or opened, so a
     * function that only checks passwords (offboarding) needs neither the setting nor the grant.
     */
    public static SecretSealer sealer(Settings settings, UnaryOperator<String> secretReader) {
        Optional<String> direct = settings.find(SECRET);
        Optional<String> name = settings.find(SECRET_NAME);
        return SecretSealer.whenNeeded(() -> direct.orElseGet(() -> secretReader.apply(name.orElseThrow(
                () -> new IllegalStateException(SECRET_NAME + " is not set: this function is not given the two-step key")))),
                PURPOSE);
    }
}
