package com.mailmoat.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryActivityLog;
import com.mailmoat.testkit.InMemoryPolicies;
import com.mailmoat.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One user's own senders imported from and exported to CSV: every line checked, all or nothing, never twice. */
class ManagedSendersCsvTest {
    private static final String ACCOUNT = "acct-1";
    private static final String ADMIN = "admin@contoso.example";
    private static final String USER = "adele@contoso.example";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryPolicies policies = new InMemoryPolicies();
    private final InMemoryActivityLog log = new InMemoryActivityLog();
    private final SenderListService lists = new SenderListService(policies, clock, accountId -> {
    }, accountId -> List.of("contoso.example")).withActivity(new Activity(log, accounts, clock));

    @BeforeEach
    void account() {
        accounts.create(Account.signedUp(ACCOUNT, ADMIN, "Contoso", Region.US, clock.instant()));
    }

    private static List<String> fields(InvalidInputException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aFileAddsEachLineToTheListItNamesAndTheActivityLogSaysHowManyOnce() {
        lists.saveManaged(ACCOUNT, USER, List.of(new SenderListEntry("partner.example", "", "", null)), List.of(), ADMIN);
        int before = log.entries(ACCOUNT).size();
        // Later than the entry above: the log lists newest first, and equal times would order by random ids.
        clock.advance(java.time.Duration.ofMinutes(1));

        SenderListService.ManagedImported result = lists.importManaged(ACCOUNT, "Adele@Contoso.example", """
                list,value,note
                # suppliers that sent fake invoices
                blocked,billing@invoices.example,"Fake invoices, twice"
                Blocked,*@spam.example
                allowed,news@vendor.example
                allowed,partner.example
                """, ADMIN);

        assertThat(result.added()).isEqualTo(3);
        assertThat(result.alreadyListed()).isEqualTo(1);
        assertThat(result.notices()).singleElement().asString().startsWith("line 4: '*@spam.example' was entered as the domain spam.example");
        ManagedSenders stored = policies.managedSenders(ACCOUNT, USER);
        assertThat(stored.blocked()).extracting(SenderListEntry::value).containsExactly("billing@invoices.example", "spam.example");
        assertThat(stored.blocked().get(0).note()).isEqualTo("Fake invoices, twice");
        assertThat(stored.blocked().get(0).addedBy()).isEqualTo(ADMIN);
        assertThat(stored.permitted()).extracting(SenderListEntry::value).containsExactly("partner.example", "news@vendor.example");
        List<ActivityEntry> added = log.entries(ACCOUNT).subList(0, log.entries(ACCOUNT).size() - before);
        assertThat(added).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ActivityKind.SENDER_LIST_IMPORTED);
            assertThat(e.summary()).isEqualTo("Imported 3 entries into adele@contoso.example's own sender lists "
                    + "(2 blocked, 1 allowed); 1 line was already listed");
        });
    }

    @Test
    void importingTheSameFileAgainAddsNothingAndRecordsNothing() {
        String csv = "blocked,billing@invoices.example\nallowed,news@vendor.example\n";
        lists.importManaged(ACCOUNT, USER, csv, ADMIN);
        int logged = log.entries(ACCOUNT).size();

        SenderListService.ManagedImported again = lists.importManaged(ACCOUNT, USER, csv, ADMIN);

        assertThat(again.added()).isZero();
        assertThat(again.alreadyListed()).isEqualTo(2);
        assertThat(policies.managedSenders(ACCOUNT, USER).blocked()).hasSize(1);
        assertThat(policies.managedSenders(ACCOUNT, USER).permitted()).hasSize(1);
        assertThat(log.entries(ACCOUNT)).hasSize(logged);
    }

    @Test
    void everyBadLineIsReportedByNumberAndNothingIsAddedWhenAnyIs() {
        lists.saveManaged(ACCOUNT, USER, List.of(), List.of(new SenderListEntry("tracker.example", "", "", null)), ADMIN);
        String csv = String.join("\n",
                "list,value,note",
                "blocked,good@fine.example",                 // 2: fine, but not added: others are bad
                "blocked,not an address",                    // 3
                "allowed,contoso.example",                   // 4: own domain allowed whole
                "allowed,gmail.com",                         // 5: shared domain allowed whole
                "allowed,tracker.example",                   // 6: already blocked for this user
                "blocked,twice@both.example",                // 7
                "allowed,twice@both.example",                // 8: blocked on line 7
                "quarantine,x@y.example",                    // 9: not a list
                "blocked,",                                  // 10: no value
                "blocked,a@b.example," + "n".repeat(201),    // 11: note too long
                "blocked,*foo@bar.example");                 // 12: wildcard not supported

        InvalidInputException refused = (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(
                () -> lists.importManaged(ACCOUNT, USER, csv, ADMIN));

        assertThat(fields(refused)).containsExactly("line 3", "line 4", "line 5", "line 6", "line 8", "line 9", "line 10",
                "line 11", "line 12");
        assertThat(refused.errors().get(4).message()).contains("also blocked on line 7");
        assertThat(refused.errors().get(3).message()).contains("also blocked for this user");
        assertThat(policies.managedSenders(ACCOUNT, USER).blocked()).extracting(SenderListEntry::value)
                .containsExactly("tracker.example");
        assertThat(log.entries(ACCOUNT)).noneMatch(e -> e.kind() == ActivityKind.SENDER_LIST_IMPORTED);
    }

    @Test
    void aFileWithoutEntriesTooManyLinesOrAUserOutsideTheOrganisationIsRefused() {
        assertThatThrownBy(() -> lists.importManaged(ACCOUNT, USER, "list,value,note\n# nothing\n", ADMIN))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(fields(e)).containsExactly("csv"));
        StringBuilder big = new StringBuilder();
        for (int i = 0; i <= ManagedSendersCsv.MAX_ROWS; i++) {
            big.append("blocked,sender").append(i).append("@bulk.example\n");
        }
        assertThatThrownBy(() -> lists.importManaged(ACCOUNT, USER, big.toString(), ADMIN))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> assertThat(error.message()).contains("at most " + ManagedSendersCsv.MAX_ROWS)));
        assertThatThrownBy(() -> lists.importManaged(ACCOUNT, "someone@fabrikam.example", "blocked,x@y.example", ADMIN))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(fields(e)).containsExactly("user"));
        assertThat(policies.managedSenders(ACCOUNT, USER).blocked()).isEmpty();
    }

    @Test
    void theExportIsBlockedThenAllowedWithFormulaLikeCellsDisarmedAndImportsBackUnchanged() {
        lists.importManaged(ACCOUNT, USER, "blocked,billing@invoices.example,\"=HYPERLINK(\"\"x\"\")\"\n"
                + "allowed,news@vendor.example\n", ADMIN);

        String csv = lists.exportManagedCsv(ACCOUNT, USER);

        assertThat(csv).isEqualTo("list,value,note\nblocked,billing@invoices.example,\"'=HYPERLINK(\"\"x\"\")\"\n"
                + "allowed,news@vendor.example\n");
        SenderListService.ManagedImported back = lists.importManaged(ACCOUNT, USER, csv, ADMIN);
        assertThat(back.added()).isZero();
        assertThat(policies.managedSenders(ACCOUNT, USER).blocked().get(0).note()).isEqualTo("=HYPERLINK(\"x\")");
    }
}
