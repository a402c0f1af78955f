package com.mailmoat.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryLearning;
import com.mailmoat.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Profiles are kept for a while per worker instance; the senders they remember are known to that
 * instance at once, so real time does not meet a correspondent as a first contact twice.
 */
class TenantProfilesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Assessment CLEAN = new Assessment(ThreatLevel.CLEAN, 0, Set.of(), List.of());

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryLearning history = new InMemoryLearning();
    private final TenantProfiles profiles = new TenantProfiles(new FakeMicrosoft(), history, clock, Duration.ofMinutes(15));
    private final Account account = Account.signedUp("acct-1", "admin@contoso.example", "Contoso", Region.US, NOW)
            .withTenant(FakeMicrosoft.TENANT, List.of("contoso.example"));

    @Test
    void aSenderRememberedIsKnownToTheCachedProfileAtOnceAndStoredForOthers() {
        TenantProfile before = profiles.of(account);
        assertThat(before.knownSenders()).isEmpty();

        profiles.rememberSenders(before, List.of(new TenantProfiles.Judged("ben@fabrikam.example", CLEAN),
                new TenantProfiles.Judged("adele@contoso.example", CLEAN)));
        clock.advance(Duration.ofMinutes(1));

        assertThat(profiles.of(account).knownSenders()).as("within the cache's 15 minutes")
                .containsExactly("fabrikam.example");
        assertThat(history.knownDomains("acct-1")).containsExactly("fabrikam.example");
    }

    @Test
    void flaggedMailAndMailWithAuthenticationAgainstItVouchForNoOne() {
        TenantProfile profile = profiles.of(account);
        Assessment flagged = new Assessment(ThreatLevel.SUSPICIOUS, 5, Set.of(), List.of());
        Assessment spoofed = new Assessment(ThreatLevel.CLEAN, 2, Set.of(),
                List.of(new Evidence("authentication", "AUTH_SPF_FAIL", "SPF failed", "", 2)));
        profiles.rememberSenders(profile, List.of(new TenantProfiles.Judged("x@bad.example", flagged),
                new TenantProfiles.Judged("y@spoofed.example", spoofed, List.of("z@friend-of-spoofer.example"))));

        assertThat(profiles.of(account).knownSenders()).isEmpty();
        assertThat(history.knownDomains("acct-1")).isEmpty();
    }

    @Test
    void aScanThatStartedAfterTheProfileWasKeptSeesWhatOtherWorkersRememberedSince() {
        TenantProfiles learner = new TenantProfiles(new FakeMicrosoft(), history, clock, Duration.ofMinutes(15));
        assertThat(profiles.of(account).knownSenders()).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        // The administrator releases a message from a new correspondent (another function, another cache).
        learner.rememberCorrespondent(learner.of(account), "payroll@hr.example");
        clock.advance(Duration.ofMinutes(1));

        assertThat(profiles.of(account).knownSenders()).as("real time: kept for its 15 minutes").isEmpty();
        assertThat(profiles.of(account, clock.instant().minusSeconds(5)).knownSenders()).as("a scan started since")
                .containsExactly("hr.example");
    }
}
