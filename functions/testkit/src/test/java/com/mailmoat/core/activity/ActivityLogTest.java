package com.mailmoat.core.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.policy.Engine;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.policy.Policy;
import com.mailmoat.core.policy.PolicyService;
import com.mailmoat.core.policy.PolicyTarget;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import com.mailmoat.core.policy.SenderListService;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryActivityLog;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.InMemoryPolicies;
import com.mailmoat.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the administrator's changes write to the account's activity log, and that the log never fails them. */
class ActivityLogTest {
    private static final String ACCOUNT = "acct-1";
    private static final String ADMIN = "admin@contoso.example";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryPolicies policyStore = new InMemoryPolicies();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryActivityLog log = new InMemoryActivityLog();
    private final Activity activity = new Activity(log, accounts, clock);
    private final PolicyService policies = new PolicyService(policyStore, directory, accounts, clock).withActivity(activity);
    private final SenderListService lists = new SenderListService(policyStore, clock, accountId -> {
    }, accountId -> List.of("contoso.example")).withActivity(activity);
    private final ModeChanges modes = new ModeChanges(accounts, directory, "https://console.mailmoat.example/c")
            .withActivity(activity);

    @BeforeEach
    void account() {
        accounts.create(Account.signedUp(ACCOUNT, ADMIN, "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant("tenant-1", List.of("contoso.example")));
        accounts.update(accounts.findById(ACCOUNT).orElseThrow().withMode(Mode.MONITOR, TargetedTo.EVERYONE));
        accounts.create(Account.signedUp("acct-2", "other@fabrikam.example", "Fabrikam", Region.US, clock.instant()));
    }

    private List<String> lines() {
        return log.entries(ACCOUNT).stream().map(e -> e.actor() + ": " + e.kind() + " " + e.summary()).toList();
    }

    private void later() {
        clock.advance(Duration.ofSeconds(1));
    }

    private static Policy draft(String name, int priority) {
        return new Policy("new", name, false, priority, Mode.PROTECT, EnumSet.allOf(Engine.class), Policy.defaultActions(),
                PolicyTarget.ANY, true, null, 1);
    }

    @Test
    void policiesCreatedChangedAndDeletedAreNamedNewestFirstWithTheAdministrator() {
        Policy finance = policies.create(ACCOUNT, draft("Finance", 10));
        later();
        policies.update(ACCOUNT, finance.id(), new Policy(finance.id(), "Finance team", false, 10, Mode.PROTECT,
                finance.engines(), finance.actions(), finance.target(), false, null, finance.version()));
        later();
        policies.delete(ACCOUNT, finance.id());

        assertThat(lines()).containsExactly(
                ADMIN + ": POLICY_DELETED Deleted the policy \u201cFinance team\u201d",
                ADMIN + ": POLICY_CHANGED Changed the policy \u201cFinance team\u201d (was \u201cFinance\u201d), switched off",
                ADMIN + ": POLICY_CREATED Created the policy \u201cFinance\u201d (priority 10, Protect)");
        assertThat(log.entries("acct-2")).isEmpty();
        // Refused changes leave no trace.
        assertThat(policies.delete(ACCOUNT, "00000000-0000-0000-0000-000000000000")).isEqualTo(PolicyService.Deletion.NOT_FOUND);
        assertThat(log.entries(ACCOUNT)).hasSize(3);
    }

    @Test
    void senderListAddsRemovalsAndImportsSayWhichValuesAndHowMany() {
        lists.add(ACCOUNT, SenderListKind.BLOCKED, "*@evil.example", "phish", ADMIN);
        later();
        lists.add(ACCOUNT, SenderListKind.BLOCKED, "evil.example", "again", ADMIN); // already listed: nothing changed
        later();
        lists.importCsv(ACCOUNT, SenderListKind.PERMITTED, "value,note\npartner@fabrikam.example,\nbills.example,\n", false, ADMIN);
        later();
        lists.replace(ACCOUNT, SenderListKind.BLOCKED, List.of(new SenderListEntry("spam@bulk.example", "", ADMIN, null)), ADMIN);

        assertThat(lines()).containsExactly(
                ADMIN + ": SENDER_LIST_REPLACED Changed the Blocked senders list: added spam@bulk.example; removed evil.example",
                ADMIN + ": SENDER_LIST_IMPORTED Imported 2 entries into the Allowed senders list (it now holds 2)",
                ADMIN + ": SENDER_LIST_ENTRY_ADDED Added evil.example to the Blocked senders list");
        later();
        lists.replace(ACCOUNT, SenderListKind.BLOCKED, List.of(), ADMIN);
        assertThat(lines().get(0)).isEqualTo(ADMIN + ": SENDER_LIST_ENTRIES_REMOVED Removed spam@bulk.example from the "
                + "Blocked senders list");
    }

    @Test
    void aModeChangeAskedForAndWithdrawnAreBothRecordedAndTheAppliedOneOnce() {
        modes.request(ACCOUNT, Mode.PROTECT, TargetedTo.EVERYONE);
        later();
        modes.request(ACCOUNT, Mode.MONITOR, TargetedTo.EVERYONE); // the mode in force again: withdraws the change
        later();
        modes.request(ACCOUNT, Mode.DISABLED, TargetedTo.EVERYONE);
        later();
        modes.applyPending(ACCOUNT);
        modes.applyPending(ACCOUNT); // nothing waits any more: nothing more is recorded

        assertThat(lines()).containsExactly(
                ADMIN + ": MODE_CHANGED Switched from Monitor to Disabled for everyone (Microsoft 365 permissions re-confirmed)",
                ADMIN + ": MODE_CHANGE_REQUESTED Asked to switch from Monitor to Disabled for everyone (waits for "
                        + "Microsoft 365 permissions to be re-confirmed)",
                ADMIN + ": MODE_CHANGE_WITHDRAWN Withdrew the waiting change to Protect for everyone; Monitor stays in force",
                ADMIN + ": MODE_CHANGE_REQUESTED Asked to switch from Monitor to Protect for everyone (waits for "
                        + "Microsoft 365 permissions to be re-confirmed)");
    }

    @Test
    void aLogThatCannotBeWrittenNeverFailsTheAdministratorsChange() {
        log.failing(true);

        Policy created = policies.create(ACCOUNT, draft("Finance", 10));
        lists.add(ACCOUNT, SenderListKind.BLOCKED, "evil.example", "", ADMIN);
        modes.request(ACCOUNT, Mode.PROTECT, TargetedTo.EVERYONE);

        assertThat(policies.find(ACCOUNT, created.id())).isPresent();
        assertThat(lists.list(ACCOUNT, SenderListKind.BLOCKED)).extracting(SenderListEntry::value).containsExactly("evil.example");
        assertThat(accounts.findById(ACCOUNT).orElseThrow().pendingMode()).isEqualTo(Mode.PROTECT);
        log.failing(false);
        assertThat(log.entries(ACCOUNT)).isEmpty();
    }

    @Test
    void pagesFollowTheCursorToTheEndAndABadCursorOrLimitIsRefused() {
        for (int i = 1; i <= 5; i++) {
            activity.byAdministrator(ACCOUNT, ActivityKind.POLICY_CREATED, "entry " + i);
            later();
        }
        ActivityLog.Page first = activity.page(ACCOUNT, Optional.empty(), Optional.of("2"));
        assertThat(first.entries()).extracting(ActivityEntry::summary).containsExactly("entry 5", "entry 4");
        ActivityLog.Page second = activity.page(ACCOUNT, first.next().map(ActivityCursor::encode), Optional.of("2"));
        assertThat(second.entries()).extracting(ActivityEntry::summary).containsExactly("entry 3", "entry 2");
        ActivityLog.Page last = activity.page(ACCOUNT, second.next().map(ActivityCursor::encode), Optional.of("2"));
        assertThat(last.entries()).extracting(ActivityEntry::summary).containsExactly("entry 1");
        assertThat(last.next()).isEmpty();
        assertThat(activity.page("acct-2", Optional.empty(), Optional.empty()).entries()).isEmpty();

        assertThatThrownBy(() -> activity.page(ACCOUNT, Optional.of("not-a-cursor"), Optional.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("cursor"));
        assertThatThrownBy(() -> activity.page(ACCOUNT, Optional.empty(), Optional.of("500")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("limit"));
    }

    @Test
    void anEntryGivenTheSameIdTwiceIsWrittenOnce() {
        activity.record(ACCOUNT, "upgrade-completed-u1", ActivityEntry.MAILMOAT, ActivityKind.UPGRADE_COMPLETED, "done");
        later();
        activity.record(ACCOUNT, "upgrade-completed-u1", ActivityEntry.MAILMOAT, ActivityKind.UPGRADE_COMPLETED, "done");

        assertThat(log.entries(ACCOUNT)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("Mailmoat");
            assertThat(e.at()).isEqualTo(Instant.parse("2026-11-23T17:30:00Z"));
        });
    }
}
