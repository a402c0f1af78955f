package com.mailmoat.core.microsoft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrialTenantsTest {
    private static final CompanySubscription PAID = new CompanySubscription("ENTERPRISEPACK", "Enabled", false);
    private static final CompanySubscription TRIAL = new CompanySubscription("DEVELOPERPACK_E5", "Enabled", true);

    @Test
    void aTenantRunningOnlyTrialsIsATrialTenant() {
        assertThat(TrialTenants.isTrialOnly(List.of(TRIAL))).isTrue();
        assertThat(TrialTenants.isTrialOnly(List.of(TRIAL, new CompanySubscription("X", "Deleted", false)))).isTrue();
    }

    @Test
    void aTenantThatPaysForSomethingIsNot() {
        assertThat(TrialTenants.isTrialOnly(List.of(PAID, TRIAL))).isFalse();
        assertThat(TrialTenants.isTrialOnly(List.of(new CompanySubscription("X", "Warning", false), TRIAL))).isFalse();
        assertThat(TrialTenants.isTrialOnly(List.of())).isFalse();
    }
}
