package com.mailmoat.core.detection;

/**
 * Judges one raw message (the detection engine behind a port, so core needs no engine types).
 * Never throws: mail that cannot be parsed gets an assessment whose reasons say so.
 */
public interface MessageInspector {
    Assessment inspect(byte[] mime, TenantProfile tenant);

    /**
     * Judges with only {@code engines} switched on (a policy's choice); the engines that are not
     * switchable (authentication, language, sender lists) always run. By default all run.
     */
    default Assessment inspect(byte[] mime, TenantProfile tenant, java.util.Set<com.mailmoat.core.policy.Engine> engines) {
        return inspect(mime, tenant);
    }
}
