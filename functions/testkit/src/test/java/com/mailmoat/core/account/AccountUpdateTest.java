package com.mailmoat.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailmoat.testkit.InMemoryAccounts;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AccountRepository#update(String, java.util.function.UnaryOperator)}: a change is never lost to another save. */
class AccountUpdateTest {
    private static final Instant NOW = Instant.parse("2026-12-08T09:00:00Z");

    private final InMemoryAccounts accounts = new InMemoryAccounts();

    @BeforeEach
    void signUp() {
        accounts.create(Account.signedUp("acc-1", "admin@contoso.example", "Contoso", Region.UK, NOW));
    }

    @Test
    void aChangeRacingAnotherSaveIsAppliedToWhatTheOtherSaved() {
        AtomicInteger applications = new AtomicInteger();
        AccountChange change = accounts.update("acc-1", account -> {
            if (applications.getAndIncrement() == 0) {
                // Someone sets a password between our read and our save.
                accounts.update(account.withPassword("hash", NOW));
            }
            return account.withCompany("Contoso Ltd");
        }).orElseThrow();

        Account stored = accounts.findById("acc-1").orElseThrow();
        assertEquals(2, applications.get());
        assertEquals("Contoso Ltd", stored.company());
        assertTrue(stored.hasPassword(), "the other save survives");
        assertTrue(change.saved());
        assertEquals("hash", change.before().passwordHash(), "before is what the change was last applied to");
        assertEquals(stored, change.after());
    }

    @Test
    void aChangeThatAsksForNothingSavesNothing() {
        long version = accounts.findById("acc-1").orElseThrow().version();

        AccountChange change = accounts.update("acc-1", account -> account).orElseThrow();

        assertFalse(change.saved());
        assertEquals(version, accounts.findById("acc-1").orElseThrow().version());
    }

    @Test
    void anAccountThatIsGoneIsNotChanged() {
        assertTrue(accounts.update("acc-unknown", account -> account.withCompany("Fabrikam")).isEmpty());
    }

    @Test
    void anAccountThatKeepsChangingGivesUpAfterItsAttempts() {
        AtomicInteger applications = new AtomicInteger();

        assertThrows(ConcurrentUpdateException.class, () -> accounts.update("acc-1", account -> {
            applications.incrementAndGet();
            accounts.update(account.withCompany("Someone else " + applications.get()));
            return account.withCompany("Contoso Ltd");
        }));

        assertEquals(AccountRepository.UPDATE_ATTEMPTS, applications.get());
        assertEquals("Someone else " + AccountRepository.UPDATE_ATTEMPTS, accounts.findById("acc-1").orElseThrow().company());
    }
}
