package com.mailmoat.simulator.internal.tenant;

import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code churn} fault did to a tenant's mailboxes while they were being listed: which
 * messages a simulated user moved or deleted and which new messages arrived.
 */
public final class ChurnLog {

    /** A message moved from one folder to another: its REST id before and after, and its immutable id. */
    public record Moved(String userPrincipalName, String immutableId, String fromId, String toId, String folder) {
    }

    /** A message deleted, by REST id and immutable id. */
    public record Deleted(String userPrincipalName, String immutableId, String id) {
    }

    /** A message that arrived, by REST id and immutable id. */
    public record Delivered(String userPrincipalName, String immutableId, String id) {
    }

    private final List<Moved> moved = new ArrayList<>();
    private final List<Deleted> deleted = new ArrayList<>();
    private final List<Delivered> delivered = new ArrayList<>();

    public synchronized void moved(Moved event) {
        moved.add(event);
    }

    public synchronized void deleted(Deleted event) {
        deleted.add(event);
    }

    public synchronized void delivered(Delivered event) {
        delivered.add(event);
    }

    public synchronized List<Moved> moved() {
        return List.copyOf(moved);
    }

    public synchronized List<Deleted> deleted() {
        return List.copyOf(deleted);
    }

    public synchronized List<Delivered> delivered() {
        return List.copyOf(delivered);
    }
}
