package com.mailmoat.simulator.internal.admin;

import com.mailmoat.simulator.SimFolder;
import com.mailmoat.simulator.SimMessage;
import com.mailmoat.simulator.internal.tenant.MailFolder;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.User;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a person (or a test) does to a mailbox by hand, outside Graph: list where every message is,
 * move one to a folder named any way a person would, delete one for good, or have new mail arrive.
 * Messages are found by REST id or immutable id. Failures are {@link IllegalArgumentException}s
 * naming what was not found.
 */
public final class MailboxControl {

    private MailboxControl() {
    }

    public static Mailbox mailbox(Tenant tenant, String userPrincipalName) {
        User user = tenant.user(userPrincipalName).orElseThrow(() -> new IllegalArgumentException("No user "
                + userPrincipalName + " in tenant " + tenant.tenantId()));
        return tenant.mailbox(user.id()).orElseThrow(() -> new IllegalArgumentException(userPrincipalName
                + " has no mailbox"));
    }

    /** Every message of the mailbox, newest first. */
    public static List<SimMessage> list(Tenant tenant, String userPrincipalName) {
        Mailbox mailbox = mailbox(tenant, userPrincipalName);
        return mailbox.messages().stream()
                .sorted(Comparator.comparing(StoredMessage::receivedDateTime).reversed()
                        .thenComparing(Comparator.comparingLong(StoredMessage::orderKey).reversed()))
                .map(m -> describe(mailbox, m))
                .toList();
    }

    /** Every folder of the mailbox, hidden ones included, root first, then in creation order. */
    public static List<SimFolder> folders(Tenant tenant, String userPrincipalName) {
        Mailbox mailbox = mailbox(tenant, userPrincipalName);
        List<StoredMessage> messages = mailbox.messages();
        return mailbox.allFolders().stream()
                .map(f -> new SimFolder(f.id(), f.displayName(), f.parentFolderId(), f.wellKnownName(), f.isHidden(),
                        f.createdThroughGraph(), (int) messages.stream().filter(m -> m.folderId().equals(f.id())).count()))
                .toList();
    }

    /** Moves a message to a folder given by well-known name, display name or id. */
    public static SimMessage move(Tenant tenant, String userPrincipalName, String messageId, String folder) {
        Mailbox mailbox = mailbox(tenant, userPrincipalName);
        StoredMessage message = mailbox.message(messageId).orElseThrow(() -> new IllegalArgumentException(
                "No message " + messageId + " in " + userPrincipalName));
        MailFolder destination = mailbox.folderByAnyName(folder).orElseThrow(() -> new IllegalArgumentException(
                "No folder " + folder + " in " + userPrincipalName));
        return describe(mailbox, mailbox.move(message.id(), destination.id()));
    }

    /** Deletes a message for good (not to Deleted Items); false if there was no such message. */
    public static boolean delete(Tenant tenant, String userPrincipalName, String messageId) {
        return mailbox(tenant, userPrincipalName).delete(messageId);
    }

    /** New mail arriving in a folder (well-known name, display name or id). */
    public static SimMessage deliver(Tenant tenant, String userPrincipalName, byte[] mime, Instant received,
                                     String folder) {
        Mailbox mailbox = mailbox(tenant, userPrincipalName);
        MailFolder destination = mailbox.folderByAnyName(folder == null ? "inbox" : folder).orElseThrow(() ->
                new IllegalArgumentException("No folder " + folder + " in " + userPrincipalName));
        return describe(mailbox, mailbox.deliver(mime, received, destination.id(), false, false));
    }

    public static SimMessage describe(Mailbox mailbox, StoredMessage message) {
        return new SimMessage(message.id(), message.immutableId(), message.parsed().internetMessageId(),
                message.parsed().subject(), mailbox.folderName(message.folderId()), message.folderId(),
                message.receivedDateTime(), message.plantedThreat(), mailbox.graphMoves(message.immutableId()));
    }
}
