package com.mailmoat.detect.correlation;

/** Test access to {@link PaymentDiversion}'s package-private helpers. */
public final class PaymentDiversionAccess {

    private PaymentDiversionAccess() {
    }

    public static String coordinates(String text) {
        return PaymentDiversion.coordinates(text);
    }
}
