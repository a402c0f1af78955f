package com.mailmoat.simulator.internal.tenant;

/** A message or folder id that does not exist (any more) in the mailbox. */
public final class ItemNotFoundException extends RuntimeException {
    public ItemNotFoundException(String id) {
        super(id);
    }
}
