package com.mailmoat.simulator.internal.tenant;

/**
 * A mail folder. {@code wellKnownName} is set for the folders Exchange creates by default
 * ({@code inbox}, {@code deleteditems}…); {@code createdThroughGraph} marks folders an app made
 * with {@code POST …/childFolders}, which the summary's {@code quarantined} count looks at.
 */
public record MailFolder(String id, String displayName, String parentFolderId, String wellKnownName,
                         boolean isHidden, boolean createdThroughGraph) {
}
