package com.mailmoat.core.realtime;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.MessageInspector;
import com.mailmoat.core.detection.MimeHeaders;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.idempotency.IdempotencyStore;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessageLookup;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.policy.EffectivePolicy;
import com.mailmoat.core.policy.PolicyAction;
import com.mailmoat.core.policy.PolicyRemovals;
import com.mailmoat.core.policy.ScanPolicies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one new message as it arrives: reads it (immutable id), resolves the recipient's effective
 * policy, runs the detection engine, records a detection (source {@link DetectionSource#REAL_TIME})
 * and, where the policy quarantines (Protect), hands it to the remediation pipeline as a removal
 * made by policy.
 *
 * <p>Exactly once per message: a claim keyed by account and detection id (mailbox + immutable id,
 * the key a catch-up by delta uses too) makes a duplicated or redelivered event do nothing; a
 * message that already has a detection someone acted on (removed, released) is left as it is.
 * A crash between recording and completing repeats the check, and the detection and the removal
 * request are both idempotent. Throttling gives the claim back and waits on the queue.
 */
public final class RealTimeCheck {
    /** Longer than the consumer's timeout, so a live check's claim never lapses. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(3);
    /** How long an event waits when another delivery of the same message holds the claim. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(10);
    /** How long an event waits after Microsoft was unavailable, unless configured. */
    public static final Duration UNAVAILABLE_WAIT = Duration.ofSeconds(5);

    /** What became of an event. */
    public sealed interface Outcome {
        /** Handled (or found handled before): the event is done. */
        record Done(String note) implements Outcome {
        }

        /** Not now (throttled, unavailable, busy): retry the same event after the delay. */
        record RetryAfter(Duration delay) implements Outcome {
        }
    }

    private final AccountRepository accounts;
    private final SubscriptionStore subscriptions;
    private final MessageLookup lookup;
    private final MailboxGateway mailboxes;
    private final MessageInspector inspector;
    private final TenantProfiles profiles;
    private final ScanPolicies policies;
    private final DetectionRepository detections;
    private final PolicyRemovals removals;
    private final RealTimeStats stats;
    private final IdempotencyStore idempotency;
    private final Clock clock;
    private final Duration unavailableWait;
    private final ThreatAlerts alerts;

    public RealTimeCheck(AccountRepository accounts, SubscriptionStore subscriptions, MessageLookup lookup,
                         MailboxGateway mailboxes, MessageInspector inspector, TenantProfiles profiles,
                         ScanPolicies policies, DetectionRepository detections, PolicyRemovals removals,
                         RealTimeStats stats, IdempotencyStore idempotency, Clock clock) {
        this(accounts, subscriptions, lookup, mailboxes, inspector, profiles, policies, detections, removals, stats,
                idempotency, clock, UNAVAILABLE_WAIT, ThreatAlerts.NONE);
    }

    private RealTimeCheck(AccountRepository accounts, SubscriptionStore subscriptions, MessageLookup lookup,
                          MailboxGateway mailboxes, MessageInspector inspector, TenantProfiles profiles,
                          ScanPolicies policies, DetectionRepository detections, PolicyRemovals removals,
                          RealTimeStats stats, IdempotencyStore idempotency, Clock clock, Duration unavailableWait,
                          ThreatAlerts alerts) {
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.lookup = lookup;
        this.mailboxes = mailboxes;
        this.inspector = inspector;
        this.profiles = profiles;
        this.policies = policies;
        this.detections = detections;
        this.removals = removals;
        this.stats = stats;
        this.idempotency = idempotency;
        this.clock = clock;
        this.unavailableWait = unavailableWait;
        this.alerts = alerts;
    }

    /** The same check, waiting {@code wait} (instead of {@link #UNAVAILABLE_WAIT}) after Microsoft was unavailable. */
    public RealTimeCheck withUnavailableWait(Duration wait) {
        return new RealTimeCheck(accounts, subscriptions, lookup, mailboxes, inspector, profiles, policies, detections,
                removals, stats, idempotency, clock, MicrosoftUnavailableException.checkedWait(wait), alerts);
    }

    /** The same check, telling the administrator of malicious mail it catches ({@link ThreatAlerts}). */
    public RealTimeCheck withAlerts(ThreatAlerts threatAlerts) {
        return new RealTimeCheck(accounts, subscriptions, lookup, mailboxes, inspector, profiles, policies, detections,
                removals, stats, idempotency, clock, unavailableWait, threatAlerts);
    }

    /** The idempotency key of a message's real-time check (also a catch-up's, so nothing is checked twice). */
    public static String claimKey(String accountId, String mailboxId, String messageId) {
        return "realtime#" + accountId + "#" + Detection.idFor(mailboxId, messageId);
    }

    public Outcome check(MailEvent event) {
        Optional<Account> found = accounts.findById(event.accountId());
        if (found.isEmpty() || !found.get().isTenantLinked()) {
            return new Outcome.Done("no connected account");
        }
        Account account = found.get();
        if (account.mode() != Mode.MONITOR && account.mode() != Mode.PROTECT) {
            return new Outcome.Done("account in " + account.mode());
        }
        String key = claimKey(account.accountId(), event.mailboxId(), event.messageId());
        IdempotencyStore.Claim claim = idempotency.claim(key, CLAIM_LEASE);
        if (claim.status() == IdempotencyStore.Status.ALREADY_DONE) {
            return new Outcome.Done("checked before: " + claim.outcome().orElse(""));
        }
        if (claim.status() == IdempotencyStore.Status.IN_PROGRESS) {
            return new Outcome.RetryAfter(BUSY_RETRY);
        }
        String outcome;
        try {
            outcome = judge(account, event);
        } catch (MicrosoftThrottledException e) {
            idempotency.release(key);
            return new Outcome.RetryAfter(e.retryAfter());
        } catch (MicrosoftUnavailableException e) {
            idempotency.release(key);
            return new Outcome.RetryAfter(unavailableWait);
        } catch (MicrosoftNotFoundException | MicrosoftAccessDeniedException e) {
            // No such mailbox (any more), or consent withdrawn: nothing to check, now or later.
            outcome = "unreadable: " + e.errorCode();
        } catch (RuntimeException e) {
            idempotency.release(key);
            throw e;
        }
        idempotency.complete(key, outcome);
        return new Outcome.Done(outcome);
    }

    private String judge(Account account, MailEvent event) {
        String detectionId = Detection.idFor(event.mailboxId(), event.messageId());
        Optional<Detection> existing = detections.find(account.accountId(), detectionId);
        if (existing.isPresent() && existing.get().status() != DetectionStatus.DETECTED) {
            // Removed or released already (an administrator's decision stands).
            return "detection " + existing.get().status();
        }
        Optional<MessageLookup.Found> found = lookup.find(account.tenantId(), event.mailboxId(), event.messageId());
        if (found.isEmpty()) {
            return "gone";
        }
        if (found.get().draft()) {
            return "draft";
        }
        MessageSummary message = found.get().summary();
        Set<String> outgoing = subscriptions.find(account.accountId(), event.subscriptionId())
                .map(MailSubscription::excludedFolderIds).orElse(Set.of());
        if (outgoing.contains(message.parentFolderId())) {
            return "outgoing";
        }
        byte[] mime;
        try {
            mime = mailboxes.fetchMime(account.tenantId(), event.mailboxId(), event.messageId());
        } catch (MicrosoftNotFoundException e) {
            return "gone";
        }
        ScanPolicies.ForMailbox policy = policies.forMailbox(account, event.mailbox());
        EffectivePolicy effective = policy.resolve(MimeHeaders.returnPath(mime), message.fromAddress());
        if (effective.mode() != Mode.MONITOR && effective.mode() != Mode.PROTECT) {
            // Outside Targeted To (the Threat Scan covers it), or Disabled by a policy: not touched.
            return "not protected (" + effective.mode() + ")";
        }
        TenantProfile profile = profiles.of(account).withSenderLists(policy.permittedValues(), policy.blockedValues(),
                Set.copyOf(policy.spoofingExceptions()));
        Assessment assessment = inspector.inspect(mime, profile, effective.engines());
        profiles.rememberSenders(profile, List.of(new TenantProfiles.Judged(message.fromAddress(), assessment)));
        PolicyAction action = effective.actionFor(assessment.level());
        RealTimeAction done = RealTimeAction.PASSED;
        if (assessment.flagged() && action != PolicyAction.NONE) {
            detections.putIfAbsent(detection(account, event, detectionId, message, assessment));
            done = RealTimeAction.RECORDED;
            if (action == PolicyAction.QUARANTINE) {
                removals.remove(account.accountId(), List.of(detectionId));
                done = RealTimeAction.QUARANTINED;
            }
            if (assessment.level() == ThreatLevel.MALICIOUS) {
                alerts.caught(account, event.mailbox(), detectionId, message.fromAddress(), message.subject(), done);
            }
        }
        Instant now = clock.instant();
        boolean flagged = done != RealTimeAction.PASSED;
        stats.recordChecked(account.accountId(), new RealTimeEvent(now, event.mailbox(), assessment.level(), done,
                flagged ? detectionId : null, flagged ? message.fromAddress() : "", flagged ? message.subject() : "",
                Math.max(0, Duration.between(event.notifiedAt(), now).toMillis())));
        return done.name().toLowerCase(java.util.Locale.ROOT) + " " + assessment.level();
    }

    private Detection detection(Account account, MailEvent event, String detectionId, MessageSummary message,
                                Assessment assessment) {
        return new Detection(account.accountId(), detectionId, null, DetectionSource.REAL_TIME, event.mailboxId(),
                event.mailbox(), event.messageId(), message.internetMessageId(), message.fromAddress(),
                message.fromName(), message.subject(), message.receivedDateTime(), message.parentFolderId(),
                assessment.level(), assessment.score(), assessment.categories(), assessment.reasons(),
                DetectionStatus.DETECTED, clock.instant());
    }
}
