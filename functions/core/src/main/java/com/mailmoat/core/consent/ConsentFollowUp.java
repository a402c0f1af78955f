package com.mailmoat.core.consent;

import com.mailmoat.core.account.Account;

/**
 * What happens after a successful consent round trip, beyond linking the tenant: importing the
 * directory of a newly connected tenant, applying a mode change (or starting an upgrade) that was
 * waiting for the administrator to re-confirm Microsoft permissions.
 */
public interface ConsentFollowUp {
    ConsentFollowUp NONE = new ConsentFollowUp() {
        @Override
        public void connected(Account account) {
        }

        @Override
        public void reconfirmed(Account account) {
        }
    };

    /** The tenant was connected now (first consent). */
    void connected(Account account);

    /** An administrator of the already connected tenant granted consent again. */
    void reconfirmed(Account account);
}
