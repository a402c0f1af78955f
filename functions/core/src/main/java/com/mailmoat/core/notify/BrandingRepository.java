package com.mailmoat.core.notify;

/** Each account's email branding (beside the account's profile). */
public interface BrandingRepository {

    /** The account's branding, {@link Branding#NONE} when it set none. */
    Branding find(String accountId);

    void save(String accountId, Branding branding);
}
