package com.mailmoat.testkit;

import com.mailmoat.core.twostep.TwoStepState;
import com.mailmoat.core.twostep.TwoStepStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Two-step sign-in states in memory, with the same version rule as the real store. */
public final class InMemoryTwoStep implements TwoStepStore {
    private final Map<String, TwoStepState> byAccount = new ConcurrentHashMap<>();

    @Override
    public Optional<TwoStepState> find(String accountId) {
        return Optional.ofNullable(byAccount.get(accountId));
    }

    @Override
    public synchronized Optional<TwoStepState> save(TwoStepState state) {
        long stored = byAccount.containsKey(state.accountId()) ? byAccount.get(state.accountId()).version() : 0;
        if (stored != state.version()) {
            return Optional.empty();
        }
        TwoStepState next = state.withVersion(state.version() + 1);
        byAccount.put(state.accountId(), next);
        return Optional.of(next);
    }
}
