package com.mailmoat.core.realtime;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One subscription-sync request, end to end: bring the subscriptions in step (or renew the one Graph
 * asked to reauthorize, or re-create the one it removed), then catch up by delta on what the
 * notifications may have missed, and keep the administrator told when Microsoft refuses a
 * subscription: the problem shows in the console until a sync succeeds, and is emailed once.
 *
 * <p>A catch-up follows every request: a removed or lapsed subscription (a gap), a {@code missed}
 * event, the catch-up schedule, and a mode change (whose first round sets each newly protected mailbox's
 * link, from when the change was applied at the earliest: the sync begins that coverage). For
 * {@code subscriptionRemoved} it runs before the re-creation too, while the removed subscription's record
 * still names its mailbox.
 */
public final class SubscriptionUpkeep {

    /** What was done: the sync's report (null for a catch-up alone) and the catch-up's. */
    public record Result(SubscriptionService.SyncReport sync, CatchUp.Report catchUp) {
    }

    private final SubscriptionService subscriptions;
    private final CatchUp catchUp;
    private final RealTimeHealth health;
    private final AccountRepository accounts;
    private final NotificationQueue notifications;
    private final Clock clock;

    public SubscriptionUpkeep(SubscriptionService subscriptions, CatchUp catchUp, RealTimeHealth health,
                              AccountRepository accounts, NotificationQueue notifications, Clock clock) {
        this.subscriptions = subscriptions;
        this.catchUp = catchUp;
        this.health = health;
        this.accounts = accounts;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * @throws com.mailmoat.core.microsoft.MicrosoftThrottledException or
     *         {@link com.mailmoat.core.microsoft.MicrosoftUnavailableException}: retry the request later
     */
    public Result handle(SyncRequest request) {
        String accountId = request.accountId();
        SubscriptionService.SyncReport sync = switch (request.reason()) {
            case CATCH_UP, MISSED -> null;
            case REAUTHORIZATION_REQUIRED -> request.subscriptionId() == null ? subscriptions.syncReport(accountId)
                    : subscriptions.reauthorize(accountId, request.subscriptionId());
            case SUBSCRIPTION_REMOVED -> {
                if (request.subscriptionId() == null) {
                    yield subscriptions.syncReport(accountId);
                }
                catchUp.run(accountId);
                yield subscriptions.removedByMicrosoft(accountId, request.subscriptionId());
            }
            // After a mode change, a mailbox covered anew starts when protection was switched on, not before.
            case MODE_CHANGED -> subscriptions.syncReport(accountId, request.at());
            default -> subscriptions.syncReport(accountId);
        };
        if (sync != null) {
            record(accountId, sync.problems());
        }
        return new Result(sync, catchUp.run(accountId));
    }

    private void record(String accountId, List<String> problems) {
        if (problems.isEmpty()) {
            health.clear(accountId);
            return;
        }
        Instant now = clock.instant();
        String problem = problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        if (!health.raise(accountId, problem, now)) {
            return; // told already: one email per episode
        }
        Optional<Account> account = accounts.findById(accountId);
        if (account.isEmpty() || account.get().email() == null) {
            return;
        }
        notifications.enqueue(new NotificationRequest("realtime-at-risk-" + accountId + "-" + now.toEpochMilli(), accountId,
                NotificationKind.REAL_TIME_AT_RISK, account.get().email(), Map.of("problem", problem), now));
    }
}
