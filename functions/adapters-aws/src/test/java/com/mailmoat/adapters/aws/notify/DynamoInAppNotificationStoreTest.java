package com.mailmoat.adapters.aws.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The console's notification area against DynamoDB Local. */
class DynamoInAppNotificationStoreTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static String table;

    private final DynamoInAppNotificationStore store = new DynamoInAppNotificationStore(DYNAMO, table);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("NotificationsTable");
    }

    private static InAppNotification notice(String id, String account, String at) {
        return new InAppNotification(id, account, NotificationKind.SSO_CONSENT_GRANTED, "Title " + id,
                "Message " + id, Instant.parse(at));
    }

    @Test
    void recentIsNewestFirstLimitedAndOnlyTheAccountsOwn() {
        String account = "acct-" + System.nanoTime();
        store.save(notice("n2", account, "2026-11-23T17:31:00Z"));
        store.save(notice("n1", account, "2026-11-23T17:30:00Z"));
        store.save(notice("n3", account, "2026-11-24T09:00:00Z"));
        store.save(notice("x", "other-" + account, "2026-11-25T09:00:00Z"));

        assertThat(store.recent(account, 10)).extracting(InAppNotification::notificationId)
                .containsExactly("n3", "n2", "n1");
        assertThat(store.recent(account, 2)).extracting(InAppNotification::notificationId)
                .containsExactly("n3", "n2");
        assertThat(store.recent("nobody", 10)).isEmpty();
    }

    @Test
    void newestFirstHoldsWithinOneSecondWhateverTheFractionOfASecond() {
        String account = "acct-" + System.nanoTime();
        // Instant.toString() writes 17:30:00Z, 17:30:00.500Z and 17:30:00.000250Z: not sortable as text.
        store.save(notice("whole", account, "2026-11-23T17:30:00Z"));
        store.save(notice("micros", account, "2026-11-23T17:30:00.000250Z"));
        store.save(notice("half", account, "2026-11-23T17:30:00.500Z"));
        store.save(notice("later", account, "2026-11-23T17:30:01Z"));

        assertThat(store.recent(account, 10)).extracting(InAppNotification::notificationId)
                .containsExactly("later", "half", "micros", "whole");
    }

    @Test
    void everyFieldRoundTrips() {
        String account = "acct-" + System.nanoTime();
        InAppNotification saved = notice("n1", account, "2026-11-23T17:30:00.123Z");
        store.save(saved);

        assertThat(store.recent(account, 1)).containsExactly(saved);
    }

    @Test
    void savingTheSameNotificationTwiceKeepsOne() {
        String account = "acct-" + System.nanoTime();
        InAppNotification notice = notice("once", account, "2026-11-23T17:30:00Z");

        store.save(notice);
        store.save(notice);

        assertThat(store.recent(account, 10)).containsExactly(notice);
    }

    @Test
    void readStateUnreadCountAndReadAllAreTheAccountsOwn() {
        String account = "acct-" + System.nanoTime();
        String other = "other-" + account;
        store.save(notice("a", account, "2026-11-23T17:30:00Z"));
        store.save(notice("b", account, "2026-11-23T17:31:00Z"));
        store.save(notice("c", account, "2026-11-23T17:32:00Z"));
        store.save(notice("a", other, "2026-11-23T17:30:00Z"));
        assertThat(store.unreadCount(account)).isEqualTo(3);

        assertThat(store.markRead(account, "b")).isTrue();
        assertThat(store.markRead(account, "b")).isTrue();
        assertThat(store.markRead(account, "nope")).isFalse();
        assertThat(store.unreadCount(account)).isEqualTo(2);
        assertThat(store.recent(account, 10)).extracting(InAppNotification::read).containsExactly(false, true, false);
        // Saving a notice again (a redelivery) does not make it unread.
        store.save(notice("b", account, "2026-11-23T17:31:00Z"));
        assertThat(store.unreadCount(account)).isEqualTo(2);

        store.markAllRead(account);
        assertThat(store.unreadCount(account)).isZero();
        assertThat(store.recent(account, 10)).extracting(InAppNotification::read).containsOnly(true);
        assertThat(store.unreadCount(other)).isEqualTo(1);
    }
}
