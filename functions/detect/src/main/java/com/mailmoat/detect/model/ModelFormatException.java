package com.mailmoat.detect.model;

import java.io.IOException;

/**
 * The bytes given as a model are not one this engine can use: not a model file, corrupted
 * (checksum), of an unknown format version, trained on another feature format, or a tenant layer
 * whose base model is not the one given. Callers catch it and carry on with the rules alone (a
 * verdict without a model is still a complete verdict).
 */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
