package com.mailmoat.core.account;

import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.setup.SetupStep;
import java.util.List;

/**
 * The account as the console sees it: no password hash, no internal fields. {@code tenantName} is
 * the connected tenant's display name (null when not connected or not known).
 */
public record AccountView(
        String email,
        String company,
        Region region,
        long trialDaysLeft,
        Mode mode,
        String tenantId,
        List<String> tenantDomains,
        List<SetupStep> setup,
        TargetedTo targetedTo,
        Mode pendingMode,
        TargetedTo pendingTargetedTo,
        String tenantName) {

    /** A view without a tenant name. */
    public AccountView(String email, String company, Region region, long trialDaysLeft, Mode mode, String tenantId,
                       List<String> tenantDomains, List<SetupStep> setup, TargetedTo targetedTo, Mode pendingMode,
                       TargetedTo pendingTargetedTo) {
        this(email, company, region, trialDaysLeft, mode, tenantId, tenantDomains, setup, targetedTo, pendingMode,
                pendingTargetedTo, null);
    }
}
