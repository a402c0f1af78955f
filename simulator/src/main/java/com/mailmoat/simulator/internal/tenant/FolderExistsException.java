package com.mailmoat.simulator.internal.tenant;

/** A child folder with the same display name already exists under the parent. */
public final class FolderExistsException extends RuntimeException {
    public FolderExistsException(String displayName) {
        super(displayName);
    }
}
