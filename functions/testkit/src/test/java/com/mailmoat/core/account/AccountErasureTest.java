package com.mailmoat.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountErasureTest {
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<ErasureRequest> requests = new ArrayList<>();
    /** Items left per account and scope: the tenant's, and the administrator's own; each page takes a second. */
    private final Map<String, Integer> tenantItems = new HashMap<>();
    private final Map<String, Integer> ownItems = new HashMap<>();
    private final AccountData data = (accountId, scope, max) -> {
        clock.advance(Duration.ofSeconds(1));
        int deleted = take(tenantItems, accountId, max);
        if (deleted == 0 && scope == AccountData.Scope.EVERYTHING) {
            deleted = take(ownItems, accountId, max);
        }
        return deleted;
    };
    private final AccountErasure erasure = new AccountErasure(accounts, data, requests::add, clock);

    private static int take(Map<String, Integer> items, String accountId, int max) {
        int left = items.getOrDefault(accountId, 0);
        int deleted = Math.min(left, max);
        items.put(accountId, left - deleted);
        return deleted;
    }

    @BeforeEach
    void twoAccounts() {
        accounts.create(Account.signedUp("closed", "gone@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.create(Account.signedUp("open", "stays@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        accounts.update(accounts.findById("closed").orElseThrow().closed(clock.instant()));
        tenantItems.putAll(Map.of("closed", 1_000, "open", 300));
        ownItems.putAll(Map.of("closed", 200, "open", 20));
    }

    @Test
    void aClosedAccountIsErasedWithItsOwnRecordLastAndItsAddressFreed() {
        assertThat(erasure.erase(ErasureRequest.wholeAccount("closed"), Duration.ofSeconds(40)))
                .isEqualTo(AccountErasure.Outcome.ERASED);

        assertThat(tenantItems.get("closed")).isZero();
        assertThat(ownItems.get("closed")).isZero();
        assertThat(accounts.findById("closed")).isEmpty();
        assertThat(accounts.findByEmail("gone@contoso.example")).isEmpty();
        assertThat(accounts.create(Account.signedUp("again", "gone@contoso.example", "Contoso", Region.US,
                clock.instant()))).isTrue();
        assertThat(tenantItems.get("open")).isEqualTo(300);
        assertThat(requests).isEmpty();
    }

    @Test
    void aPassOutOfTimeQueuesTheNextAndKeepsTheAccountUntilTheEnd() {
        ErasureRequest whole = ErasureRequest.wholeAccount("closed");
        assertThat(erasure.erase(whole, Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.CONTINUES);
        assertThat(requests).containsExactly(whole);
        assertThat(tenantItems.get("closed")).isEqualTo(500);
        assertThat(accounts.findById("closed")).isPresent();

        assertThat(erasure.erase(whole, Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.CONTINUES);
        assertThat(erasure.erase(whole, Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.CONTINUES);
        assertThat(erasure.erase(whole, Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.ERASED);
        assertThat(accounts.findById("closed")).isEmpty();
        assertThat(erasure.erase(whole, Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.GONE);
    }

    @Test
    void anOpenAccountIsNeverErasedWhole() {
        assertThat(erasure.erase(ErasureRequest.wholeAccount("open"), Duration.ofSeconds(40)))
                .isEqualTo(AccountErasure.Outcome.NOT_CLOSED);
        assertThat(tenantItems.get("open")).isEqualTo(300);
        assertThat(accounts.findById("open")).isPresent();
    }

    @Test
    void anOffboardedAccountLosesWhatCameFromTheTenantAndKeepsItsOwnSettings() {
        assertThat(erasure.erase(ErasureRequest.tenantData("open", "tenant-1"), Duration.ofSeconds(40)))
                .isEqualTo(AccountErasure.Outcome.ERASED);

        assertThat(tenantItems.get("open")).isZero();
        assertThat(ownItems.get("open")).isEqualTo(20);
        assertThat(accounts.findById("open")).isPresent();
    }

    @Test
    void anAccountConnectedAgainKeepsItsNewTenantsData() {
        Account open = accounts.findById("open").orElseThrow();
        accounts.linkTenant(open.withTenant("tenant-2", List.of("fabrikam.example")));

        assertThat(erasure.erase(ErasureRequest.tenantData("open", "tenant-1"), Duration.ofSeconds(40)))
                .isEqualTo(AccountErasure.Outcome.CONNECTED_AGAIN);
        assertThat(tenantItems.get("open")).isEqualTo(300);
    }
}
