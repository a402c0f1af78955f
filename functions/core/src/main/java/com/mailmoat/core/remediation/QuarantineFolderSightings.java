package com.mailmoat.core.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Mailmoat last found of each mailbox's quarantine folder: whether its users can see it. Mailmoat
 * creates the folder hidden, but mailboxes that got one before kept a visible one, and Microsoft Graph
 * cannot hide a folder after it was created; the administrator is told which mailboxes have one. A scan
 * looks at every mailbox's folder, remediation at a folder it creates or finds.
 */
public interface QuarantineFolderSightings {

    /** A mailbox whose quarantine folder its users could see when Mailmoat last looked. */
    record VisibleFolder(String mailboxId, String mailbox, Instant seenAt) {
        public VisibleFolder {
            Objects.requireNonNull(mailboxId, "mailboxId");
            mailbox = mailbox == null ? "" : mailbox;
        }
    }

    /**
     * Records what was found: a folder its users can see ({@code visible}), or a hidden one or none (the
     * mailbox no longer counts).
     *
     * @param mailbox the mailbox's address, for the administrator to recognise
     */
    void sawQuarantineFolder(String accountId, String mailboxId, String mailbox, boolean visible, Instant at);

    /** The account's mailboxes whose quarantine folder was visible when last seen, at most {@code limit}. */
    List<VisibleFolder> visibleQuarantineFolders(String accountId, int limit);

    /** Records nothing (and knows of no visible folder). */
    QuarantineFolderSightings NONE = new QuarantineFolderSightings() {
        @Override
        public void sawQuarantineFolder(String accountId, String mailboxId, String mailbox, boolean visible, Instant at) {
        }

        @Override
        public List<VisibleFolder> visibleQuarantineFolders(String accountId, int limit) {
            return List.of();
        }
    };
}
