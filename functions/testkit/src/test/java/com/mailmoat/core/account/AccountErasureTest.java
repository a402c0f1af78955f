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
    private final List<String> requests = new ArrayList<>();
    /** Items left per account; each page deleted takes a second of the clock. */
    private final Map<String, Integer> items = new HashMap<>();
    private final AccountData data = (accountId, max) -> {
        int left = items.getOrDefault(accountId, 0);
        int deleted = Math.min(left, max);
        items.put(accountId, left - deleted);
        clock.advance(Duration.ofSeconds(1));
        return deleted;
    };
    private final AccountErasure erasure = new AccountErasure(accounts, data, requests::add, clock);

    @BeforeEach
    void twoAccounts() {
        accounts.create(Account.signedUp("closed", "gone@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.create(Account.signedUp("open", "stays@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
        accounts.update(accounts.findById("closed").orElseThrow().closed(clock.instant()));
        items.put("closed", 1_200);
        items.put("open", 300);
    }

    @Test
    void aClosedAccountIsErasedWithItsOwnRecordLastAndItsAddressFreed() {
        assertThat(erasure.erase("closed", Duration.ofSeconds(40))).isEqualTo(AccountErasure.Outcome.ERASED);

        assertThat(items.get("closed")).isZero();
        assertThat(accounts.findById("closed")).isEmpty();
        assertThat(accounts.findByEmail("gone@contoso.example")).isEmpty();
        assertThat(accounts.create(Account.signedUp("again", "gone@contoso.example", "Contoso", Region.US,
                clock.instant()))).isTrue();
        assertThat(items.get("open")).isEqualTo(300);
        assertThat(requests).isEmpty();
    }

    @Test
    void aPassOutOfTimeQueuesTheNextAndKeepsTheAccountUntilTheEnd() {
        assertThat(erasure.erase("closed", Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.CONTINUES);
        assertThat(requests).containsExactly("closed");
        assertThat(items.get("closed")).isEqualTo(700);
        assertThat(accounts.findById("closed")).isPresent();

        assertThat(erasure.erase("closed", Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.CONTINUES);
        assertThat(erasure.erase("closed", Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.CONTINUES);
        assertThat(erasure.erase("closed", Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.ERASED);
        assertThat(accounts.findById("closed")).isEmpty();
        assertThat(erasure.erase("closed", Duration.ofSeconds(1))).isEqualTo(AccountErasure.Outcome.GONE);
    }

    @Test
    void anOpenAccountIsNeverTouched() {
        assertThat(erasure.erase("open", Duration.ofSeconds(40))).isEqualTo(AccountErasure.Outcome.NOT_CLOSED);
        assertThat(items.get("open")).isEqualTo(300);
        assertThat(accounts.findById("open")).isPresent();
    }
}
