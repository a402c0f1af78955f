package com.mailmoat.core.trial;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The daily trial check: tells each administrator once that the trial ends in 7 days, and once
 * that it ends in 1 day. A run that was missed catches up (a notice goes out at the next run that
 * sees its threshold passed, unless the next threshold was passed too: then only that one).
 * Each notice has an id derived from account, threshold and trial end, and is recorded as sent,
 * so repeated or concurrent runs send nothing twice.
 */
public final class TrialTracker {
    /** Days before the trial's end at which the administrator is told, farthest first. */
    public static final int[] THRESHOLDS = {7, 1};

    private final TrialAccounts accounts;
    private final NotificationQueue notifications;
    private final Clock clock;
    private final String consoleUrl;

    public TrialTracker(TrialAccounts accounts, NotificationQueue notifications, Clock clock, String consoleUrl) {
        this.accounts = accounts;
        this.notifications = notifications;
        this.clock = clock;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    /** What one run did. */
    public record Run(int accountsChecked, int noticesSent) {
    }

    public Run run() {
        Instant now = clock.instant();
        int checked = 0;
        int sent = 0;
        for (Account account : accounts.trialsEndingBetween(now, now.plus(Duration.ofDays(THRESHOLDS[0])))) {
            checked++;
            long daysLeft = AccountService.trialDaysLeft(account, now);
            Integer threshold = threshold(daysLeft);
            if (threshold == null || accounts.noticeSent(account.accountId(), threshold, account.trialEndsAt())) {
                continue;
            }
            notifications.enqueue(new NotificationRequest(
                    "trial-ending-" + threshold + "-" + account.accountId() + "-" + account.trialEndsAt().getEpochSecond(),
                    account.accountId(), NotificationKind.TRIAL_ENDING, account.email(), params(account, daysLeft), now));
            accounts.markNoticeSent(account.accountId(), threshold, account.trialEndsAt(), now);
            sent++;
        }
        return new Run(checked, sent);
    }

    /** The nearest threshold at or above {@code daysLeft}; null when none applies (or the trial ended). */
    static Integer threshold(long daysLeft) {
        if (daysLeft <= 0) {
            return null;
        }
        Integer found = null;
        for (int threshold : THRESHOLDS) {
            if (daysLeft <= threshold) {
                found = threshold;
            }
        }
        return found;
    }

    private Map<String, String> params(Account account, long daysLeft) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("daysLeft", String.valueOf(daysLeft));
        params.put("trialEndsAt", account.trialEndsAt().toString());
        if (account.company() != null) {
            params.put("company", account.company());
        }
        params.put("mode", account.mode().name());
        // Not upgraded yet: straight to the upgrade page; else Home, where the mode is shown.
        params.put("link", consoleUrl + (account.mode() == Mode.THREAT_SCAN_ONLY ? "#/upgrade" : "#/"));
        return params;
    }
}
