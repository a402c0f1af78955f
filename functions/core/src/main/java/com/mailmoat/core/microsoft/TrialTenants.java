package com.mailmoat.core.microsoft;

import java.util.List;

/** Decides from a tenant's subscriptions whether it is a Microsoft trial tenant. */
public final class TrialTenants {
    private TrialTenants() {
    }

    /**
     * True when at least one subscription is active and every active one is a trial. A tenant that
     * bought anything is not a trial tenant, even if it also tries another product; a tenant with
     * nothing active is not called a trial either (it has no working mailboxes to protect).
     */
    public static boolean isTrialOnly(List<CompanySubscription> subscriptions) {
        List<CompanySubscription> active = subscriptions.stream().filter(CompanySubscription::isActive).toList();
        return !active.isEmpty() && active.stream().allMatch(CompanySubscription::isTrial);
    }
}
