package com.mailmoat.core.account;

/** Raised when an optimistic-locking write lost the race; the caller may re-read and retry. */
public class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
