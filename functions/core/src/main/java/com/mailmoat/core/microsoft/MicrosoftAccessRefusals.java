package com.mailmoat.core.microsoft;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells an account's owner (and alert recipients) that Microsoft refused Mailmoat's access to the tenant — admin
 * consent removed in Entra, the app deleted or disabled — and what that stopped, with how to reconnect: an email and
 * in-app notice at most once a day per account, whichever daily job meets it first, and an activity entry by
 * Microsoft 365. Retrying cannot help until an administrator consents again, so the jobs that meet it stop there.
 */
public final class MicrosoftAccessRefusals {
    /** Tells nobody: for services built without notices (tests of other things, tools). */
    public static final MicrosoftAccessRefusals NONE = new MicrosoftAccessRefusals(null, null, Activity.NONE, null,
            Clock.systemUTC());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final AccountRepository accounts;
    private final NotificationQueue notifications;
    private final Activity activity;
    private final String consoleUrl;
    private final Clock clock;

    public MicrosoftAccessRefusals(AccountRepository accounts, NotificationQueue notifications, Activity activity,
                                   String consoleUrl, Clock clock) {
        this.accounts = accounts;
        this.notifications = notifications;
        this.activity = activity;
        this.consoleUrl = consoleUrl;
        this.clock = clock;
    }

    /**
     * @param stopped what did not happen, to follow "so": e.g. "the daily scan did not run"
     * @return the refusal's error code in words ("access denied" when Microsoft gave none)
     */
    public String tell(String accountId, String stopped, MicrosoftAccessDeniedException refusal) {
        String errorCode = refusal.errorCode() == null || refusal.errorCode().isBlank() ? "access denied" : refusal.errorCode();
        if (accounts == null) {
            return errorCode;
        }
        String onceADay = "microsoft-access-denied-" + accountId + "-" + DAY.format(clock.instant());
        activity.record(accountId, onceADay, ActivityEntry.MICROSOFT_365, ActivityKind.MICROSOFT_ACCESS_DENIED,
                () -> "Refused Mailmoat's access to the tenant (" + errorCode + "), so " + stopped);
        Optional<Account> account = accounts.findById(accountId);
        if (notifications != null && account.isPresent() && account.get().email() != null) {
            Map<String, String> params = new HashMap<>();
            params.put("tenant", account.get().tenantLabel());
            params.put("stopped", stopped);
            params.put("errorCode", errorCode);
            if (consoleUrl != null) {
                params.put("link", consoleUrl);
            }
            notifications.enqueue(new NotificationRequest(onceADay, accountId, NotificationKind.MICROSOFT_ACCESS_DENIED,
                    account.get().email(), params, clock.instant()));
        }
        return errorCode;
    }
}
