package com.mailmoat.core.detection;

import java.util.List;

/**
 * What remediation did to a detected message and where the message is now.
 *
 * @param currentFolderId the folder the message is in now, when remediation moved it (null: still where it was
 *                        detected, {@link Detection#folderId()})
 * @param messageGone     remediation found the message no longer in the mailbox (deleted by the user, or moved out
 *                        of reach): there is nothing left to remove or release
 * @param history         every remediation outcome, oldest first
 */
public record DetectionTrail(String currentFolderId, boolean messageGone, List<DetectionEvent> history) {
    public static final DetectionTrail NONE = new DetectionTrail(null, false, List.of());

    public DetectionTrail {
        history = history == null ? List.of() : List.copyOf(history);
    }
}
