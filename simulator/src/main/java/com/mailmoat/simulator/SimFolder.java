package com.mailmoat.simulator;

/**
 * A mail folder as {@code GET /_sim/tenants/{tenantId}/mailboxes/{upn}/folders} lists it: every folder
 * of the mailbox, hidden ones included, so a test can see what Graph's folder lists leave out.
 *
 * @param parentFolderId      null for the root ("Top of Information Store")
 * @param wellKnownName       {@code inbox}, {@code deleteditems}… for Exchange's default folders, else null
 * @param isHidden            Graph's {@code isHidden}, as the folder was created
 * @param createdThroughGraph made by an app with {@code POST …/mailFolders} or {@code …/childFolders}
 * @param totalItemCount      messages in the folder itself (not below it)
 */
public record SimFolder(String id, String displayName, String parentFolderId, String wellKnownName,
                        boolean isHidden, boolean createdThroughGraph, int totalItemCount) {
}
