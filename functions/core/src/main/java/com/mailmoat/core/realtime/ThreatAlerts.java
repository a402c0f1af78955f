package com.mailmoat.core.realtime;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the administrator when malicious mail arrives (Monitor and Protect): an in-app notice and an
 * email about the first such message of each hour. Later ones in the same hour are not announced one
 * by one (the notice's id is the account's and the hour's, so delivery drops them): Home and
 * Detections list them all. A redelivered check announces nothing twice.
 */
public final class ThreatAlerts {
    /** No alerts (tests and tools that check mail without telling anyone). */
    public static final ThreatAlerts NONE = new ThreatAlerts(null, Clock.systemUTC(), "");

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private final NotificationQueue notifications;
    private final Clock clock;
    private final String consoleUrl;

    public ThreatAlerts(NotificationQueue notifications, Clock clock, String consoleUrl) {
        this.notifications = notifications;
        this.clock = clock;
        this.consoleUrl = consoleUrl.isEmpty() || consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    /** A malicious message was caught as it arrived, and {@code action} taken. */
    public void caught(Account account, String mailbox, String detectionId, String sender, String subject,
                       RealTimeAction action) {
        if (notifications == null) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mailbox", mailbox);
        params.put("sender", sender == null ? "" : sender);
        params.put("subject", subject == null ? "" : subject);
        params.put("action", action.name());
        // Why it stayed, when it did: Monitor never moves mail; in Protect the mailbox's policy said to record it.
        params.put("mode", account.mode().name());
        params.put("link", consoleUrl + "#/detections/" + detectionId);
        notifications.enqueue(new NotificationRequest("realtime-threat-" + account.accountId() + "-"
                + HOUR.format(clock.instant()), account.accountId(), NotificationKind.REAL_TIME_THREAT, account.email(),
                params, clock.instant()));
    }
}
