package com.mailmoat.testkit;

import com.mailmoat.core.detection.SenderHistory;
import com.mailmoat.core.learning.Feedback;
import com.mailmoat.core.learning.FeedbackEntry;
import com.mailmoat.core.learning.FeedbackLabel;
import com.mailmoat.core.learning.FeedbackStatus;
import com.mailmoat.core.learning.FeedbackStore;
import com.mailmoat.core.learning.LearningQueue;
import com.mailmoat.core.learning.LearningWork;
import com.mailmoat.core.learning.StoredModel;
import com.mailmoat.core.learning.TenantModelStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Verdicts, learnt models, sender histories and the learning queue in memory, with the DynamoDB adapter's conditions. */
public final class InMemoryLearning implements FeedbackStore, TenantModelStore, LearningQueue, SenderHistory {
    private final Map<String, Feedback> feedback = new ConcurrentHashMap<>();
    private final Map<String, StoredModel> models = new ConcurrentHashMap<>();
    public final List<LearningWork> queued = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> senders = new ConcurrentHashMap<>();
    private final Map<String, Instant> activeAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> requeues = new ConcurrentHashMap<>();
    /** Saves refused (as if another learner had saved first) before the next one succeeds. */
    public volatile int conflictsToSimulate;

    private static String id(String accountId, String key) {
        return accountId + "/" + key;
    }

    @Override
    public Optional<Feedback> find(String accountId, String key) {
        return Optional.ofNullable(feedback.get(id(accountId, key)));
    }

    @Override
    public synchronized Recorded record(Feedback proposed, FeedbackEntry entry) {
        Recorded recorded = Recorded.of(feedback.get(id(proposed.accountId(), proposed.key())), proposed, entry,
                Integer.MAX_VALUE);
        Feedback next = recorded.feedback();
        feedback.put(id(next.accountId(), next.key()), next);
        // A fresh item in DynamoDB: the same or a new verdict starts the requeue count afresh.
        requeues.remove(id(next.accountId(), next.key()));
        return recorded;
    }

    @Override
    public synchronized boolean update(Feedback f) {
        Feedback c = feedback.get(id(f.accountId(), f.key()));
        if (c == null || c.sequence() != f.sequence()) {
            return false;
        }
        feedback.put(id(f.accountId(), f.key()), new Feedback(c.accountId(), c.key(), c.detectionId(), f.mailboxId(),
                f.messageId(), c.internetMessageId(), c.label(), f.status(), c.sequence(), f.learnedSequence(), c.history(),
                f.subject(), f.reason()));
        return true;
    }

    @Override
    public List<Feedback> recent(String accountId, int limit) {
        return feedback.values().stream().filter(f -> f.accountId().equals(accountId))
                .sorted(Comparator.comparing((Feedback f) -> f.latest().at()).reversed()).limit(limit).toList();
    }

    @Override
    public Set<String> legitimateDetections(String accountId) {
        return feedback.values().stream()
                .filter(f -> f.accountId().equals(accountId) && f.label() == FeedbackLabel.LEGITIMATE)
                .map(Feedback::detectionId).filter(id -> !id.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void takenUp(String accountId, String key, Instant at) {
        activeAt.put(id(accountId, key), at);
    }

    @Override
    public List<Stalled> stalled(Instant idleSince, int limit) {
        return feedback.values().stream()
                .filter(f -> f.status() == FeedbackStatus.PENDING && f.latest() != null)
                .filter(f -> active(f).isBefore(idleSince))
                .sorted(Comparator.comparing(this::active)).limit(limit)
                .map(f -> new Stalled(new LearningWork(f.accountId(), f.key()),
                        requeues.getOrDefault(id(f.accountId(), f.key()), 0))).toList();
    }

    @Override
    public void requeued(String accountId, String key, Instant at) {
        Feedback f = feedback.get(id(accountId, key));
        if (f != null && f.status() == FeedbackStatus.PENDING) {
            requeues.merge(id(accountId, key), 1, Integer::sum);
            activeAt.put(id(accountId, key), at);
        }
    }

    /** When the verdict was given or last taken up by a learner. */
    private Instant active(Feedback f) {
        Instant takenUp = activeAt.get(id(f.accountId(), f.key()));
        return takenUp != null && takenUp.isAfter(f.latest().at()) ? takenUp : f.latest().at();
    }

    @Override
    public Optional<StoredModel> load(String accountId) {
        return Optional.ofNullable(models.get(accountId));
    }

    @Override
    public OptionalLong version(String accountId) {
        StoredModel m = models.get(accountId);
        return m == null ? OptionalLong.empty() : OptionalLong.of(m.version());
    }

    @Override
    public synchronized boolean save(StoredModel model, long expectedVersion) {
        StoredModel c = models.get(model.accountId());
        if ((c == null ? 0 : c.version()) != expectedVersion) {
            return false;
        }
        if (conflictsToSimulate > 0) {
            conflictsToSimulate--;
            // Another learner saved first: its version is in the store now.
            models.put(model.accountId(), new StoredModel(model.accountId(), model.bytes(), expectedVersion + 1,
                    model.learnedFrom(), model.legitimate(), model.malicious(), model.updatedAt()));
            return false;
        }
        models.put(model.accountId(), model);
        return true;
    }

    @Override
    public void enqueue(LearningWork work) {
        queued.add(work);
    }

    /** The queued items, emptying the queue. */
    public List<LearningWork> drain() {
        List<LearningWork> out = List.copyOf(queued);
        queued.clear();
        return out;
    }

    @Override
    public Set<String> knownDomains(String accountId) {
        Set<String> known = senders.get(accountId);
        return known == null ? Set.of() : Set.copyOf(known);
    }

    @Override
    public void remember(String accountId, Collection<String> domains) {
        senders.computeIfAbsent(accountId, k -> ConcurrentHashMap.newKeySet()).addAll(domains);
    }
}
