package com.mailmoat.core.scan;

import java.util.Objects;

/**
 * One unit of scan work: the next page of one mailbox, valid only while the mailbox's cursor is at
 * {@code version}.
 */
public record ScanPageWork(String accountId, String scanId, String mailboxId, long version) {
    public ScanPageWork {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(mailboxId, "mailboxId");
    }
}
