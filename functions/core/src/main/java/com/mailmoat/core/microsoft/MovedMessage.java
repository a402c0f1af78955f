package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A message after a move.
 *
 * @param id       its id after the move: the same immutable id it had before (the gateway asks for immutable ids)
 * @param folderId the id of the folder it is in now (the real id, also when the move named a well-known folder)
 */
public record MovedMessage(String id, String folderId) {
    public MovedMessage {
        Objects.requireNonNull(id, "id");
        folderId = folderId == null ? "" : folderId;
    }
}
