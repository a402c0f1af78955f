/**
 * Remediation: moving detected messages into each mailbox's app-owned quarantine folder
 * ({@code REMOVE}) and back to where they came from ({@code RELEASE}), exactly once per message,
 * with progress, an audit trail on every detection and a completion notice.
 *
 * <p>{@link com.mailmoat.core.remediation.RemediationRequests} creates a job and queues one
 * {@link com.mailmoat.core.remediation.RemediationWork} per message (the console, and later the
 * real-time path with {@code requestedBy = "policy"}); {@link com.mailmoat.core.remediation.RemediationWorker}
 * handles each item from the queue.
 */
package com.mailmoat.core.remediation;
