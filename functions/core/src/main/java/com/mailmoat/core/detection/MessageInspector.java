package com.mailmoat.core.detection;

/**
 * Judges one raw message (the detection engine behind a port, so core needs no engine types).
 * Never throws: mail that cannot be parsed gets an assessment whose reasons say so.
 */
public interface MessageInspector {
    Assessment inspect(byte[] mime, TenantProfile tenant);
}
