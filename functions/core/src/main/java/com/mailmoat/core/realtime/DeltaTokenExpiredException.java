package com.mailmoat.core.realtime;

import com.mailmoat.core.microsoft.MicrosoftException;

/** Graph no longer knows a delta link (410 {@code SyncStateNotFound}): a new round must start. */
public class DeltaTokenExpiredException extends MicrosoftException {
    public DeltaTokenExpiredException(String message, Throwable cause) {
        super(message, "SyncStateNotFound", cause);
    }
}
