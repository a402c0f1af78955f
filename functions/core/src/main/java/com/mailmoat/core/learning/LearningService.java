package com.mailmoat.core.learning;

import java.util.Set;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Records administrators' verdicts on messages (who, when, which message, which verdict) and hands
 * each new verdict to the learner: Release of a detection and "not a threat" say the message is
 * wanted; "report a missed threat" says a message Mailmoat did not flag is a threat; a Remove of a
 * message an administrator had called wanted turns that verdict round. A later opposite verdict
 * wins; the same verdict again only extends the audit trail. Malware is never learnt as wanted:
 * a release or "not a threat" of a detection that {@linkplain Detection#carriesMalware() carries
 * malware} is kept in the trail as {@link FeedbackStatus#EXCLUDED} and not queued.
 */
public final class LearningService {
    /** Longest Internet Message-ID accepted (RFC 5322 lines are at most 998 characters). */
    public static final int MAX_MESSAGE_ID = 998;
    private static final int RECENT = 20;
    /** Why a wanted-mail verdict on malware was not learnt, as the Learning panel shows it. */
    public static final String MALWARE_NOT_LEARNT = "It carries malware. Mailmoat never learns malware as wanted mail, "
            + "so similar messages are still judged as before.";

    private final FeedbackStore feedback;
    private final TenantModelStore models;
    private final LearningQueue queue;
    private final DetectionRepository detections;
    private final AccountRepository accounts;
    private final Clock clock;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public LearningService(FeedbackStore feedback, TenantModelStore models, LearningQueue queue,
                           DetectionRepository detections, AccountRepository accounts, Clock clock) {
        this.feedback = feedback;
        this.models = models;
        this.queue = queue;
        this.detections = detections;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Records "Not a threat" and missed-threat reports in the account's activity log. */
    public LearningService withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = java.util.Objects.requireNonNull(log, "log");
        return this;
    }

    /** "Not a threat" on a detection of the account: empty when the account has no such detection. */
    public Optional<Feedback> notAThreat(String accountId, String detectionId) {
        Optional<Detection> detection = detections.find(accountId, detectionId);
        if (detection.isEmpty()) {
            return Optional.empty();
        }
        if (detection.get().status() == DetectionStatus.REMOVED) {
            // Learnt as wanted yet left in quarantine would contradict itself; a release does both.
            throw new FeedbackRefusedException("in_quarantine", "This message is in quarantine. Release it to put it "
                    + "back in the mailbox: a release also tells Mailmoat the message is wanted.");
        }
        if (detection.get().status() == DetectionStatus.NOT_A_THREAT) {
            // Said before (a double click, a second tab): the verdict and the history already have it,
            // unless the learner gave up on it (then saying it again is how it is learnt anew).
            Optional<Feedback> earlier = feedback.find(accountId, detectionId).filter(f -> f.status() != FeedbackStatus.FAILED);
            if (earlier.isPresent()) {
                return earlier;
            }
        }
        String by = adminOf(accountId);
        Feedback recorded = record(detection.get(), FeedbackKind.NOT_A_THREAT, by, "");
        // The verdict first (it is what removals consult), then the detection, so a failure in between
        // leaves it waiting, and saying it again marks it.
        detections.markNotAThreat(accountId, detectionId, new DetectionEvent(FeedbackKind.NOT_A_THREAT.name(), "DONE",
                by, clock.instant(), "", null, ""));
        Detection marked = detection.get();
        activity.record(accountId, null, by, com.mailmoat.core.activity.ActivityKind.NOT_A_THREAT, "Marked the message from "
                + marked.sender() + " to " + marked.mailbox() + " as not a threat");
        return Optional.of(recorded);
    }

    /**
     * "Report a missed threat": the message with this Internet Message-ID (in {@code mailbox}, or
     * in any mailbox of the tenant when blank) is malicious. The learner finds it.
     *
     * @throws InvalidInputException when the id is missing or malformed
     */
    public Feedback reportMissed(String accountId, String internetMessageId, String mailbox) {
        String id = internetMessageId == null ? "" : internetMessageId.strip();
        if (id.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("internetMessageId", "is required")));
        }
        if (id.length() > MAX_MESSAGE_ID || !id.matches("<?[^<>\\s]+@[^<>\\s]+>?")) {
            throw new InvalidInputException(List.of(new FieldError("internetMessageId",
                    "must be an Internet Message-ID such as <id@host.example>")));
        }
        if (!id.startsWith("<")) {
            id = "<" + id + ">";
        }
        if (accounts.findById(accountId).filter(Account::isTenantLinked).isEmpty()) {
            throw new FeedbackRefusedException("not_connected", "Connect Microsoft 365 before reporting a missed "
                    + "threat: Mailmoat finds the message in your mailboxes.");
        }
        String box = mailbox == null ? "" : mailbox.strip();
        if (box.length() > 320) {
            throw new InvalidInputException(List.of(new FieldError("mailbox", "is longer than 320 characters")));
        }
        if (!box.isEmpty()) {
            // Only a mailbox address goes on: the learner quotes it back in its outcome and its log line.
            com.mailmoat.core.policy.AddressMatcher matcher;
            try {
                matcher = com.mailmoat.core.policy.AddressMatcher.parse(box, "mailbox");
            } catch (InvalidInputException e) {
                matcher = null;
            }
            if (matcher == null || matcher.kind() != com.mailmoat.core.policy.AddressMatcher.Kind.ADDRESS) {
                throw new InvalidInputException(List.of(new FieldError("mailbox",
                        "must be a mailbox address such as name@contoso.com")));
            }
            box = matcher.value();
        }
        Feedback proposed = new Feedback(accountId, Feedback.missedKey(id), "", box.isEmpty() ? "" : "address:" + box,
                "", id, FeedbackLabel.MALICIOUS, FeedbackStatus.PENDING, 1, 0, List.of());
        String by = adminOf(accountId);
        Feedback reported = recordAndQueue(proposed, new FeedbackEntry(FeedbackKind.REPORTED, by, clock.instant(), ""));
        activity.record(accountId, null, by, com.mailmoat.core.activity.ActivityKind.MISSED_THREAT_REPORTED, "Reported a missed threat: the message "
                + id + (box.isEmpty() ? " in any mailbox" : " in " + box));
        return reported;
    }

    /**
     * A detection was released (the remediation worker moved it back): the message is wanted. A message
     * carrying malware is recorded as released but not learnt ({@link FeedbackStatus#EXCLUDED}).
     */
    public void released(Detection detection, String by, String jobId) {
        record(detection, FeedbackKind.RELEASED, by, jobId);
    }

    /**
     * A detection was removed: only a message an administrator had called wanted is learnt again
     * (the opposite verdict wins); Mailmoat's own detections are not re-learnt on every removal.
     */
    public void removed(Detection detection, String by, String jobId) {
        Optional<Feedback> earlier = feedback.find(detection.accountId(), detection.detectionId());
        if (earlier.isPresent() && earlier.get().label() == FeedbackLabel.LEGITIMATE) {
            record(detection, FeedbackKind.REMOVED, by, jobId);
        }
    }

    private Feedback record(Detection detection, FeedbackKind kind, String by, String jobId) {
        // Wanting one malware message back (a user who insists) must not make similar malware score lower.
        boolean excluded = kind.label() == FeedbackLabel.LEGITIMATE && detection.carriesMalware();
        Feedback proposed = new Feedback(detection.accountId(), detection.detectionId(), detection.detectionId(),
                detection.mailboxId(), detection.messageId(), detection.internetMessageId(), kind.label(),
                excluded ? FeedbackStatus.EXCLUDED : FeedbackStatus.PENDING, 1, 0, List.of(), detection.subject(),
                excluded ? MALWARE_NOT_LEARNT : "");
        return recordAndQueue(proposed, new FeedbackEntry(kind, by, clock.instant(), jobId));
    }

    private Feedback recordAndQueue(Feedback proposed, FeedbackEntry entry) {
        FeedbackStore.Recorded recorded = feedback.record(proposed, entry);
        // A new verdict waits for the learner; one still pending after the same verdict again may have lost
        // its first queueing, so it is queued once more (the learner skips what it has learnt). An excluded
        // verdict never waits.
        if (recorded.feedback().status() == FeedbackStatus.PENDING) {
            queue.enqueue(new LearningWork(proposed.accountId(), proposed.key()));
        }
        return recorded.feedback();
    }

    private String adminOf(String accountId) {
        // The team member acting, else the owner.
        if (com.mailmoat.core.activity.Acting.member().isPresent()) {
            return com.mailmoat.core.activity.Acting.member().get();
        }
        return accounts.findById(accountId).map(Account::email).orElse("");
    }

    /**
     * What the console's Learning panel shows.
     *
     * @param pending     of the recent verdicts, those not learnt yet
     * @param pendingMore every recent verdict is still waiting, so older ones may be too (a removal of many
     *                    threats gives a verdict each): the panel says "at least"
     */
    public record Overview(long learnedFrom, long legitimate, long malicious, java.time.Instant updatedAt, long version,
                           long pending, boolean pendingMore, List<Feedback> recent) {
    }

    /**
     * The detections whose latest verdict from this account's administrator is "wanted mail", so
     * removing a scan's threats leaves them alone.
     */
    public Set<String> legitimateDetections(String accountId) {
        return feedback.legitimateDetections(accountId);
    }

    public Overview overview(String accountId) {
        Optional<StoredModel> model = models.load(accountId);
        List<Feedback> recent = feedback.recent(accountId, RECENT);
        long pending = recent.stream().filter(f -> f.status() == FeedbackStatus.PENDING).count();
        boolean more = recent.size() == RECENT && pending == RECENT;
        return model.map(m -> new Overview(m.learnedFrom(), m.legitimate(), m.malicious(), m.updatedAt(), m.version(),
                        pending, more, recent))
                .orElseGet(() -> new Overview(0, 0, 0, null, 0, pending, more, recent));
    }
}
