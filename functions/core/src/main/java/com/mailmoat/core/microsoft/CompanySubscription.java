package com.mailmoat.core.microsoft;

import java.util.Locale;
import java.util.Objects;

/**
 * A commercial subscription of a tenant ({@code GET /directory/subscriptions}).
 *
 * @param skuPartNumber the product, e.g. {@code ENTERPRISEPACK}
 * @param status        {@code Enabled}, {@code Warning}, {@code Suspended}, {@code Deleted} or {@code LockedOut}
 * @param isTrial       whether Microsoft lists it as a free trial
 */
public record CompanySubscription(String skuPartNumber, String status, boolean isTrial) {
    public CompanySubscription {
        skuPartNumber = skuPartNumber == null ? "" : skuPartNumber;
        Objects.requireNonNull(status, "status");
    }

    /** In use: {@code Enabled}, or {@code Warning} (expired but still working during grace). */
    public boolean isActive() {
        String normalized = status.toLowerCase(Locale.ROOT);
        return normalized.equals("enabled") || normalized.equals("warning");
    }
}
