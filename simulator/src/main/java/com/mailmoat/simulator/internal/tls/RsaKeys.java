package com.mailmoat.simulator.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** RSA key pairs for the simulator's TLS certificate and token signing. */
public final class RsaKeys {
    private RsaKeys() {
    }

    /** A fresh 2048-bit RSA key pair; {@code purpose} names it in the error if the JDK cannot. */
    public static KeyPair generate(String purpose) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate the " + purpose, e);
        }
    }
}
