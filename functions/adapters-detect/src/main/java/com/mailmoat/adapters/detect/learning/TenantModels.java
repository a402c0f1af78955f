package com.mailmoat.adapters.detect.learning;

import com.mailmoat.core.learning.StoredModel;
import com.mailmoat.core.learning.TenantModelStore;
import com.mailmoat.detect.model.DetectionModel;
import com.mailmoat.detect.model.ModelFormatException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan's and the real-time check's view of each account's learnt model: loaded through the
 * {@link TenantModelStore}, kept in a bounded cache (least recently used accounts go first), and
 * re-validated after a short while by reading only the stored version (a newer one is loaded).
 * No model, a model that cannot be read (corrupted, learnt over another base) or a store that
 * fails: null, and the engine judges by the rules alone; the problem is logged once per version.
 */
public final class TenantModels {
    private static final Logger LOG = LoggerFactory.getLogger(TenantModels.class);

    private record Entry(TenantModel model, long version, long checkedAt) {
    }

    private final TenantModelStore store;
    private final DetectionModel base;
    private final int maxAccounts;
    private final long revalidateNanos;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, Entry> cache;
    private final boolean baseApplies;

    public TenantModels(TenantModelStore store, DetectionModel base, int maxAccounts, Duration revalidateAfter,
                        LongSupplier nanoTime) {
        this.store = store;
        this.base = base;
        this.maxAccounts = maxAccounts;
        this.revalidateNanos = revalidateAfter.toNanos();
        this.nanoTime = nanoTime;
        this.baseApplies = base.size() > 0;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > TenantModels.this.maxAccounts;
            }
        };
    }

    /** Defaults: 256 accounts, re-validated after 5 seconds. */
    public TenantModels(TenantModelStore store, DetectionModel base) {
        this(store, base, 256, Duration.ofSeconds(5), System::nanoTime);
    }

    /** The base every tenant layer is learnt over. */
    public DetectionModel base() {
        return base;
    }

    /** The base model to apply to accounts without a model of their own: null when it is the empty one. */
    public DetectionModel operatorBase() {
        return baseApplies ? base : null;
    }

    /**
     * The base when the operator ships none: an empty model (it contributes nothing). Every function
     * builds the same one, so a layer learnt by the learner loads in the scan (same fingerprint).
     */
    public static DetectionModel emptyBase(com.mailmoat.detect.DetectionEngine engine) {
        return DetectionModel.empty(DetectionModel.DEFAULT_HASH_BITS, engine.rules().suspiciousAt(), "no base model");
    }

    /** The account's model, or null: rules (and the base model, if any) alone. Never throws. */
    public TenantModel forAccount(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            return null;
        }
        long now = nanoTime.getAsLong();
        Entry entry;
        synchronized (cache) {
            entry = cache.get(accountId);
        }
        if (entry != null && now - entry.checkedAt() < revalidateNanos) {
            return entry.model();
        }
        Entry fresh;
        try {
            fresh = refresh(accountId, entry, now);
        } catch (RuntimeException e) {
            LOG.warn("Account {}: its learnt model could not be read ({}); judging by the rules alone", accountId,
                    e.toString());
            fresh = new Entry(null, entry == null ? -1 : entry.version(), now);
        }
        synchronized (cache) {
            cache.put(accountId, fresh);
        }
        return fresh.model();
    }

    private Entry refresh(String accountId, Entry entry, long now) {
        if (entry != null) {
            OptionalLong version = store.version(accountId);
            if (version.isPresent() && version.getAsLong() == entry.version()) {
                return new Entry(entry.model(), entry.version(), now);
            }
            if (version.isEmpty() && entry.version() == 0) {
                return new Entry(null, 0, now);
            }
        }
        Optional<StoredModel> stored = store.load(accountId);
        if (stored.isEmpty()) {
            return new Entry(null, 0, now);
        }
        try {
            return new Entry(TenantModel.fromBytes(stored.get().bytes(), base), stored.get().version(), now);
        } catch (ModelFormatException e) {
            LOG.warn("Account {}: learnt model version {} is unreadable ({}); judging by the rules alone", accountId,
                    stored.get().version(), e.getMessage());
            return new Entry(null, stored.get().version(), now);
        }
    }
}
