package com.mailmoat.core.learning;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.MimeHeaders;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessageLookup;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.remediation.RemediationRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Teaches an account's model one message's latest verdict: reads the message once more (immutable
 * id; a reported message is first found by its Internet Message-ID), has the {@link ModelTrainer}
 * learn it, and saves the model with a conditional write (two learners of one account retry on the
 * newer version). The message's MIME is used in memory only, never stored or logged.
 */
public final class Learner {
    static final int SAVE_ATTEMPTS = 8;
    /** How long to wait after Microsoft was unavailable before learning the message again, unless configured. */
    public static final Duration UNAVAILABLE_WAIT = Duration.ofSeconds(5);
    /** Most mailboxes searched for a reported message named without its mailbox. */
    static final int MAX_MAILBOXES_SEARCHED = 500;

    /** What became of a work item. */
    public sealed interface Outcome {
        record Done(String note) implements Outcome {
        }

        record RetryAfter(Duration delay, String note) implements Outcome {
        }
    }

    private final FeedbackStore feedback;
    private final TenantModelStore models;
    private final ModelTrainer trainer;
    private final AccountRepository accounts;
    private final MailboxGateway mailboxes;
    private final MessageLookup lookup;
    private final TenantProfiles profiles;
    private final Clock clock;
    private final DetectionRepository detections;
    private final RemediationRequests removals;
    private final Duration unavailableWait;
    private final Executor searchers;

    public Learner(FeedbackStore feedback, TenantModelStore models, ModelTrainer trainer, AccountRepository accounts,
                   MailboxGateway mailboxes, MessageLookup lookup, TenantProfiles profiles, Clock clock) {
        this(feedback, models, trainer, accounts, mailboxes, lookup, profiles, clock, null, null, UNAVAILABLE_WAIT,
                Runnable::run);
    }

    private Learner(FeedbackStore feedback, TenantModelStore models, ModelTrainer trainer, AccountRepository accounts,
                    MailboxGateway mailboxes, MessageLookup lookup, TenantProfiles profiles, Clock clock,
                    DetectionRepository detections, RemediationRequests removals, Duration unavailableWait,
                    Executor searchers) {
        this.feedback = feedback;
        this.models = models;
        this.trainer = trainer;
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.lookup = lookup;
        this.profiles = profiles;
        this.clock = clock;
        this.detections = detections;
        this.removals = removals;
        this.unavailableWait = unavailableWait;
        this.searchers = searchers;
    }

    /**
     * Also quarantines each reported missed threat once it is found: it becomes a detection (source
     * {@code REPORTED}, shown on the Detections page) and a Remove job requested by whoever reported it.
     */
    public Learner withRemoval(DetectionRepository repository, RemediationRequests requests) {
        return new Learner(feedback, models, trainer, accounts, mailboxes, lookup, profiles, clock, repository, requests,
                unavailableWait, searchers);
    }

    /** The same learner, waiting {@code wait} (instead of {@link #UNAVAILABLE_WAIT}) after Microsoft was unavailable. */
    public Learner withUnavailableWait(Duration wait) {
        return new Learner(feedback, models, trainer, accounts, mailboxes, lookup, profiles, clock, detections, removals,
                MicrosoftUnavailableException.checkedWait(wait), searchers);
    }

    /**
     * The same learner, looking a reported Message-ID up in several mailboxes at once on {@code executor}
     * (by default one after another, on the calling thread).
     */
    public Learner withSearchers(Executor executor) {
        return new Learner(feedback, models, trainer, accounts, mailboxes, lookup, profiles, clock, detections, removals,
                unavailableWait, java.util.Objects.requireNonNull(executor, "executor"));
    }

    public Outcome process(LearningWork work) {
        Optional<Feedback> found = feedback.find(work.accountId(), work.key());
        if (found.isEmpty()) {
            return new Outcome.Done("no such feedback");
        }
        Feedback item = found.get();
        if (item.learnedSequence() >= item.sequence() && item.status() != FeedbackStatus.PENDING) {
            return new Outcome.Done("learnt before");
        }
        if (item.status() == FeedbackStatus.EXCLUDED) {
            return new Outcome.Done("not learnt: wanted mail carrying malware");
        }
        if (item.status() == FeedbackStatus.PENDING) {
            feedback.takenUp(work.accountId(), work.key(), clock.instant());
        }
        Optional<Account> account = accounts.findById(work.accountId());
        if (account.isEmpty() || account.get().tenantId() == null || account.get().tenantId().isBlank()) {
            return unavailable(item, "Microsoft 365 is not connected, so the message could not be read.");
        }
        String tenantId = account.get().tenantId();
        TenantSearch search = new TenantSearch(tenantId, item.internetMessageId());
        try {
            if (!item.located()) {
                Located located = locate(item, search);
                if (located.found() == null) {
                    return unavailable(item, located.notFound());
                }
                item = located.found();
            }
            byte[] mime;
            try {
                mime = mailboxes.fetchMime(tenantId, item.mailboxId(), item.messageId());
            } catch (MicrosoftNotFoundException e) {
                return unavailable(item, "The message is no longer in the mailbox.");
            }
            TenantProfile profile = profiles.of(account.get()).withAccount(account.get().accountId());
            String saved = learnAndSave(item, mime, profile);
            if (saved == null) {
                return new Outcome.RetryAfter(Duration.ofSeconds(1), "the model kept changing under us");
            }
            if (item.label() == FeedbackLabel.LEGITIMATE) {
                // Wanted mail: its sender is a correspondent from now on, not a first contact.
                MimeHeaders.addresses(mime, 1, "from").forEach(from -> profiles.rememberCorrespondent(profile, from));
            }
            // Removal is asked for before the feedback is marked learnt, so a crash in between is
            // retried (learning the same message again counts it once; the removal is asked once).
            String removal = item.detectionId().isEmpty() && item.label() == FeedbackLabel.MALICIOUS
                    ? quarantine(account.get(), item, search) : "";
            feedback.update(item.withStatus(FeedbackStatus.LEARNED, item.sequence()));
            return new Outcome.Done("learnt " + item.label() + " (" + saved + ")" + removal);
        } catch (MicrosoftThrottledException e) {
            return new Outcome.RetryAfter(e.retryAfter(), "Microsoft asked to wait");
        } catch (MicrosoftUnavailableException e) {
            return new Outcome.RetryAfter(unavailableWait, "Microsoft is unavailable");
        }
    }

    private String learnAndSave(Feedback item, byte[] mime, TenantProfile profile) {
        for (int attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
            Optional<StoredModel> stored = models.load(item.accountId());
            long expected = stored.map(StoredModel::version).orElse(0L);
            ModelTrainer.Trained trained = trainer.learn(stored.map(StoredModel::bytes).orElse(null), mime, profile,
                    item.key(), item.latest() == null ? kindOf(item.label()) : item.latest().kind());
            StoredModel next = new StoredModel(item.accountId(), trained.bytes(), expected + 1, trained.learnedFrom(),
                    trained.legitimate(), trained.malicious(), clock.instant());
            if (models.save(next, expected)) {
                return "model version " + next.version() + ", " + next.learnedFrom() + " verdicts";
            }
        }
        return null;
    }

    /**
     * A reported message becomes a detection, removed to quarantine on the reporter's behalf, and so
     * do its other copies received in the organisation (the same Internet Message-ID; not a sender's own
     * copy, nor one a scan already flagged, which the administrator decides on in Detections). Every
     * step is idempotent (detections are keyed by mailbox and message, the removal job by the
     * detections), so a retry after a crash between them still removes each copy once.
     */
    private String quarantine(Account account, Feedback item, TenantSearch search) {
        if (detections == null || removals == null) {
            return "";
        }
        Set<String> toRemove = new TreeSet<>();
        String note = "";
        boolean reportedSearched = false;
        for (Copy copy : search.everyCopy()) {
            boolean reportedOne = copy.mailbox().id().equals(item.mailboxId()) && copy.message().id().equals(item.messageId());
            reportedSearched |= reportedOne;
            String address = addressOf(copy.mailbox());
            if (reportedOne || !address.equalsIgnoreCase(copy.message().fromAddress())) {
                reportedCopy(item, copy.mailbox().id(), address, copy.message()).ifPresent(toRemove::add);
            }
        }
        if (!reportedSearched) {
            // Beyond the mailboxes searched (named by the reporter), or gone since: read it by its id.
            Optional<MessageLookup.Found> reported = lookup.find(account.tenantId(), item.mailboxId(), item.messageId());
            if (reported.isEmpty()) {
                note = "; the message is gone";
            } else {
                String address = search.mailboxes().stream().filter(m -> m.id().equals(item.mailboxId()))
                        .map(Learner::addressOf).findFirst().orElse("");
                reportedCopy(item, item.mailboxId(), address, reported.get().summary()).ifPresent(toRemove::add);
            }
        }
        if (toRemove.isEmpty()) {
            return note + "; nothing to remove (gone, or flagged by a scan already)";
        }
        String reporter = item.latest() == null ? "" : item.latest().by();
        RemediationRequests.Result result = removals.requestOnce(item.accountId(), List.copyOf(toRemove),
                reporter.isEmpty() ? java.util.Objects.requireNonNullElse(account.email(), "") : reporter);
        return note + "; removal of " + toRemove.size() + " " + result.getClass().getSimpleName();
    }

    /** The reported detection of one copy, created once; empty when a scan flagged that copy already. */
    private Optional<String> reportedCopy(Feedback item, String mailboxId, String address, MessageSummary message) {
        String detectionId = Detection.idFor(mailboxId, message.id());
        Optional<Detection> existing = detections.find(item.accountId(), detectionId);
        if (existing.isPresent()) {
            return existing.get().source() == DetectionSource.REPORTED ? Optional.of(detectionId) : Optional.empty();
        }
        String by = item.latest() == null ? "" : item.latest().by();
        detections.putIfAbsent(new Detection(item.accountId(), detectionId, null, DetectionSource.REPORTED, mailboxId, address,
                message.id(), item.internetMessageId(), message.fromAddress(), message.fromName(), message.subject(),
                message.receivedDateTime(), message.parentFolderId(), ThreatLevel.MALICIOUS, 0,
                Set.of(), List.of(new Evidence("learning", "REPORTED_MISSED",
                        "Reported as a missed threat by your organisation", by, 0)),
                DetectionStatus.DETECTED, clock.instant()));
        return Optional.of(detectionId);
    }

    private static FeedbackKind kindOf(FeedbackLabel label) {
        return label == FeedbackLabel.MALICIOUS ? FeedbackKind.REPORTED : FeedbackKind.NOT_A_THREAT;
    }

    /** A reported message found in a mailbox, or why not (in the administrator's words). */
    private record Located(Feedback found, String notFound) {
    }

    /** A message with the reported Message-ID, and the mailbox it is in. */
    private record Copy(Mailbox mailbox, MessageSummary message) {
    }

    private static String addressOf(Mailbox mailbox) {
        return mailbox.mail() == null || mailbox.mail().isBlank() ? mailbox.userPrincipalName() : mailbox.mail();
    }

    /**
     * One attempt's view of the tenant for a reported Message-ID: the mailboxes listed once, and the
     * first {@value #MAX_MAILBOXES_SEARCHED} searched once (several side by side: one learner must
     * search a large tenant within its time limit), for finding the message and then its copies.
     */
    private final class TenantSearch {
        private final String tenantId;
        private final String internetMessageId;
        private List<Mailbox> mailboxes;
        private List<Copy> everyCopy;

        TenantSearch(String tenantId, String internetMessageId) {
            this.tenantId = tenantId;
            this.internetMessageId = internetMessageId;
        }

        List<Mailbox> mailboxes() {
            if (mailboxes == null) {
                mailboxes = Learner.this.mailboxes.listMailboxes(tenantId);
            }
            return mailboxes;
        }

        boolean searchesEveryMailbox() {
            return mailboxes().size() <= MAX_MAILBOXES_SEARCHED;
        }

        List<Copy> everyCopy() {
            if (everyCopy == null) {
                everyCopy = copiesIn(mailboxes().subList(0, Math.min(mailboxes().size(), MAX_MAILBOXES_SEARCHED)));
            }
            return everyCopy;
        }

        /** The copies in these mailboxes, in their order. */
        List<Copy> copiesIn(List<Mailbox> boxes) {
            List<CompletableFuture<List<Copy>>> lookups = boxes.stream().map(box -> CompletableFuture.supplyAsync(() -> {
                try {
                    return lookup.findByInternetMessageId(tenantId, box.id(), internetMessageId).stream()
                            .map(message -> new Copy(box, message)).toList();
                } catch (MicrosoftNotFoundException e) {
                    return List.<Copy>of(); // a user without a mailbox
                }
            }, searchers)).toList();
            List<Copy> copies = new ArrayList<>();
            for (CompletableFuture<List<Copy>> found : lookups) {
                try {
                    copies.addAll(found.join());
                } catch (CompletionException e) {
                    // Throttled or unavailable: the learner waits and tries again.
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            return copies;
        }
    }

    private Located locate(Feedback item, TenantSearch search) {
        String wanted = item.mailboxId().startsWith("address:") ? item.mailboxId().substring(8).toLowerCase(Locale.ROOT) : "";
        List<Copy> copies;
        if (wanted.isEmpty()) {
            copies = search.everyCopy();
        } else {
            List<Mailbox> named = search.mailboxes().stream().filter(m -> wanted.equalsIgnoreCase(m.mail())
                    || wanted.equalsIgnoreCase(m.userPrincipalName())).toList();
            if (named.isEmpty()) {
                return new Located(null, "Your organisation has no mailbox " + wanted + ".");
            }
            copies = search.copiesIn(named);
        }
        if (!copies.isEmpty()) {
            Copy first = copies.get(0);
            Feedback located = item.located(first.mailbox().id(), first.message().id(), first.message().subject());
            feedback.update(located);
            return new Located(located, "");
        }
        if (!wanted.isEmpty()) {
            return new Located(null, "The mailbox " + wanted + " has no message with this Message-ID.");
        }
        return new Located(null, search.searchesEveryMailbox() ? "No mailbox has a message with this Message-ID."
                : "None of the first " + MAX_MAILBOXES_SEARCHED + " of your organisation's " + search.mailboxes().size()
                + " mailboxes has a message with this Message-ID. Give the recipient's address to search their mailbox.");
    }

    /** @param why in the administrator's words: the console shows it beside the verdict */
    private Outcome unavailable(Feedback item, String why) {
        feedback.update(item.notLearnt(FeedbackStatus.UNAVAILABLE, why));
        return new Outcome.Done("nothing learnt: " + why);
    }
}
