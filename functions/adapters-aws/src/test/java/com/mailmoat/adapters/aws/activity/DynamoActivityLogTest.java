package com.mailmoat.adapters.aws.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.activity.ActivityCategory;
import com.mailmoat.core.activity.ActivityCursor;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityFilter;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.activity.ActivityLog;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The activity log in the Accounts table, against DynamoDB Local with the template's tables. */
class DynamoActivityLogTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static final Instant T0 = Instant.parse("2026-11-23T17:30:00Z");
    private static String table;

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("AccountsTable");
    }

    private final DynamoActivityLog log = new DynamoActivityLog(DYNAMO, table);

    private static ActivityEntry entry(String id, Instant at) {
        return new ActivityEntry(id, at, "admin@contoso.example", ActivityKind.POLICY_CREATED, "Created the policy " + id);
    }

    @Test
    void pagesAreNewestFirstFollowTheCursorToTheEndAndHoldOnlyTheAccountsOwnEntries() {
        String account = "acct-" + System.nanoTime();
        // Written out of order, two in one millisecond and one a fraction later (sort keys are fixed width).
        log.append(account, entry("e3", T0.plusSeconds(2)));
        log.append(account, entry("e1", T0));
        log.append(account, entry("e2", T0.plusNanos(500_000)));
        log.append(account, entry("e5", T0.plusSeconds(10)));
        log.append(account, entry("e4", T0.plusSeconds(2)));
        log.append("other-" + account, entry("x", T0.plusSeconds(60)));
        // Items of the account that are not log entries (the profile) are never read as entries.
        DYNAMO.putItem(r -> r.tableName(table).item(Map.of("accountId", AttributeValue.fromS(account),
                "sk", AttributeValue.fromS("PROFILE"))));

        List<String> seen = new ArrayList<>();
        Optional<ActivityCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            ActivityLog.Page page = log.page(account, cursor.map(ActivityCursor::encode).flatMap(ActivityCursor::decode), 2);
            page.entries().forEach(e -> seen.add(e.id()));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 10);

        assertThat(seen).containsExactly("e5", "e4", "e3", "e2", "e1");
        assertThat(log.page("other-" + account, Optional.empty(), 10).entries()).extracting(ActivityEntry::id)
                .containsExactly("x");
        ActivityEntry newest = log.page(account, Optional.empty(), 1).entries().get(0);
        assertThat(newest).isEqualTo(entry("e5", T0.plusSeconds(10)));
    }

    @Test
    void anEntryAndItsClaimExpireAfterAYearAndARepeatedIdIsWrittenOnceWhateverItsTime() {
        String account = "acct-" + System.nanoTime();
        log.append(account, entry("upgrade-completed-u1", T0));
        log.append(account, entry("upgrade-completed-u1", T0.plusSeconds(90))); // a retried task, later

        assertThat(log.page(account, Optional.empty(), 10).entries()).extracting(ActivityEntry::at).containsExactly(T0);
        List<Map<String, AttributeValue>> items = DYNAMO.query(r -> r.tableName(table)
                .keyConditionExpression("accountId = :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(account)))).items();
        assertThat(items).hasSize(2).allSatisfy(item -> assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(T0.plus(Duration.ofDays(365)).getEpochSecond()));
    }

    private static ActivityEntry entry(String id, Instant at, ActivityKind kind) {
        return new ActivityEntry(id, at, "admin@contoso.example", kind, "Entry " + id);
    }

    /** Every page of a filtered read, following the cursor; page sizes recorded. */
    private List<String> readAll(String account, ActivityFilter filter, int limit, List<Integer> sizes) {
        List<String> seen = new ArrayList<>();
        Optional<ActivityCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            ActivityLog.Page page = log.page(account, filter, cursor.map(ActivityCursor::encode).flatMap(ActivityCursor::decode), limit);
            page.entries().forEach(e -> seen.add(e.id()));
            sizes.add(page.entries().size());
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 50);
        return seen;
    }

    @Test
    void aDateRangeReadsOnlyItsEntriesBothEndsIncludedAndPagesThroughThem() {
        String account = "acct-" + System.nanoTime();
        for (int day = 0; day < 6; day++) {
            log.append(account, entry("d" + day, T0.plus(Duration.ofDays(day))));
        }
        ActivityFilter days1to4 = new ActivityFilter(Optional.empty(), Optional.of(T0.plus(Duration.ofDays(1))),
                Optional.of(T0.plus(Duration.ofDays(4))));

        assertThat(readAll(account, days1to4, 2, new ArrayList<>())).containsExactly("d4", "d3", "d2", "d1");
        assertThat(readAll(account, new ActivityFilter(Optional.empty(), Optional.of(T0.plus(Duration.ofDays(5))),
                Optional.empty()), 10, new ArrayList<>())).containsExactly("d5");
        assertThat(readAll(account, new ActivityFilter(Optional.empty(), Optional.empty(), Optional.of(T0)), 10,
                new ArrayList<>())).containsExactly("d0");
    }

    @Test
    void aKindOfChangeFilterFillsEachPageAcrossEntriesItLeavesOutAndEndsOnlyAtTheEnd() {
        String account = "acct-" + System.nanoTime();
        // 3 sign-in changes among 250 policy changes: most batches read hold none of them.
        for (int i = 0; i < 250; i++) {
            log.append(account, entry(String.format("p%03d", i), T0.plusSeconds(i), ActivityKind.POLICY_CHANGED));
        }
        log.append(account, entry("s-old", T0.minusSeconds(5), ActivityKind.PASSWORD_CHANGED));
        log.append(account, entry("s-mid", T0.plusSeconds(120).plusMillis(1), ActivityKind.TWO_STEP_ON));
        log.append(account, entry("s-new", T0.plusSeconds(400), ActivityKind.TWO_STEP_OFF));
        ActivityFilter signIn = new ActivityFilter(Optional.of(ActivityCategory.SIGN_IN), Optional.empty(), Optional.empty());

        List<Integer> sizes = new ArrayList<>();
        assertThat(readAll(account, signIn, 2, sizes)).containsExactly("s-new", "s-mid", "s-old");
        assertThat(sizes.get(0)).isEqualTo(2);

        ActivityLog.Page one = log.page(account, signIn, Optional.empty(), 10);
        assertThat(one.entries()).extracting(ActivityEntry::id).containsExactly("s-new", "s-mid", "s-old");
        assertThat(one.next()).isEmpty();
    }

    @Test
    void aRareKindInALongLogAnswersAShortPageWithACursorRatherThanReadingEverythingOrEndingEarly() {
        String account = "acct-" + System.nanoTime();
        log.append(account, entry("oldest-sign-in", T0.minusSeconds(60), ActivityKind.PASSWORD_CHANGED));
        for (int i = 0; i < DynamoActivityLog.READ_BUDGET + 50; i++) {
            log.append(account, entry(String.format("p%05d", i), T0.plusSeconds(i), ActivityKind.POLICY_CHANGED));
        }
        ActivityFilter signIn = new ActivityFilter(Optional.of(ActivityCategory.SIGN_IN), Optional.empty(), Optional.empty());

        ActivityLog.Page first = log.page(account, signIn, Optional.empty(), 25);
        assertThat(first.entries()).isEmpty();
        assertThat(first.next()).as("not the end: more of the log is left to read").isPresent();
        ActivityLog.Page second = log.page(account, signIn, first.next(), 25);
        assertThat(second.entries()).extracting(ActivityEntry::id).containsExactly("oldest-sign-in");
        assertThat(second.next()).isEmpty();
    }
}
