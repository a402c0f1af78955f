package com.mailmoat.core.scan;

/**
 * A seam inside page processing, between recording detections and committing the cursor: the
 * point where a crash must lose nothing and duplicate nothing. Production uses {@link #NONE}; the
 * local runtime's test hook throws there to prove it.
 */
@FunctionalInterface
public interface PageHook {
    PageHook NONE = (work, tenantId, detectionsWritten) -> {
    };

    void beforeCommit(ScanPageWork work, String tenantId, int detectionsWritten);
}
