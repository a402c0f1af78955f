package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * One message's answer within a batched MIME fetch ({@link MailboxGateway#fetchMimes}): its bytes,
 * or the failure Microsoft gave that message alone (each request of a Graph {@code $batch} is
 * judged, throttled and answered on its own).
 */
public sealed interface MimeResult {

    /** The message exactly as received. */
    record Fetched(byte[] mime) implements MimeResult {
        public Fetched {
            Objects.requireNonNull(mime, "mime");
        }
    }

    /** This message could not be fetched now ({@link MicrosoftThrottledException} carries its Retry-After). */
    record Failed(MicrosoftException failure) implements MimeResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
